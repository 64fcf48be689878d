"""pandas versions of Habitory's table-shaped code, for bench_tables.py to measure.

Each function does what the named function of the app does, with a DataFrame where a table is
the natural shape, and must give the same output byte for byte (bench_tables.py checks it
before timing). The app keeps its own version wherever this one is slower: see
benchmarks/README.md, "pandas: where it is used and why".
"""

from __future__ import annotations

import csv
import io
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from itertools import islice

import numpy as np
import pandas as pd

from habitory.ml.dataset import Table
from habitory.portability.checkins_csv import CHUNK, HEADER, _amount, _cell
from habitory.portability.formats import ExportSource, ImportedHabit, history_of
from habitory.portability.loop import flatten_entry_cells, raw_value
from habitory.portability.loop_csv import _HABIT_DIR
from habitory.portability.loop_export import (
    CHUNK as ZIP_CHUNK,
)
from habitory.portability.loop_export import (
    SPOOL_BYTES,
    _Dates,
    _habits_csv,
    _oldest,
    _write,
    computed_entries,
    csv_cell,
    folder_name,
    formatted,
    loop_scores,
    original_entries,
)
from habitory.portability.loop_tables import Meta, match_header, parse_dates
from habitory.stats.strength import strength_series
from habitory.stats.tables import DayMatrix, MonthStat, WeekStat

# --- checkins.csv (habitory/portability/checkins_csv.py) -------------------------------------


def export_checkins_csv(source: ExportSource) -> Iterator[str]:
    """export_checkins_csv with DataFrame.to_csv, one frame per CHUNK rows (still streamed)."""
    names = np.array([_cell(h.name) for h in source.habits], dtype=object)
    yield ",".join(HEADER) + "\r\n"
    rows = iter(source.by_day())
    while chunk := list(islice(rows, CHUNK)):
        index, checkins = zip(*chunk, strict=True)
        frame = pd.DataFrame({
            "date": [c.day.isoformat() for c in checkins],
            "habit": names[list(index)],
            "state": [c.state for c in checkins],
            "amount": [_amount(c.amount) for c in checkins],
            "note": [_cell(c.note) for c in checkins],
        })
        yield frame.to_csv(header=False, index=False, lineterminator="\r\n")


# --- Loop CSV export (habitory/portability/loop_export.py) -----------------------------------


def _table_csv(header: str, dates: Sequence[str], columns: Sequence[Sequence[str]]) -> str:
    """A top-level file: Loop's unquoted header, then a row per day ending with a comma."""
    frame = pd.DataFrame({i: column for i, column in enumerate(columns)}, index=list(dates))
    frame[len(columns)] = ""  # the trailing comma
    return header + frame.to_csv(header=False, lineterminator="\n")


def export_loop_zip(source: ExportSource, today: date, tmp_dir: str | None = None,
                    now: datetime | None = None) -> Iterator[bytes]:
    """export_loop_zip with DataFrames for the tables: Scores.csv files and the top-level ones.

    A habit's Checkmarks.csv keeps the app's code: its notes are quoted the opencsv way
    (csv_cell), which Python's csv module does not reproduce for a note holding a bare CR.
    """
    stamp = (now or datetime.now()).timetuple()[:6]
    oldest = _oldest(source)
    iso = _Dates()
    span = [today - timedelta(days=i) for i in range((today - oldest).days + 1)] if oldest else []
    span_text = [iso(day) for day in span]
    top_checks: list[list[str]] = []
    top_scores: list[list[str]] = []
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, dir=tmp_dir)  # noqa: SIM115
    with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
        _write(archive, "Habits.csv", [_habits_csv(source.habits)], stamp)
        for position, (habit, checkins) in enumerate(source.grouped(), start=1):
            habit = replace(habit, checkins=checkins)
            history = history_of(habit, today)
            num, den = history.schedule.loop_frequency
            computed = computed_entries(habit, original_entries(habit, checkins, today), num, den)
            folder = folder_name(position, habit.name)
            start = min(computed, default=today)
            first = min(start, oldest) if oldest else start
            texts = loop_scores([s for _, s in strength_series(history, first, today)])
            own = texts[max((start - first).days, 0):]
            scores = pd.DataFrame({
                "Date": [iso(today - timedelta(days=i)) for i in range(len(own))],
                "Score": own[::-1],
            })
            _write(archive, folder + "Scores.csv",
                   [scores.to_csv(index=False, lineterminator="\n")], stamp)
            values = {day: formatted(raw) for day, (raw, _) in computed.items()}
            _write(archive, folder + "Checkmarks.csv", ["Date,Value,Notes\n"] + [
                f"{iso(day)},{values[day]},{csv_cell(note)}\n"
                for day, (_, note) in sorted(computed.items(), reverse=True)], stamp)
            top_checks.append([values.get(day, "UNKNOWN") for day in span])
            top_scores.append(texts[::-1][:len(span)])
        header = "Date," + "".join(h.name + "," for h in source.habits) + "\n"
        for name, columns in (("Scores.csv", top_scores), ("Checkmarks.csv", top_checks)):
            _write(archive, name, [_table_csv(header, span_text, columns)], stamp)
    spool.seek(0)
    try:
        while chunk := spool.read(ZIP_CHUNK):
            yield chunk
    finally:
        spool.close()


# --- Loop CSV import (habitory/portability/loop_tables.py, loop_csv.py) ----------------------


def _read(text: str, width: int, quoting: int = csv.QUOTE_MINIMAL) -> pd.DataFrame:
    """Cells as str, "" for a missing one, never NaN."""
    return pd.read_csv(io.StringIO(text), header=None, names=range(width), dtype=str,
                       keep_default_na=False, quoting=quoting, index_col=False)


def table(text: str, name: str, metas: list, warnings: list[str], create: bool):
    """loop_tables.table with read_csv for the cells; the header is matched as before."""
    lines = [flatten_entry_cells(line) for line in text.splitlines() if line.strip()]
    if not lines:
        return [], {}
    columns = match_header(lines[0], [m.habit.name for m in metas])
    if columns is None:  # loop_tables.table's own fallback, unchanged
        titles = next(csv.reader([lines[0]]))[1:]
        if titles and not titles[-1].strip():
            titles.pop()
        keys = {m.habit.name.strip().casefold(): i for i, m in enumerate(metas)}
        columns = []
        for title in titles:
            if title.strip().casefold() not in keys:
                if not create:
                    warnings.append(f"The column “{title}” of {name} matches no habit in "
                                    "Habits.csv and was left out.")
                    columns.append(-1)
                    continue
                number = len(metas) + 1
                metas.append(Meta(number, ImportedHabit(title, position=number)))
                keys[title.strip().casefold()] = len(metas) - 1
            columns.append(keys[title.strip().casefold()])
    width = max((line.count(",") for line in lines[1:]), default=0) + 1
    if len(lines) > 1:  # Loop splits on every comma: no quoting
        frame = _read("\n".join(lines[1:]), width, csv.QUOTE_NONE)
    else:
        frame = pd.DataFrame({k: [] for k in range(width)})
    dates = parse_dates(frame[0].tolist(), name, warnings)
    empty = [""] * len(frame)
    cells = {j: frame[k + 1].tolist() if k + 1 < width else empty
             for k, j in enumerate(columns) if j >= 0}
    return dates, cells


def own_files(files, metas, warnings, export) -> None:
    """loop_csv._own_files with read_csv for each habit's Checkmarks.csv and Scores.csv."""
    by_number = {m.number: m for m in metas}
    for path in sorted(files):
        match = _HABIT_DIR.match(path)
        if not match or int(match.group(1)) not in by_number:
            continue
        meta = by_number[int(match.group(1))]
        text = flatten_entry_cells(export.text(path) or "")
        frame = _read(text, 3) if text.strip() else pd.DataFrame({0: [], 1: [], 2: []})
        frame = frame[frame[0].str.strip() != ""]
        if len(frame) and frame[0].iloc[0].strip() == "Date":
            frame = frame.iloc[1:]
        day, value, note = (frame[k].tolist() for k in range(3))
        dates = parse_dates(day, path, warnings)
        if match.group(3) == "Scores":
            meta.scores = {d: float(v) for d, v in zip(dates, value, strict=True)
                           if _is_number(v)}
            continue
        entries = []
        for d, cell, text in zip(dates, value, note, strict=True):
            raw = raw_value(cell)
            if raw is not None:
                entries.append((d, raw, text))
        meta.entries = entries
        meta.own = True


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


# --- Insights tables (habitory/stats/rates.py) -----------------------------------------------


def _frame(matrix: DayMatrix, flags: str, start: date, today: date) -> pd.DataFrame:
    """Days as rows (a DatetimeIndex), the matrix's rows (habits, then pooled) as columns."""
    values = matrix.columns(flags, start.toordinal(), today.toordinal())
    return pd.DataFrame(values.T, index=pd.date_range(start, today, freq="D"))


def monthly_stats(matrix: DayMatrix, today: date, months: int = 12) -> list[list[MonthStat]]:
    """rates.monthly_stats with resample("MS")."""
    count = today.year * 12 + today.month - 1 - (months - 1)
    first = date(count // 12, count % 12 + 1, 1)
    sums = [_frame(matrix, name, first, today).resample("MS").sum()
            for name in ("completed", "success", "due")]
    firsts = [stamp.date() for stamp in sums[0].index]
    return [[MonthStat(*month) for month in zip(firsts, *(s[row].tolist() for s in sums),
                                                 strict=True)]
            for row in sums[0].columns]


def iso_week_stats(matrix: DayMatrix, today: date, weeks: int = 26) -> list[list[WeekStat]]:
    """rates.iso_week_stats with resample("W-MON") on weeks that start on Monday."""
    monday = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    sums = [_frame(matrix, name, monday, today).resample("W-MON", label="left", closed="left")
            .sum() for name in ("success", "due")]
    mondays = [stamp.date() for stamp in sums[0].index]
    return [[WeekStat(*week) for week in zip(mondays, *(s[row].tolist() for s in sums),
                                              strict=True)]
            for row in sums[0].columns]


def weekday_counts(matrix: DayMatrix, start: date, today: date) -> tuple[np.ndarray, np.ndarray]:
    """rates.weekday_counts with groupby(dayofweek)."""
    out = []
    for name in ("success", "due"):
        frame = _frame(matrix, name, start, today)
        sums = frame.groupby(frame.index.day_of_week).sum().reindex(range(7), fill_value=0)
        out.append(sums.to_numpy().T)
    return out[0], out[1]


# --- The ML training frame (habitory/ml/dataset.py) ------------------------------------------


class FrameTable(Table):
    """dataset.Table held as a DataFrame: the same interface, pandas underneath."""

    def __init__(self, columns) -> None:
        frame = columns if isinstance(columns, pd.DataFrame) else pd.DataFrame(columns)
        object.__setattr__(self, "data", frame)

    @property
    def columns(self) -> dict[str, np.ndarray]:  # type: ignore[override]
        return {name: self.data[name].to_numpy() for name in self.data.columns}

    def __len__(self) -> int:
        return len(self.data)

    def __getitem__(self, name: str) -> np.ndarray:
        return self.data[name].to_numpy()

    def take(self, index) -> FrameTable:
        return FrameTable(self.data.iloc[index].reset_index(drop=True))

    def matrix(self, names: Sequence[str]) -> np.ndarray:
        return self.data[list(names)].to_numpy(np.float64)

    def frame(self) -> pd.DataFrame:
        return self.data

"""Export in Loop Habit Tracker v2.3.1's CSV layout (HabitsCSVExporter), column for column.

The zip holds Habits.csv; per habit a folder "NNN Name/" with Checkmarks.csv (Loop's computed
entries, automatic checkmarks included, newest first, with notes) and Scores.csv (the strength
score to 4 decimals, from the habit's oldest entry to today); and top-level Checkmarks.csv and
Scores.csv with a column per habit from the oldest entry of any habit to today. Like Loop, the
top-level files end every line with a comma; unlike Loop, their header quotes a name as RFC 4180
does ("Coffee, cups" stays one column for every CSV reader). The description goes in the
Question column (an import from Loop puts the question in the description). A quit habit
becomes a yes/no habit done every day since its creation except the slips, which is how its
strength is computed. Loop stores only a measurable day's amount (its state follows from the
target); a miss without an amount is listed as UNKNOWN in the habit's own Checkmarks.csv
(Loop lists only known values there), so Habitory reads it back as that miss. The zip is built
in a spooled temporary file and then streamed in chunks.
"""

from __future__ import annotations

import csv
import io
import math
import re
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from habitory.portability.formats import (
    EPOCH,
    ExportSource,
    ImportedCheckIn,
    ImportedHabit,
    history_of,
)
from habitory.portability.loop import (
    DEFAULT_LOOP_COLOUR,
    NO,
    PALETTE,
    SKIP,
    TO_LOOP,
    UNKNOWN,
    VALUE_NAMES,
    YES_AUTO,
    YES_MANUAL,
)
from habitory.stats.schedule import Entry, HabitHistory, Schedule, loop_raw
from habitory.stats.statuses import auto_days, day_range
from habitory.stats.strength import strength_series

HABITS_HEADER = ("Position", "Name", "Type", "Question", "Description", "FrequencyNumerator",
                 "FrequencyDenominator", "Color", "Unit", "Target Type", "Target Value",
                 "Archived?")
SPOOL_BYTES = 8 * 1024 * 1024
CHUNK = 64 * 1024
_FOUR = Decimal("0.0001")


def loop_score(value: float) -> str:
    """Java's String.format("%.4f"): half-up on the shortest decimal form of the double."""
    text = repr(value)
    if "." in text and "e" not in text:
        decimals = text.split(".")[1]
        if len(decimals) == 5 and decimals.endswith("5"):  # a tie Python would round to even
            return str(Decimal(text).quantize(_FOUR, rounding=ROUND_HALF_UP))
    return f"{value:.4f}"


def java_double(value: float) -> str:
    """Kotlin's Double.toString for the target: 8.0, 0.25, 1.0E7 (NaN, Infinity)."""
    if not math.isfinite(value):
        return "NaN" if value != value else ("Infinity" if value > 0 else "-Infinity")
    if value != 0 and not 1e-3 <= abs(value) < 1e7:
        mantissa, exponent = f"{value:.16e}".split("e")
        digits = repr(float(Decimal(mantissa).normalize()))
        return f"{digits}E{int(exponent)}"
    return repr(float(value))


def formatted(raw: int) -> str:
    """Loop's Entry.formattedValue: the name of -1..3, else the number."""
    return VALUE_NAMES.get(raw, str(raw))


def folder_name(position: int, name: str) -> str:
    """Loop's per-habit folder: "%03d " + the name without unusual characters, trimmed."""
    sane = re.sub(r"[^ a-zA-Z0-9._-]+", "", name)[:100]
    return f"{position:03d} {sane}".strip() + "/"


def original_entries(habit: ImportedHabit, checkins: list[ImportedCheckIn],
                     today: date) -> dict[date, tuple[int, str]]:
    """Loop's original entries: raw value and note per day (also the backup's Repetitions)."""
    found: dict[date, tuple[int, str]] = {}
    for c in checkins:
        if c.state == "skipped":
            raw = SKIP
        elif habit.kind == "measurable":
            missed = c.amount is None and c.state == "not_done"
            raw = UNKNOWN if missed else loop_raw(c.amount)
        else:
            raw = YES_MANUAL if c.state == "done" else NO
        found[c.day] = (raw, c.note or "")
    if habit.kind == "quit" and habit.created_on:
        for day in day_range(habit.created_on, today):
            found.setdefault(day, (YES_MANUAL, ""))
    return found


def computed_entries(habit: ImportedHabit, originals: dict[date, tuple[int, str]],
                     num: int, den: int) -> dict[date, tuple[int, str]]:
    """Loop's EntryList.recomputeFrom: originals plus YES_AUTO over the covered intervals."""
    if habit.kind == "measurable":
        return dict(originals)
    done = Entry("done")
    checks = {d: done for d, (raw, _) in originals.items() if raw == YES_MANUAL}
    probe = HabitHistory(EPOCH, checks, Schedule(num, den))  # intervals need only the checks
    result = {date.fromordinal(o): (YES_AUTO, "") for o in auto_days(probe)}
    for day, (raw, note) in originals.items():
        if day not in result or raw in (SKIP, YES_MANUAL):
            result[day] = (raw, note)
        else:  # a NO inside a covered interval shows as YES_AUTO, keeping its note
            result[day] = (YES_AUTO, note)
    return result


def _habits_csv(habits: list[ImportedHabit]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HABITS_HEADER)
    for position, habit in enumerate(habits, start=1):
        num, den = history_of(habit).schedule.loop_frequency
        numerical = habit.kind == "measurable"
        colour = PALETTE[TO_LOOP.get(habit.colour or "", DEFAULT_LOOP_COLOUR)]
        writer.writerow((
            f"{position:03d}", habit.name, "NUMERICAL" if numerical else "YES_NO",
            habit.description or "", "", num, den, colour,
            (habit.unit or "") if numerical else "",
            ("AT_MOST" if habit.direction == "at_most" else "AT_LEAST") if numerical else "",
            java_double(habit.target or 0.0) if numerical else "",
            "true" if habit.archived else "false",
        ))
    return out.getvalue()


def _write(archive: zipfile.ZipFile, name: str, lines, stamp: tuple) -> None:
    """One member, written as it is produced."""
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(info, "w") as member:
        batch = []
        for line in lines:
            batch.append(line)
            if len(batch) >= 2000:
                member.write("".join(batch).encode())
                batch.clear()
        member.write("".join(batch).encode())


def csv_cell(text: str) -> str:
    """A cell as opencsv writes it: quoted only if it holds a quote, comma or line break."""
    if not text:
        return ""
    if '"' in text or "," in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_line(cells: list[str]) -> str:
    """One line of RFC 4180 CSV: a cell quoted only if it holds a comma, quote or newline."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(cells)
    return out.getvalue()


def loop_scores(values: list[float]) -> list[str]:
    """loop_score for a whole series: fast formatting, the slow path only for possible ties."""
    found = [f"{v:.4f}" for v in values]
    scaled = np.asarray(values, dtype=np.float64) * 1e5
    nearest = np.rint(scaled)
    for i in np.nonzero((np.abs(scaled - nearest) < 1e-6) & (nearest % 10 == 5))[0]:
        found[i] = loop_score(values[i])
    return found


def _oldest(source: ExportSource) -> date | None:
    """Loop's getTimeframe: the oldest original entry of any habit."""
    days = [source.first_day] if source.first_day else []
    days += [h.created_on for h in source.habits if h.kind == "quit" and h.created_on]
    return min(days) if days else None


class _Dates:
    """ISO strings of dates, each computed once (a 5-year export writes each day ~60 times)."""

    def __init__(self) -> None:
        self.cache: dict[date, str] = {}

    def __call__(self, day: date) -> str:
        text = self.cache.get(day)
        if text is None:
            text = self.cache[day] = day.isoformat()
        return text


def export_loop_zip(source: ExportSource, today: date, tmp_dir: str | None = None,
                    now: datetime | None = None) -> Iterator[bytes]:
    """The zip as bytes chunks; built member by member in a spooled temporary file first."""
    stamp = (now or datetime.now()).timetuple()[:6]
    oldest = _oldest(source)
    iso = _Dates()
    span = [today - timedelta(days=i) for i in range((today - oldest).days + 1)] if oldest else []
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
            # One series from the earlier of this habit's and the export's first day: the
            # habit's own file starts at its first day, the top-level file at the export's.
            texts = loop_scores([s for _, s in strength_series(history, first, today)])
            own = texts[max((start - first).days, 0):]
            _write(archive, folder + "Scores.csv", ["Date,Score\n"] + [
                f"{iso(today - timedelta(days=i))},{text}\n"
                for i, text in enumerate(reversed(own))], stamp)
            values = {day: formatted(raw) for day, (raw, _) in computed.items()}
            _write(archive, folder + "Checkmarks.csv", ["Date,Value,Notes\n"] + [
                f"{iso(day)},{values[day]},{csv_cell(note)}\n"
                for day, (_, note) in sorted(computed.items(), reverse=True)], stamp)
            top_checks.append([values.get(day, "UNKNOWN") for day in span])
            top_scores.append(texts[::-1][:len(span)])
        header = csv_line(["Date", *(h.name for h in source.habits), ""])
        for name, columns in (("Scores.csv", top_scores), ("Checkmarks.csv", top_checks)):
            rows = (iso(day) + "," + "".join(col[i] + "," for col in columns) + "\n"
                    for i, day in enumerate(span))
            _write(archive, name, [header, *rows], stamp)
    spool.seek(0)
    try:
        while chunk := spool.read(CHUNK):
            yield chunk
    finally:
        spool.close()

"""The CSV files of a Loop export: Habits.csv, and the tables with a column per habit.

Loop writes the top-level Checkmarks.csv and Scores.csv with a header of unquoted habit names
(a name with a comma splits in two; Habitory's own export quotes them, and both are read),
and Loop 2.0 wrote their cells as `Entry(timestamp=..., value=N)`; dates are YYYY-MM-DD unless
a spreadsheet re-saved them.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache

from habitory.domain.days import iso_day
from habitory.stats.phrases import N_

from .formats import BadImportFile, ImportedHabit
from .loop import colour_from_hex, flatten_entry_cells, frequency, frequency_warning

_DATE_FORMATS = ("%m-%d-%y", "%d-%m-%y", "%m/%d/%Y", "%d/%m/%Y", "%m/%d/%y", "%d/%m/%y",
                 "%d.%m.%Y", "%Y/%m/%d")


@dataclass
class Meta:
    """One habit as Habits.csv (or a column header) describes it."""

    number: int
    habit: ImportedHabit
    entries: list[tuple[date, int, str]] = field(default_factory=list)
    scores: dict[date, float] | None = None
    own: bool = False  # entries came from the habit's own Checkmarks.csv
    listed_unknown: set[date] = field(default_factory=set)  # UNKNOWN rows of that file


def parse_dates(cells: list[str], where: str, warnings: list[str]) -> list[date]:
    """Loop writes YYYY-MM-DD; a spreadsheet may have re-saved another form. Find which."""
    try:
        return [iso_day(c.strip()) for c in cells]
    except ValueError:
        pass
    fits = []
    for fmt in _DATE_FORMATS:
        try:
            days = [datetime.strptime(c.strip(), fmt).date() for c in cells]
        except ValueError:
            continue
        steps = {(a - b).days for a, b in zip(days, days[1:], strict=False)}
        fits.append((not steps <= {1}, not all(s > 0 for s in steps), fmt, days))
    if not fits:
        bad = next((c for c in cells if not re.fullmatch(r"\d{4}-\d\d-\d\d", c.strip())), "")
        raise BadImportFile(N_("%(where)s has a date Habitory cannot read (“%(bad)s”); Loop "
                               "writes dates as YYYY-MM-DD.", where=where, bad=bad[:20]))
    fits.sort()  # consecutive days (a top-level file), then newest first, then the usual forms
    shown = fits[0][2].replace("%y", "YY").replace("%Y", "YYYY").replace("%m", "MM")
    warnings.append(N_("Dates in %(where)s are not in Loop's form; they were read as "
                       "%(shown)s.", where=where, shown=shown.replace('%d', 'DD')))
    return fits[0][3]


def habits_csv(text: str, warnings: list[str]) -> tuple[list[Meta], bool]:
    """Habits and whether the layout (v2.3.1) says each one's type."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise BadImportFile(N_("Habits.csv in this zip is empty."))
    header = [h.strip().lower() for h in rows[0]]
    if "name" not in header:
        raise BadImportFile(N_("Habits.csv in this zip is not in a layout Loop has written "
                               "(its first line should start with Position,Name)."))
    typed = "type" in header
    metas, odd = [], []
    for index, row in enumerate(rows[1:], start=1):
        if not any(cell.strip() for cell in row):
            continue
        cell = dict(zip(header, row, strict=False))

        def number(key: str, default: int, cell=cell) -> int:
            try:
                return int(float(cell.get(key, "")))
            except (ValueError, OverflowError):  # not a number, or inf
                return default

        num, den = frequency(number("frequencynumerator", number("numrepetitions", 1)),
                             number("frequencydenominator", number("interval", 1)),
                             cell.get("name", ""), odd)
        numerical = cell.get("type", "").strip().upper() in ("NUMERICAL", "1")
        try:
            target = float(cell.get("target value", "")) if numerical else None
        except ValueError:
            target = None
        parts = (cell.get("question", "").strip(), cell.get("description", "").strip())
        habit = ImportedHabit(
            name=cell.get("name", ""),
            kind="measurable" if numerical else "yes_no",
            freq_num=num,
            freq_den=den,
            unit=cell.get("unit", "").strip() or None if numerical else None,
            target=target,
            direction="at_most" if cell.get("target type", "").strip().upper() == "AT_MOST"
            else "at_least",
            colour=colour_from_hex(cell.get("color")),
            description="\n".join(p for p in parts if p) or None,
            archived=cell.get("archived?", "").strip().lower() == "true",
            position=index,
        )
        metas.append(Meta(number("position", index), habit))
    frequency_warning(odd, warnings)
    return metas, typed


def match_header(header: str, names: list[str]) -> list[int] | None:
    """Which habit each column is: Loop writes names unquoted, so commas in them are ambiguous.

    The header is "Date," + "name," for each exported habit, in Habits.csv order. None when
    it is not (a quoted header is then read as CSV by `table`).
    """
    if not header.startswith("Date,"):
        return None
    rest = header[len("Date,"):]
    if not rest.endswith(","):
        rest += ","

    @cache
    def match(pos: int, first: int) -> tuple[int, ...] | None:
        if pos == len(rest):
            return ()
        for j in range(first, len(names)):
            if rest.startswith(names[j] + ",", pos):
                tail = match(pos + len(names[j]) + 1, j + 1)
                if tail is not None:
                    return (j, *tail)
        return None

    found = match(0, 0)
    return list(found) if found is not None else None


def table(text: str, name: str, metas: list[Meta], warnings: list[str], create: bool):
    """A top-level file as (dates, {meta index: cells}).

    Columns match habits by the header (see _match_header), else by name; with `create`
    (no Habits.csv), each column becomes a new daily yes/no habit.
    """
    lines = [flatten_entry_cells(line) for line in text.splitlines() if line.strip()]
    if not lines:
        return [], {}
    columns = match_header(lines[0], [m.habit.name for m in metas])
    if columns is None:
        titles = next(csv.reader([lines[0]]))[1:]
        if titles and not titles[-1].strip():
            titles.pop()
        keys = {m.habit.name.strip().casefold(): i for i, m in enumerate(metas)}
        columns = []
        for title in titles:
            if title.strip().casefold() not in keys:
                if not create:
                    warnings.append(N_("The column “%(title)s” of %(name)s matches no habit "
                                       "in Habits.csv and was left out.", title=title, name=name))
                    columns.append(-1)
                    continue
                number = len(metas) + 1
                metas.append(Meta(number, ImportedHabit(title, position=number)))
                keys[title.strip().casefold()] = len(metas) - 1
            columns.append(keys[title.strip().casefold()])
    rows = [line.split(",") for line in lines[1:]]
    dates = parse_dates([r[0] for r in rows], name, warnings)
    cells = {j: [r[k + 1] if k + 1 < len(r) else "" for r in rows]
             for k, j in enumerate(columns) if j >= 0}
    return dates, cells


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True

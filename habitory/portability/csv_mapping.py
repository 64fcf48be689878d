"""How a CSV's columns become habits and days: the mapping, and Habitory's first guess at it.

Two layouts: one row per habit and day (date, habit, value: HabitBull, Habitify, Everyday), or
one column per habit (Streaks, most spreadsheets). The guess reads the headers and the cells;
the preview shows it and the user corrects it before anything is saved. Loop's own files of
that shape (its export's Checkmarks.csv, Scores.csv) are refused alone: the zip reads them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from itertools import pairwise

from flask_babel import gettext as _

from .csv_numbers import number_reader
from .csv_table import CsvTable
from .csv_words import DONE, DONE_WORDS, HEADER_WORDS, TICKS, fold, header_key
from .formats import ACCEPTED, BadImportFile
from .loop import VALUE_CODES

# (strptime format, as the page shows it). The day-first and month-first forms of the same
# shape both stay: only the dates themselves (a 13th, a 25th) can tell them apart.
DATE_FORMATS = (
    ("%Y-%m-%d", "YYYY-MM-DD"), ("%Y/%m/%d", "YYYY/MM/DD"), ("%d/%m/%Y", "DD/MM/YYYY"),
    ("%m/%d/%Y", "MM/DD/YYYY"), ("%d.%m.%Y", "DD.MM.YYYY"), ("%d-%m-%Y", "DD-MM-YYYY"),
    ("%m-%d-%Y", "MM-DD-YYYY"), ("%d/%m/%y", "DD/MM/YY"), ("%m/%d/%y", "MM/DD/YY"),
    ("%d.%m.%y", "DD.MM.YY"), ("%m-%d-%y", "MM-DD-YY"), ("%d-%m-%y", "DD-MM-YY"),
    ("%Y%m%d", "YYYYMMDD"),
)
FORMAT_NAMES = dict(DATE_FORMATS)
_TIME_PART = re.compile(r"^(\S+?)(?:[T ]\d\d?:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)$")
SAMPLE = 2000  # cells looked at per column for a guess
# Loop's own names for the files of its CSV export, as a browser may rename a second download.
LOOP_FILE_NAME = re.compile(r"(checkmarks|scores|habits)(?: ?\(\d+\)|[-_ ]\d+)?\.csv")
_LOOP_SCORE = re.compile(r"[01][.,]\d+")  # Loop writes "%.4f"
_LOOP_CHECK = re.compile(r"-1|\d+")  # a code -1..3, or an amount in thousandths


@dataclass
class CsvMapping:
    """Which column means what; column names are the header's (as read_table names them)."""

    separator: str = ","
    layout: str = "long"  # long: a row per habit and day; wide: a column per habit
    date_column: str = ""
    date_format: str = "%Y-%m-%d"
    habit_column: str = ""  # long only
    value_column: str = ""  # long only; "" means every row is a done day
    note_column: str = ""  # long only
    description_column: str = ""  # long only
    category_column: str = ""  # long only: becomes a tag
    habit_columns: list[str] = field(default_factory=list)  # wide only
    done_values: list[str] = field(default_factory=lambda: ["1"])  # casefolded
    amount_habits: list[str] = field(default_factory=list)  # numbers are amounts (measurable)

    def effective(self) -> CsvMapping:
        """The mapping without the fields its layout ignores: a form sends every field (a
        select always sends one of its columns), and only these decide what is imported."""
        if self.layout == "long":
            return replace(self, habit_columns=[])
        return replace(self, habit_column="", value_column="", note_column="",
                       description_column="", category_column="",
                       amount_habits=[h for h in self.amount_habits if h in self.habit_columns])


def _column(table: CsvTable, name: str, limit: int = SAMPLE) -> list[str]:
    index = table.header.index(name)
    return [row[index] for row in table.rows[:limit] if row[index]]


def day_of(cell: str, fmt: str) -> date | None:
    """The date in a cell in the given format, a time of day after it ignored; else None."""
    cell = cell.strip()
    match = _TIME_PART.match(cell)
    if match:
        cell = match.group(1)
    try:
        return datetime.strptime(cell, fmt).date()
    except ValueError:
        return None


def date_formats_of(cells: list[str]) -> list[str]:
    """The formats that read every cell, the likeliest first (the most compact span of dates,
    as a history is; then the list's order)."""
    fits = []
    for order, (fmt, _shown) in enumerate(DATE_FORMATS):
        days = [day_of(c, fmt) for c in cells]
        if cells and all(days):
            fits.append(((max(days) - min(days)).days, order, fmt))
    return [fmt for *_, fmt in sorted(fits)]


def _mostly_dates(cells: list[str]) -> list[str]:
    """date_formats_of, or, when no format reads every cell, the one that reads most of them
    (more than half): a history with one mistyped date is still a history, and the import then
    names the line that is not a date, where a refusal said no column held dates at all."""
    exact = date_formats_of(cells)
    if exact or not cells:
        return exact
    read = max(((sum(day_of(c, fmt) is not None for c in cells), -order, fmt)
                for order, (fmt, _shown) in enumerate(DATE_FORMATS)))
    return [read[2]] if read[0] * 2 > len(cells) else []


def _header_match(table: CsvTable, role: str, exclude: set[str],
                  fits: Callable[[str], bool] | None = None) -> str:
    """The column whose header names the role in any language; `fits` vets a candidate
    (a "Tag" column is a German day only when it holds dates)."""
    keys = [header_key(name) for name in table.header]
    for word in HEADER_WORDS[role]:  # the strongest first: "HabitName" before "HabitDescription"
        for name, key in zip(table.header, keys, strict=True):
            if name not in exclude and (key == word or (len(word) > 3 and word in key)) and (
                    fits is None or fits(name)):
                return name
    return ""


def guess_amounts(values_by_habit: dict[str, list[str]], separator: str = ",",
                  read: Callable[[str], float | None] | None = None) -> list[str]:
    """Habits whose numbers go beyond 0 and 1 (not Loop's codes -1..3): amounts. `read`
    reads a cell of their (one) column; else each habit's cells are a column of their own."""
    found = []
    for habit, cells in values_by_habit.items():
        number = read or number_reader(cells, separator)
        numbers = {n for n in map(number, cells) if n is not None}
        loop_codes = numbers <= {-1, 0, 1, 2, 3} and bool(numbers & {-1, 2})
        if numbers and not numbers <= {0, 1} and not loop_codes:
            found.append(habit)
    return found


def guess_done_values(cells: list[str], separator: str = ",") -> list[str]:
    """The values that mean done among those present, in any language and as the file writes
    them: yes, x, true, 1, ja, oui, sí, sim... (2 in Loop's codes)."""
    present = {c.casefold() for c in cells}
    number = number_reader(present, separator)
    numbers = {n for n in map(number, present) if n is not None}
    if numbers and numbers <= {-1, 0, 1, 2, 3} and numbers & {-1, 2}:
        return ["2"]  # Loop: 2 is a check, 1 an automatic checkmark, -1 nothing
    by_fold: dict[str, list[str]] = {}
    for value in present:
        if fold(value) in DONE:
            by_fold.setdefault(fold(value), []).append(value)
    words = [value for word in dict.fromkeys(map(fold, DONE_WORDS))
             for value in sorted(by_fold.get(word, ()))]
    if 1 in numbers and "1" not in words:
        words.insert(0, "1")  # written 1.0 or 01: the number 1
    return words or ["1"]


def loop_file_name(filename: str) -> bool:
    """Whether an upload bears the name of one of the files inside Loop's CSV export."""
    return bool(LOOP_FILE_NAME.fullmatch(filename.replace("\\", "/").rpartition("/")[2]
                                         .strip().casefold()))


def _newest_first(table: CsvTable) -> bool:
    formats = date_formats_of(_column(table, table.header[0]))
    days = [day_of(c, formats[0]) for c in _column(table, table.header[0])] if formats else []
    return bool(days) and all(a > b for a, b in pairwise(days))


def loop_export_file(table: CsvTable, named: bool = False) -> str:
    """Which file of Loop's CSV export this table is ("Checkmarks.csv", "Scores.csv",
    "Habits.csv"), else "". Loop writes a "Date" column, newest day first, then a column per
    habit of its stored values: scores with four decimals, or codes (-1 unknown, 0 no,
    1 automatic, 2 yes, 3 skip; in words since v2.3.1) and amounts times 1000. A spreadsheet
    of one's own is not refused: it lacks the order or those values, unless the upload is
    `named` as Loop names the file, which lets a Loop file re-sorted by a spreadsheet count."""
    if table.header[:2] == ["Position", "Name"] and "Question" in table.header:
        return "Habits.csv"
    if table.header[0] != "Date" or not (named or _newest_first(table)):
        return ""
    columns = [_column(table, h) for h in table.header[1:] if h != "Notes"]  # a habit's own
    cells = [cell for column in columns for cell in column]
    if not cells:
        return ""
    numbers = [c for c in cells if c not in VALUE_CODES]
    if all(_LOOP_SCORE.fullmatch(c) and float(c.replace(",", ".")) <= 1 for c in numbers):
        four_decimals = all(len(c) == 6 for c in numbers)
        if numbers and len(numbers) == len(cells) and (four_decimals or named):
            return "Scores.csv"
    if not all(_LOOP_CHECK.fullmatch(c) for c in numbers):
        return ""
    codes = any({*column} <= {"-1", "0", "1", "2", "3"} and {*column} & {"-1", "2"}
                for column in columns)
    words = {*cells} & {*VALUE_CODES} - {"NO"}  # "NO" alone may be anyone's
    if words or codes or (named and not {*cells} <= {"0", "1"}):
        return "Checkmarks.csv"
    return ""


def refuse_loop_export_file(table: CsvTable, named: bool = False) -> None:
    """BadImportFile for a file of Loop's CSV export uploaded without its zip: read as any
    CSV, its codes and thousandths would be taken for amounts, its skips lost."""
    kind = loop_export_file(table, named)
    if kind == "Habits.csv":
        raise BadImportFile(_("Loop's CSV export is a .zip: upload the whole zip, not its "
                              "Habits.csv."))
    if kind:
        raise BadImportFile(_("This is Loop Habit Tracker's %(file)s, one file of its CSV "
                              "export: upload the whole zip Loop exported, or its backup "
                              "(.db file), instead.", file=kind))


def guess_mapping(table: CsvTable) -> CsvMapping:
    """Habitory's best guess, shown to the user to confirm or correct; BadImportFile for a
    file of Loop's CSV export on its own."""
    refuse_loop_export_file(table)
    mapping = CsvMapping(separator=table.separator)
    date_column = _header_match(table, "date", set(), lambda name: bool(
        _mostly_dates(_column(table, name, 200))))
    if not date_column:  # the first column whose cells all (else mostly) read as dates
        date_column = next((h for h in table.header
                            if date_formats_of(_column(table, h, 200))), "") or next(
            (h for h in table.header if _mostly_dates(_column(table, h, 200))), table.header[0])
    formats = _mostly_dates(_column(table, date_column))
    if not formats:
        shown = ", ".join(pair[1] for pair in DATE_FORMATS[:4])
        raise BadImportFile(_("Habitory cannot read this file: none of its columns holds "
                              "dates in a form it knows (%(shown)s...). Upload %(accepted)s.",
                              shown=shown, accepted=ACCEPTED))
    mapping.date_column, mapping.date_format = date_column, formats[0]
    used = {date_column}
    habit_column = _header_match(table, "habit", used)
    if not habit_column:  # a column of words repeated over the rows: the habits' names
        for name in table.header:
            cells = _column(table, name)
            number = number_reader(cells, table.separator)
            # Only ticks ("x", "yes", "✓", "ja"/"nein"): a habit's own column, not the habits'
            # names.
            ticks = {fold(c) for c in cells} <= TICKS
            if name not in used and cells and not ticks and all(
                    number(c) is None for c in cells) and len(set(cells)) < max(2, len(cells) // 2):
                habit_column = name
                break
    if habit_column:
        used.add(habit_column)
        mapping.habit_column = habit_column
        for role in ("value", "note", "description", "category"):
            found = _header_match(table, role, used)
            used.add(found)
            setattr(mapping, f"{role}_column", found)
        values = _column(table, mapping.value_column) if mapping.value_column else []
        by_habit: dict[str, list[str]] = {}
        if mapping.value_column:
            h, v = table.header.index(habit_column), table.header.index(mapping.value_column)
            for row in table.rows[:SAMPLE * 10]:
                by_habit.setdefault(row[h], []).append(row[v])
        read = number_reader(values, table.separator)
        mapping.amount_habits = guess_amounts(by_habit, read=read)
        mapping.done_values = guess_done_values(values, table.separator) if values else ["1"]
        return mapping
    mapping.layout = "wide"
    columns = [h for h in table.header if h != date_column]
    by_habit = {h: _column(table, h) for h in columns}
    mapping.habit_columns = [h for h in columns if by_habit[h]]  # an empty column: no habit
    mapping.amount_habits = guess_amounts(by_habit, table.separator)
    plain = [c for h in mapping.habit_columns if h not in mapping.amount_habits
             for c in by_habit[h]]
    mapping.done_values = guess_done_values(plain, table.separator)
    return mapping

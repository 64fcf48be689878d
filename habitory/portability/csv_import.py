"""A CSV from any tracker or spreadsheet, read with a mapping (csv_mapping), as an ImportBundle.

What a cell means: in a habit whose numbers are amounts, a number is a done day with that
amount (two rows of the same day add up: two runs); elsewhere a value listed as "done" is a
done day (in any case, with or without accents), and anything else (empty, 0, no) is no
check-in at all. A row repeated exactly, as some exports do, counts once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext

from habitory.locale_formats import grouped

from .csv_mapping import FORMAT_NAMES, CsvMapping, day_of, guess_mapping
from .csv_numbers import number_reader, read_number
from .csv_table import SEPARATORS, CsvTable, read_table
from .csv_words import fold
from .formats import (
    DEFAULT_LIMITS,
    BadImportFile,
    ImportBundle,
    ImportedCheckIn,
    ImportedHabit,
    Limits,
)
from .validate import finalise

MAX_NAMED = 30  # columns named in the warning about those not imported


class MappingError(BadImportFile):
    """A mapping the file does not fit; `field` names the form field to correct."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass
class _Habit:
    habit: ImportedHabit
    days: dict[date, ImportedCheckIn] = field(default_factory=dict)


@dataclass
class _Counts:
    duplicates: int = 0
    unnamed: int = 0
    not_numbers: int = 0
    seen: set = field(default_factory=set)
    done_numbers: set = field(default_factory=set)  # the numbers among the done values
    done_words: set = field(default_factory=set)  # the done values, folded (csv_words.fold)


def _index(table: CsvTable, name: str, what: str, field_name: str) -> int:
    if name not in table.header:
        raise MappingError(what, field_name)
    return table.header.index(name)


def _cell(habits: dict[str, _Habit], mapping: CsvMapping, name: str, day: date, cell: str,
          note: str, counts: _Counts, read: Callable[[str], float | None]) -> None:
    """One habit's cell of one day, added to what the habit already has for that day; `read`
    reads a number of the cell's column (csv_numbers)."""
    entry = habits[name]
    amounts = name in mapping.amount_habits
    if amounts:
        number = read(cell)
        if number is None or number < 0:
            counts.not_numbers += bool(cell) and number != -1  # -1: Loop's "nothing"
            return
        checkin = entry.days.get(day)
        if checkin is None:
            entry.days[day] = ImportedCheckIn(day, "done", number, note or None)
        else:  # two sessions on one day add up
            checkin.amount = (checkin.amount or 0) + number
            checkin.note = checkin.note or note or None
        return
    number = read(cell)
    if fold(cell) not in counts.done_words and (number is None
                                                or number not in counts.done_numbers):
        return  # "1.0" is done when "1" is, "Sí" when "si" is
    checkin = entry.days.setdefault(day, ImportedCheckIn(day, "done", None, note or None))
    checkin.note = checkin.note or note or None


def _day(cell: str, mapping: CsvMapping, line: int) -> date:
    day = day_of(cell, mapping.date_format)
    if day is None:
        raise MappingError(_("Line %(line)s: “%(cell)s” is not a date written %(form)s. "
                             "Choose the date format (or the date column) that matches the "
                             "file.", line=line, cell=cell[:40],
                             form=FORMAT_NAMES.get(mapping.date_format, "?")), "date_format")
    return day


def _habit(habits: dict[str, _Habit], name: str, mapping: CsvMapping) -> _Habit:
    if name not in habits:
        kind = "measurable" if name in mapping.amount_habits else "yes_no"
        habits[name] = _Habit(ImportedHabit(name, kind=kind, position=len(habits) + 1))
    return habits[name]


def _long(table: CsvTable, mapping: CsvMapping, habits: dict[str, _Habit], counts: _Counts):
    date_at = _index(table, mapping.date_column, _("Choose the column that holds the dates."),
                     "date_column")
    habit_at = _index(table, mapping.habit_column,
                      _("Choose the column that holds the habits' names."), "habit_column")
    optional = {}
    for role in ("value", "note", "description", "category"):
        name = getattr(mapping, f"{role}_column")
        optional[role] = _index(table, name, _("Choose one of the file's columns, or none."),
                                f"{role}_column") if name else None
    read = read_number if optional["value"] is None else number_reader(
        (row[optional["value"]] for row in table.rows), mapping.separator)
    for line, row in enumerate(table.rows, start=2):
        name = row[habit_at]
        if not name:
            counts.unnamed += 1
            continue
        if _repeated(row, counts):
            continue
        day = _day(row[date_at], mapping, line)
        entry = _habit(habits, name, mapping)
        if optional["description"] is not None and not entry.habit.description:
            entry.habit.description = row[optional["description"]] or None
        category = row[optional["category"]] if optional["category"] is not None else ""
        if category and category not in entry.habit.tags:
            entry.habit.tags.append(category)
        value = "1" if optional["value"] is None else row[optional["value"]]
        if optional["value"] is None and name not in mapping.amount_habits:
            value = mapping.done_values[0] if mapping.done_values else "1"
        note = row[optional["note"]] if optional["note"] is not None else ""
        _cell(habits, mapping, name, day, value, note, counts, read)


def _wide(table: CsvTable, mapping: CsvMapping, habits: dict[str, _Habit], counts: _Counts):
    date_at = _index(table, mapping.date_column, _("Choose the column that holds the dates."),
                     "date_column")
    columns = [(table.header.index(h), h) for h in mapping.habit_columns if h in table.header
               and h != mapping.date_column]
    if not columns:
        raise MappingError(_("Tick at least one column that is a habit."), "habit_columns")
    readers = {index: number_reader((row[index] for row in table.rows), mapping.separator)
               for index, _name in columns}
    for name in (pair[1] for pair in columns):
        _habit(habits, name, mapping)
    for line, row in enumerate(table.rows, start=2):
        if _repeated(row, counts):
            continue
        day = _day(row[date_at], mapping, line)
        for index, name in columns:
            _cell(habits, mapping, name, day, row[index], "", counts, readers[index])


def _repeated(row: list[str], counts: _Counts) -> bool:
    """True for a row already read, word for word (an export appended twice): counted, skipped."""
    key = tuple(row)
    if key in counts.seen:
        counts.duplicates += 1
        return True
    counts.seen.add(key)
    return False


def _unused(table: CsvTable, mapping: CsvMapping) -> str:
    """The warning naming the file's columns the mapping does not read (an archived flag, a
    unit...), as its header spells them; "" when it reads them all."""
    used = {mapping.date_column}
    if mapping.layout == "long":
        used |= {mapping.habit_column, mapping.value_column, mapping.note_column,
                 mapping.description_column, mapping.category_column}
    else:
        used |= set(mapping.habit_columns)
    read = {table.header.index(name) for name in used if name in table.header}
    # by place: of two columns with one name, the mapping reads the first
    unused = [name for at, name in enumerate(table.header) if at not in read]
    if not unused:
        return ""
    names = ", ".join(f"“{name}”" if len(name) <= 60 else f"“{name[:60]}…”"
                      for name in unused[:MAX_NAMED])
    if len(unused) > MAX_NAMED:
        names += ", …"
    return ngettext("%(count)s column of the file is not imported: %(names)s.",
                    "%(count)s columns of the file are not imported: %(names)s.",
                    len(unused), count=grouped(len(unused)), names=names)


def bundle_from_table(table: CsvTable, mapping: CsvMapping,
                      limits: Limits = DEFAULT_LIMITS) -> ImportBundle:
    """The habits and check-ins the CSV holds, read with the mapping (checked by finalise)."""
    habits: dict[str, _Habit] = {}
    counts = _Counts(done_numbers={read_number(v) for v in mapping.done_values} - {None},
                     done_words={fold(v) for v in mapping.done_values})
    (_long if mapping.layout == "long" else _wide)(table, mapping, habits, counts)
    warnings = [w for w in (table.encoding_note(), _unused(table, mapping)) if w]
    if counts.duplicates:
        warnings.append(ngettext("%(count)s repeated row was counted once.",
                                 "%(count)s repeated rows were counted once.",
                                 counts.duplicates, count=grouped(counts.duplicates)))
    if counts.unnamed:
        warnings.append(ngettext("%(count)s row without a habit name was left out.",
                                 "%(count)s rows without a habit name were left out.",
                                 counts.unnamed, count=grouped(counts.unnamed)))
    if counts.not_numbers:
        warnings.append(ngettext("%(count)s amount cell that is not a number (or is below 0) "
                                 "was left out.",
                                 "%(count)s amount cells that are not numbers (or are below 0) "
                                 "were left out.",
                                 counts.not_numbers, count=grouped(counts.not_numbers)))
    # finalise asks for the targets of the habits with amounts, which a CSV never gives.
    for entry in habits.values():
        entry.habit.checkins = sorted(entry.days.values(), key=lambda c: c.day)
    layout = (_("a row per habit and day") if mapping.layout == "long"
              else _("a column per habit"))
    detail = _("%(layout)s, separated by %(separator)s, dates %(form)s", layout=layout,
               separator=SEPARATORS.get(mapping.separator, "?"),
               form=FORMAT_NAMES.get(mapping.date_format, "?"))
    bundle = ImportBundle([h.habit for h in habits.values()], "csv", warnings, detail)
    return finalise(bundle, limits)


def parse_csv(data: bytes, limits: Limits = DEFAULT_LIMITS,
              mapping: CsvMapping | None = None) -> ImportBundle:
    """An ImportBundle from a CSV, with the given mapping or Habitory's guess."""
    table = read_table(data, mapping.separator if mapping else None, limits.max_checkins)
    return bundle_from_table(table, mapping or guess_mapping(table), limits)

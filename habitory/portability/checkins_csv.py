"""checkins.csv: every check-in as one spreadsheet row (date, habit, state, amount, note).

It is also read back (parse_checkins_csv), also after a spreadsheet saved it again with
semicolons, decimal commas or another date form: the states, amounts and notes come back
as they were. The habits' settings are not in it; a measurable habit's target is worked out
from its days' states where they leave only one choice.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext

from habitory.locale_formats import grouped
from habitory.stats.phrases import N_, Msg, join
from habitory.stats.schedule import STATES

from .csv_mapping import DATE_FORMATS, FORMAT_NAMES, date_formats_of, day_of
from .csv_numbers import number_reader
from .csv_table import SEPARATORS, decode_text, read_table
from .formats import (
    DEFAULT_LIMITS,
    BadImportFile,
    ExportSource,
    ImportBundle,
    ImportedCheckIn,
    ImportedHabit,
    Limits,
)
from .validate import finalise

HEADER = ("date", "habit", "state", "amount", "note")
CHUNK = 2000  # rows per chunk of output
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A leading apostrophe is escaped too, so that reading strips exactly what writing added.
_ESCAPED = (*_FORMULA_START, "'")


def _cell(text: str | None) -> str:
    """Text as a spreadsheet will show it, never run: a leading =, +, - or @ gets a quote."""
    if not text:
        return ""
    return "'" + text if text.startswith(_ESCAPED) else text


def _uncell(text: str) -> str:
    """The text _cell was given (a quote it added before =, +, -, @ or a quote, removed)."""
    escaped = len(text) > 1 and text[0] == "'" and text[1:].startswith(_ESCAPED)
    return text[1:] if escaped else text


def _amount(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if value.is_integer() else repr(value)


def export_checkins_csv(source: ExportSource) -> Iterator[str]:
    """The CSV as str chunks, oldest day first, habits in their list order within a day."""
    names = [_cell(h.name) for h in source.habits]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    for count, (index, checkin) in enumerate(source.by_day(), start=1):
        writer.writerow((checkin.day.isoformat(), names[index], checkin.state,
                         _amount(checkin.amount), _cell(checkin.note)))
        if count % CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def is_checkins_csv(head: bytes) -> bool:
    """Whether a file's first bytes are the header this module writes (any separator)."""
    try:
        text = decode_text(head, partial=True)
    except BadImportFile:
        return False
    first = text.lstrip("\ufeff").split("\n", 1)[0].strip()
    for separator in SEPARATORS:
        cells = tuple(c.strip().strip('"').casefold() for c in first.split(separator))
        if cells == HEADER:
            return True
    return False


def _dates(cells: list[str], line_of: dict[str, int]) -> tuple[dict[str, date], str]:
    """Each distinct date cell read in the one form that reads them all (ISO, as written;
    a spreadsheet may have rewritten them), and that form."""
    distinct = list(dict.fromkeys(cells))
    formats = date_formats_of(distinct)
    if not formats:  # name the first cell the form that reads the most of them cannot read
        best = max((f for f, _shown in DATE_FORMATS),
                   key=lambda f: sum(day_of(c, f) is not None for c in distinct[:500]))
        bad = next(c for c in distinct if day_of(c, best) is None)
        raise BadImportFile(_("Line %(line)s: “%(cell)s” is not a date Habitory can read.",
                              line=line_of.get(bad, 2), cell=bad[:40]))
    return {c: day_of(c, formats[0]) for c in distinct}, formats[0]


def _settle_target(habit: ImportedHabit) -> Msg | None:
    """A target only one direction and value explain: every done day's amount meets it and
    every not-done day's misses it. None (the preview then asks for it) when the days do not
    decide: no missed day with an amount, or states no single target gives."""
    done = [c.amount for c in habit.checkins if c.state == "done" and c.amount is not None]
    missed = [c.amount for c in habit.checkins if c.state == "not_done" and c.amount is not None]
    if not done or not missed:
        return None
    if max(missed) < min(done):
        habit.direction, habit.target = "at_least", min(done)
    elif max(done) < min(missed):
        habit.direction, habit.target = "at_most", max(done)
    else:
        return None
    target = f"{habit.target:g}"
    if habit.direction == "at_most":
        return N_("%(name)s (at most %(target)s)", name=habit.name, target=target)
    return N_("%(name)s (at least %(target)s)", name=habit.name, target=target)


def parse_checkins_csv(data: bytes, limits: Limits = DEFAULT_LIMITS) -> ImportBundle:
    """An ImportBundle from Habitory's check-ins CSV, or BadImportFile naming the line."""
    table = read_table(data, max_rows=limits.max_checkins)
    at = dict(zip((h.casefold() for h in table.header), range(len(table.header)),
                  strict=True))
    rows = [(line, row) for line, row in enumerate(table.rows, start=2)]
    line_of: dict[str, int] = {}
    for line, row in rows:
        line_of.setdefault(row[at["date"]], line)
    days, form = _dates([row[at["date"]] for _, row in rows], line_of)
    read = number_reader((row[at["amount"]] for _, row in rows), table.separator)
    habits: dict[str, ImportedHabit] = {}
    unnamed = 0
    for line, row in rows:
        name = _uncell(row[at["habit"]])
        if not name:
            unnamed += 1
            continue
        state = row[at["state"]].casefold().replace("-", "_").replace(" ", "_")
        if state not in STATES:
            raise BadImportFile(_("Line %(line)s: “%(cell)s” is not a state Habitory knows "
                                  "(done, skipped or not_done).", line=line,
                                  cell=row[at["state"]][:40]))
        cell = row[at["amount"]]
        amount = read(cell) if cell else None
        if cell and amount is None:
            raise BadImportFile(_("Line %(line)s: “%(cell)s” is not an amount.", line=line,
                                  cell=cell[:40]))
        habit = habits.setdefault(name, ImportedHabit(name, position=len(habits) + 1))
        habit.checkins.append(ImportedCheckIn(days[row[at["date"]]], state, amount,
                                              _uncell(row[at["note"]]) or None))
    warnings = [_("This is a list of check-ins, not a backup: the habits' settings (schedule, "
                  "colour, reminders, tags, quit habits) are not in it, so they come in as "
                  "daily habits. The Habitory backup (.json) brings back everything.")]
    if table.guessed:
        warnings.insert(0, table.encoding_note())
    if unnamed:
        warnings.append(ngettext("%(count)s row without a habit name was left out.",
                                 "%(count)s rows without a habit name were left out.",
                                 unnamed, count=grouped(unnamed)))
    found = []
    for habit in habits.values():
        if any(c.amount is not None for c in habit.checkins):
            habit.kind = "measurable"
            guess = _settle_target(habit)
            if guess is not None:
                found.append(guess)
    if found:
        warnings.append(N_("Habitory worked out these targets from the days marked done and "
                           "not done: %(habits)s. Check them in each habit's settings.",
                           habits=join(found, ", ")))
    detail = _("%(layout)s, separated by %(separator)s, dates %(form)s",
               layout=_("a row per habit and day"),
               separator=SEPARATORS.get(table.separator, "?"),
               form=FORMAT_NAMES.get(form, "?"))
    return finalise(ImportBundle(list(habits.values()), "habitory_csv", warnings, detail),
                    limits)

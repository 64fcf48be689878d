"""checkins.csv: every check-in as one spreadsheet row (date, habit, state, amount, note)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from .formats import ExportSource

HEADER = ("date", "habit", "state", "amount", "note")
CHUNK = 2000  # rows per chunk of output
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str | None) -> str:
    """Text as a spreadsheet will show it, never run: a leading =, +, - or @ gets a quote."""
    if not text:
        return ""
    return "'" + text if text.startswith(_FORMULA_START) else text


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

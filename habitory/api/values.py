"""How the API reads the values its schemas check: names and texts cleaned as the forms clean
them, days in the one form, no negative zero."""

from __future__ import annotations

from datetime import time

from flask_babel import gettext as _

from habitory.domain import days
from habitory.domain.days import iso_day
from habitory.domain.numbers import kept
from habitory.domain.text import TextError, clean, clean_name
from habitory.i18n import translate


def unsigned(value: float | None) -> float | None:
    """Kept to the decimals a typed number keeps (5e-324 is 0, not a target any amount
    meets), and -0.0 is 0 (it would be shown as "-0")."""
    return None if value is None else kept(value)


def whole(value):
    """A JSON number without a fraction (7.0) as the integer it is; anything else as it came,
    for the strict check to refuse."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def day(value):
    """Days are YYYY-MM-DD and nothing else (not "20261206", not "2026-W49-1")."""
    if value is None:
        return None
    try:
        return iso_day(value)
    except ValueError:
        raise ValueError("Use a date of the form YYYY-MM-DD.") from None


def name(value: str | None, what: str) -> str | None:
    """A habit's or a tag's name as the forms clean it; ValueError saying what is wrong."""
    if value is None:
        return None
    try:
        cleaned = clean_name(value, what)
    except TextError as error:
        raise ValueError(str(error)) from None
    if not cleaned:
        raise ValueError(_("Give it a name with something visible in it."))
    return cleaned


def text(value: str | None) -> str | None:
    """A unit, emoji or question: control characters refused, blank is None."""
    if value is None:
        return None
    try:
        return clean(value, multiline=True).strip() or None
    except TextError as error:
        raise ValueError(str(error)) from None


def note(value: str | None) -> str | None:
    """A check-in's note as the web's day form keeps it (domain/days.clean_note: its lines
    kept, each line's spaces folded; blank is None)."""
    if value is None:
        return None
    try:
        return days.clean_note(value)
    except days.DayError as error:
        raise ValueError(translate(error.message)) from None


def reminder_times(values: list[str]) -> tuple[time, ...]:
    """"07:30" strings (already checked by the Clock pattern) as sorted, distinct times."""
    return tuple(sorted({time.fromisoformat(v) for v in values}))

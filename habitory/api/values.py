"""How the API reads the values its schemas check: names and texts cleaned as the forms clean
them, days in the one form, no negative zero."""

from __future__ import annotations

from datetime import time

from flask_babel import gettext as _

from habitory.domain import days
from habitory.domain.days import iso_day
from habitory.domain.numbers import kept
from habitory.domain.text import TextError, clean, clean_name
from habitory.i18n import error_text, translate


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
        raise ValueError(_("Use a date of the form YYYY-MM-DD.")) from None


def _fits(text: str, limit: int) -> str:
    """The schema counted the characters sent; NFC may lengthen them ("\u0958" is two): the
    cleaned text must fit the column too, as the web form checks it after cleaning."""
    if len(text) > limit:
        raise ValueError(_("Use at most %(most)s characters (this has %(length)s).",
                           most=limit, length=len(text)))
    return text


def name(value: str | None, what: str, limit: int) -> str | None:
    """A habit's or a tag's name as the forms clean it (trimmed, then one line); ValueError
    saying what is wrong."""
    if value is None:
        return None
    try:
        cleaned = clean_name(value.strip(), what)
    except TextError as error:
        raise ValueError(error_text(error)) from None
    if not cleaned:
        raise ValueError(_("Give it a name with something visible in it."))
    return _fits(cleaned, limit)


def line(value: str | None, limit: int) -> str | None:
    """A unit or an emoji: one line, as the habit form's fields (a tab or a line break is a
    control character there, and the domain would refuse it); blank is None."""
    return _cleaned(value, limit, multiline=False)


def text(value: str | None, limit: int) -> str | None:
    """A question: tabs and line breaks allowed, other control characters refused; blank
    is None."""
    return _cleaned(value, limit, multiline=True)


def _cleaned(value: str | None, limit: int, multiline: bool) -> str | None:
    if value is None:
        return None
    try:
        # Surrounding spaces, tabs and line breaks go first, as the form's filter drops them.
        cleaned = clean(value.strip(), multiline=multiline).strip() or None
    except TextError as error:
        raise ValueError(error_text(error)) from None
    return None if cleaned is None else _fits(cleaned, limit)


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

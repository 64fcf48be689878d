"""The parts of a stored sentence that CLDR writes in the reader's language, not the catalogue.

A subsystem's sentence (stats.phrases.Msg) may hold a short day ("Mon 4 Mar", rules.core's
short_day), a clock time (locale_formats.clock_later: "8:00 AM") or a count
(stats.phrases.grouped_count: "1,826"), in English and as data. When it is rendered in another
language (habitory/i18n.py), `with_cldr_parts` writes each the reader's way from that data
("Mo., 4. März", "08:00", "1.826"); the catalogue translates the rest.
"""

from __future__ import annotations

from datetime import date, time
from functools import lru_cache
from typing import Any

from babel.dates import format_skeleton, format_time
from babel.numbers import format_decimal, get_group_symbol

from habitory.stats.phrases import DAY_WORDS, GROUPED, MONTH_WORDS, Msg

# A day as the pure subsystems name it (rules.core.short_day: "Mon 4 Mar", its words from the
# catalogue), written instead by CLDR in the reader's language ("Mo., 4. März", "lun. 4 mars").
_SHORT_DAY = "%(weekday)s %(day)s %(month)s"
_WEEKDAY = {str(word): i for i, word in enumerate(DAY_WORDS)}
_MONTH = {str(word): i + 1 for i, word in enumerate(MONTH_WORDS)}

# A clock time (locale_formats.clock_later: a reminder's "8:00 AM"), its English kept as its
# text, written instead by CLDR as the reader's clock shows it ("08:00", "8:00").
CLOCK = "%(clock)s"


@lru_cache(maxsize=4096)
def _cldr_short_day(weekday: int, day: int, month: int, locale: str) -> str | None:
    # The sentence keeps no year: any year where that day falls on that weekday writes it
    # alike (28 years hold every weekday of every day, 29 February's too).
    for year in range(2000, 2028):
        try:
            moment = date(year, month, day)
        except ValueError:
            continue
        if moment.weekday() == weekday:
            return format_skeleton("MMMEd", moment, locale=locale)
    return None


@lru_cache(maxsize=4096)
def _cldr_clock(hour: int, minute: int, locale: str) -> str:
    return format_time(time(hour, minute), "short", locale=locale)


@lru_cache(maxsize=4096)
def _cldr_count(value: int, locale: str) -> str:
    return four_digits_ungrouped(format_decimal(value, locale=locale), value, locale)


# CLDR's minimumGroupingDigits, where it is 2: a four-digit number is written without its
# group separator ("1826" in Spanish, as the charts' Intl.NumberFormat writes it; "12.826" from
# five digits). Babel does not apply it. German, French and Brazilian Portuguese group from 1,000.
_MIN_GROUPING_TWO = frozenset({"es"})


def four_digits_ungrouped(text: str, value: float | int, locale: str) -> str:
    """A number Babel wrote, without its group separator where CLDR asks for none: four
    digits before the decimal mark in a language whose minimumGroupingDigits is 2."""
    if locale.split("_")[0] not in _MIN_GROUPING_TWO or not 1000 <= abs(value) < 10000:
        return text
    group = get_group_symbol(locale)
    return text.replace(group, "", 1)


def with_cldr_parts(value: Any, locale: str) -> Any:
    """`value` with each short day, clock time and grouped count inside written by CLDR for
    `locale`; unchanged otherwise."""
    if not isinstance(value, Msg):
        return value
    if value.msgid == CLOCK:
        return _cldr_clock(value.params["hour"], value.params["minute"], locale)
    if value.msgid == GROUPED:
        count = value.params.get("value")
        is_count = isinstance(count, int) and not isinstance(count, bool)
        return _cldr_count(count, locale) if is_count else value
    if value.msgid == _SHORT_DAY:
        weekday, month = value.params.get("weekday"), value.params.get("month")
        day = value.params.get("day")
        if (isinstance(day, int) and getattr(weekday, "msgid", None) in _WEEKDAY
                and getattr(month, "msgid", None) in _MONTH):
            said = _cldr_short_day(_WEEKDAY[weekday.msgid], day, _MONTH[month.msgid], locale)
            return said if said is not None else value
        return value
    if value.params:
        params = {k: with_cldr_parts(v, locale) for k, v in value.params.items()}
        if any(params[k] is not v for k, v in value.params.items()):
            return _like(value, Msg(value.msgid, value.plural, value.n, params))
    elif value.parts:
        parts = [with_cldr_parts(p, locale) for p in value.parts]
        if any(new is not old for new, old in zip(parts, value.parts, strict=True)):
            return _like(value, Msg(None, parts=parts, sep=value.sep))
    return value


def _like(old: Msg, new: Msg) -> Msg:
    new.scope = old.scope
    return new

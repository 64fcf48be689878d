"""Dates, numbers and weekday names in the reader's locale, from Babel's CLDR data.

A page formats hundreds of dates (a calendar year has 371 labels), and Babel's format_date
costs ~30 µs a call: each locale's names and patterns are read once into a `Kit`, and a date
is then filled into the locale's pattern from plain tuples (~2 µs). English keeps the app's
own formats ("Wed 25 Nov", "Wednesday, 25 November 2026"), byte for byte.
"""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.dates import DateTimeFormat, format_time, match_skeleton
from babel.numbers import format_decimal, format_percent
from flask_login import current_user

from habitory.domain.numbers import plain
from habitory.i18n import CLOCK, DEFAULT_LANGUAGE, decimal_text, locale_name
from habitory.stats.phrases import Msg, english_number

WEEK_STARTS = ("monday", "sunday", "saturday")
# Babel counts weekdays from Monday = 0, like date.weekday().
_WEEK_START_DAY = {"monday": 0, "sunday": 6, "saturday": 5}
_EN_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class _Fields:
    """The pattern fields of one day, looked up by Babel's field names ("EEE", "d", "MMM")."""

    __slots__ = ("day", "kit")

    def __init__(self, kit: Kit, day: date) -> None:
        self.kit, self.day = kit, day

    def __getitem__(self, key: str) -> str:
        day, kit = self.day, self.kit
        if key in ("E", "EE", "EEE"):
            return kit.day_abbr[day.weekday()]
        if key == "EEEE":
            return kit.day_wide[day.weekday()]
        if key == "d":
            return str(day.day)
        if key == "MMM":
            return kit.month_abbr[day.month - 1]
        if key == "MMMM":
            return kit.month_wide[day.month - 1]
        if key in ("y", "yyyy"):
            return str(day.year)
        return DateTimeFormat(day, kit.locale)[key]  # anything rarer: Babel itself


class Kit:
    """One locale's names and date patterns, read once."""

    def __init__(self, name: str) -> None:
        locale = Locale.parse(name)
        self.name, self.locale = name, locale
        days, months = locale.days, locale.months
        self.day_abbr = tuple(days["format"]["abbreviated"][i] for i in range(7))
        self.day_wide = tuple(days["format"]["wide"][i] for i in range(7))
        self.day_short = tuple(days["stand-alone"]["abbreviated"][i] for i in range(7))
        self.month_abbr = tuple(months["format"]["abbreviated"][i] for i in range(1, 13))
        self.month_wide = tuple(months["format"]["wide"][i] for i in range(1, 13))
        self.month_short = tuple(months["stand-alone"]["abbreviated"][i] for i in range(1, 13))
        skeletons = locale.datetime_skeletons
        self.patterns = {
            skeleton: skeletons[match_skeleton(skeleton, skeletons)].format
            for skeleton in ("MMMEd", "yMMMEd", "MMMd", "yMMMd", "yMMM", "yMMMM")
        }
        self.patterns["full"] = locale.date_formats["full"].format
        # English: Monday, as Habitory always had (Babel's "en" is the US, with Sunday).
        self.first_week_day = 0 if name == DEFAULT_LANGUAGE else locale.first_week_day

    def date(self, pattern: str, day: date) -> str:
        return self.patterns[pattern] % _Fields(self, day)


@lru_cache(maxsize=16)
def kit(name: str | None = None) -> Kit:
    return Kit(name or DEFAULT_LANGUAGE)


@lru_cache(maxsize=8192)
def _date(pattern: str, day: date, name: str) -> str:
    # A calendar labels the same 371 days on every visit: formatted once per language.
    return kit(name).date(pattern, day)


def current() -> Kit:
    """The request's locale kit."""
    return kit(locale_name())


def weekday_names() -> tuple[str, ...]:
    """"Mon".."Sun" in the reader's language (Monday first, like date.weekday())."""
    name = locale_name()
    return _EN_DAYS if name == DEFAULT_LANGUAGE else kit(name).day_short


def month_names() -> tuple[str, ...]:
    """"Jan".."Dec" in the reader's language."""
    name = locale_name()
    return _EN_MONTHS if name == DEFAULT_LANGUAGE else kit(name).month_short


def short_date(day: date, locale: str | None = None) -> str:
    """'Wed 25 Nov'; 'Mi., 25. Nov.' in German."""
    name = locale or locale_name()
    if name == DEFAULT_LANGUAGE:
        return f"{_EN_DAYS[day.weekday()]} {day.day} {_EN_MONTHS[day.month - 1]}"
    return _date("MMMEd", day, name)


def medium_date(day: date, locale: str | None = None) -> str:
    """'Wed 25 Nov 2026'."""
    name = locale or locale_name()
    if name == DEFAULT_LANGUAGE:
        return f"{_EN_DAYS[day.weekday()]} {day.day} {_EN_MONTHS[day.month - 1]} {day.year}"
    return _date("yMMMEd", day, name)


def long_date(day: date, locale: str | None = None) -> str:
    """'Wednesday, 25 November 2026'; 'Samstag, 5. Dezember 2026' in German."""
    name = locale or locale_name()
    if name == DEFAULT_LANGUAGE:
        return f"{day:%A}, {day.day} {day:%B %Y}"
    return _date("full", day, name)


def day_month(day: date, locale: str | None = None) -> str:
    """'25 Nov' (a week's label on a chart)."""
    name = locale or locale_name()
    if name == DEFAULT_LANGUAGE:
        return f"{day.day} {_EN_MONTHS[day.month - 1]}"
    return _date("MMMd", day, name)


def day_month_year(day: date, locale: str | None = None) -> str:
    """'25 Nov 2026'."""
    name = locale or locale_name()
    if name == DEFAULT_LANGUAGE:
        return f"{day.day} {_EN_MONTHS[day.month - 1]} {day.year}"
    return _date("yMMMd", day, name)


def month_year(day: date, wide: bool = False) -> str:
    """'Nov 2026' (or 'November 2026' when wide)."""
    name = locale_name()
    if name == DEFAULT_LANGUAGE:
        return f"{day:%B %Y}" if wide else f"{day:%b %Y}"
    return _date("yMMMM" if wide else "yMMM", day, name)


def number(value: float | int) -> str:
    """8, 7.5, 1,234 ('7,5' and '1.234' in German); English ungrouped, never an exponent
    (1000000, not '1e+06'); every digit kept, and no float noise, in every language."""
    name = locale_name()
    if name == DEFAULT_LANGUAGE:
        return str(value) if isinstance(value, int) else plain(value)
    return decimal_text(name, value)


@lru_cache(maxsize=16)
def _symbols(name: str) -> tuple[str, str]:
    symbols = Locale.parse(name).number_symbols["latn"]
    return symbols["decimal"], symbols["group"]


def number_symbols() -> tuple[str, str]:
    """(decimal, group) of the reader's language: (".", ",") in English, (",", ".") in German;
    what a typed number is read with (domain.numbers.parse_number)."""
    name = locale_name()
    return (".", ",") if name == DEFAULT_LANGUAGE else _symbols(name)


def input_number(value: float | int | None) -> str:
    """A number for an input's value: the reader's decimal symbol, every digit, no grouping,
    so that saving the form unchanged keeps the number ('12345,5' in German)."""
    return "" if value is None else plain(value, number_symbols()[0])


def grouped(value: int) -> str:
    """1,234 in every language's own way (for a sentence translated now, gettext's `_`)."""
    name = locale_name()
    return f"{value:,}" if name == DEFAULT_LANGUAGE else decimal_text(name, value)


class _Grouped(Msg):
    # A Msg of one number part: rendered, the part goes through the reader's number format
    # (i18n.decimal_text: "1.000", "1\u202f000"); its English is grouped as `grouped` writes.
    def __new__(cls, value: int) -> _Grouped:
        self = str.__new__(cls, f"{value:,}")
        self.msgid = self.plural = self.n = None
        self.params, self.parts, self.sep = {}, (float(value),), ""
        return self


def grouped_later(value: int | float) -> Msg:
    """A whole number for a sentence translated when it is shown (stats.phrases.N_): "1,000"
    in English, "1.000" in German, "1\u202f000" in French; a float is rounded. Needs no
    request: the reader's locale is applied when the sentence is rendered."""
    return _Grouped(round(value))


def clock_later(at: time) -> Msg:
    """A clock time for a sentence translated when it is shown (stats.phrases.N_), as the
    reader's clock shows it (CLDR's short time): "8:00 AM" in English, "08:00" in German and
    French. Needs no request: the reader's locale is applied when the sentence is rendered
    (i18n.CLOCK), and the English is its text."""
    return Msg(CLOCK, params={"clock": format_time(at, "short", locale=DEFAULT_LANGUAGE),
                              "hour": at.hour, "minute": at.minute})


@lru_cache(maxsize=4096)
def _percent(value: float | int, name: str) -> str:
    # Divided exactly: 88.1 / 100 in floats is 0.8809999999999999, "88,09999999999999 %".
    exact = Decimal(value) if isinstance(value, int) else Decimal(english_number(value))
    return format_percent(exact / 100, locale=name, decimal_quantization=False)


def percent_affixes() -> tuple[str, str]:
    """What goes before and after a percentage's number: ("", "%") in English, ("", "\xa0%")
    (a no-break space) in French and German. A chart's axis writes its own numbers
    (static/js/charts.js)."""
    text = percent(0)
    before, _, after = text.partition("0")
    return before, after


def percent(value: float | int) -> str:
    """A percentage given as 0..100: '78%', '78 %' in French and German; '88.1%', never
    '88.10000000000001%'."""
    name = locale_name()
    if name == DEFAULT_LANGUAGE:
        return f"{english_number(value) if isinstance(value, float) else value}%"
    return _percent(value, name)


@lru_cache(maxsize=4096)
def _decimal1(value: float, name: str) -> str:
    return format_decimal(value, format="0.0", locale=name)


def decimal1(value: float) -> str:
    """One decimal: '2.5', '2,5'."""
    name = locale_name()
    return f"{value:.1f}" if name == DEFAULT_LANGUAGE else _decimal1(value, name)


def first_week_day(week_start: str | None) -> int:
    """The weekday (Monday = 0) a user's weeks start on: their choice, else their locale's."""
    if week_start in _WEEK_START_DAY:
        return _WEEK_START_DAY[week_start]
    return current().first_week_day


def user_first_day() -> int:
    """The signed-in user's first day of the week (Monday = 0)."""
    return first_week_day(getattr(current_user, "week_start", None))

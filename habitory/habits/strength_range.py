"""The range of a habit page's strength chart, ?strength=1y|5y|all|year: the ranges worth
offering for the habit, the one asked for, and the default."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext

from habitory.stats.schedule import HabitHistory

# key: (years back from the habit's last judged day, None for its whole history; the label)
RANGES = {"1y": (1, lazy_gettext("1 year")),
          "5y": (5, lazy_gettext("5 years")),
          "all": (None, lazy_gettext("All time"))}
DEFAULT = "1y"
# The calendar's year (?year=, else this year), labelled with it: "year", not "2023", so the
# chart follows the calendar from year to year and the two can never disagree.
YEAR = "year"


@dataclass(frozen=True)
class StrengthRange:
    key: str  # the range shown
    start: date  # its first day
    end: date  # its last: the habit's last judged day, or the chosen year's last day
    choices: dict[str, str] = field(default_factory=dict)  # key: label; empty: no choice


def is_range(key: str | None) -> bool:
    """Whether `key` names a range (which the habit may not have days for)."""
    return key in RANGES or key == YEAR


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier (29 February: the 28th)."""
    if day.month == 2 and day.day == 29:
        day = day.replace(day=28)
    return day.replace(year=day.year - years)


def year_span(year: int, first: date, until: date) -> tuple[date, date] | None:
    """The days of `year` the habit has, if they make a line (two days at least)."""
    start, end = max(first, date(year, 1, 1)), min(until, date(year, 12, 31))
    return (start, end) if start < end else None


def strength_range(asked: str | None, history: HabitHistory, first: date, until: date,
                   year: int | None = None) -> StrengthRange:
    """The range to show. Ranges that would show the same days are offered once, under the
    widest name (three years of history: "1 year · All time"). By default the last year; but
    a habit with nothing logged in that year (a Loop import that ended long ago, a habit left
    idle) opens on all its history: a flat line would hide the years it has. The calendar's
    `year` is offered when it is a past one (this year so far is nearly "1 year"), or asked."""
    spans = {key: (first if years is None else max(first, years_before(until, years)), until)
             for key, (years, _label) in RANGES.items()}
    if year is not None and (span := year_span(year, first, until)):
        spans[YEAR] = span
    widest = {}  # (start, end): the widest range's key showing those days
    for key in (*reversed(RANGES), YEAR):
        if key in spans:
            widest.setdefault(spans[key], key)
    named = set(widest.values())
    offered = [key for key in RANGES if key in named]
    if YEAR in named and (year < until.year or asked == YEAR):
        offered.append(YEAR)
    if len(offered) < 2:  # a year or less of history: every range is that year
        return StrengthRange(DEFAULT, *spans[DEFAULT])
    choices = {key: str(RANGES[key][1]) if key in RANGES else str(year) for key in offered}
    if asked not in spans:  # unknown, or a year the habit has no line in
        idle = not any(spans[DEFAULT][0] <= day <= until for day in history.entries)
        asked = "all" if idle else DEFAULT
    key = widest[spans[asked]]
    return StrengthRange(key, *spans[key], choices)

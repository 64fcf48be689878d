"""The range of a habit page's strength chart, ?strength=1y|5y|all: the ranges worth offering
for the habit, the one asked for, and the default."""

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


@dataclass(frozen=True)
class StrengthRange:
    key: str  # the range shown
    start: date  # its first day; it ends on the habit's last judged day
    choices: dict[str, str] = field(default_factory=dict)  # key: label; empty: no choice


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier (29 February: the 28th)."""
    if day.month == 2 and day.day == 29:
        day = day.replace(day=28)
    return day.replace(year=day.year - years)


def strength_range(asked: str | None, history: HabitHistory, first: date,
                   until: date) -> StrengthRange:
    """The range to show. Ranges that would show the same days are offered once, under the
    widest name (three years of history: "1 year · All time"). By default the last year; but
    a habit with nothing logged in that year (a Loop import that ended long ago, a habit left
    idle) opens on all its history: a flat line would hide the years it has."""
    starts = {key: first if years is None else max(first, years_before(until, years))
              for key, (years, _label) in RANGES.items()}
    widest = {}  # start: the widest range's key beginning there
    for key in reversed(RANGES):
        widest.setdefault(starts[key], key)
    if len(widest) < 2:  # a year or less of history: every range is that year
        return StrengthRange(DEFAULT, starts[DEFAULT])
    choices = {key: str(RANGES[key][1]) for key in RANGES if key in widest.values()}
    if asked not in RANGES:
        idle = not any(starts[DEFAULT] <= day <= until for day in history.entries)
        asked = "all" if idle else DEFAULT
    key = widest[starts[asked]]
    return StrengthRange(key, starts[key], choices)

"""Streaks as Loop Habit Tracker counts them: runs of done, automatic and skipped days.

A weekday habit's unscheduled days bridge a streak (Loop has no weekday schedules; they act as
Loop's skips do) and, since a streak is a span of calendar days, count toward its length. They
never start one: a streak begins on its first done, auto or skipped day. A lone skip is a
streak of one day, as in Loop. A quit habit's clean days are done days, so a slip ends a streak.
Measurable days join a streak when the day's own amount meets the target (Loop's rule, even for
a per-week target); a skipped measurable day always extends it (Loop does so only for at-most).
Streaks run from Loop's oldest computed day (streak_origin): an automatic checkmark that Loop
slides back before the first check-in, or before the habit's creation, counts as in Loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from habitory.stats.daily import EntryArrays
from habitory.stats.schedule import (
    AUTO,
    DONE,
    SKIPPED,
    UNKNOWN,
    UNSCHEDULED,
    HabitHistory,
    meets_target,
)
from habitory.stats.status_arrays import (
    AUTO_AT,
    DONE_AT,
    SKIPPED_AT,
    UNSCHEDULED_AT,
    judged_as_arrays,
    status_codes,
)
from habitory.stats.statuses import auto_days, day_range, plain_entries, status_list, status_on

_EXTENDS = frozenset({DONE, AUTO, SKIPPED})


@dataclass(frozen=True)
class Streak:
    """An unbroken run of days, both ends included."""

    start: date
    end: date

    @property
    def length(self) -> int:
        """Days, inclusive."""
        return (self.end - self.start).days + 1


def streaks(history: HabitHistory, today: date, *, horizon: int = 0) -> list[Streak]:
    """Every streak up to today, newest first.

    `horizon` adds days after today: Loop computes up to today + 30, so its automatic
    checkmarks let a streak run into the future; horizon=0 stops every streak at today.
    """
    first = streak_origin(history, auto_days(history))
    days = day_range(first, today + timedelta(days=horizon))
    found: list[Streak] = []
    start: date | None = None
    end = first
    for day, status in zip(days, status_list(history, days, today), strict=True):
        if status in _EXTENDS:
            start = start or day
            end = day
        elif status == UNSCHEDULED:
            end = day if start else end
        elif start:
            found.append(Streak(start, end))
            start = None
    if start:
        found.append(Streak(start, end))
    return found[::-1]


_ONE_DAY = timedelta(days=1)


def streak_origin(history: HabitHistory, auto: set[int]) -> date:
    """The first day a streak can hold: creation, the oldest check-in, or the oldest day of
    the automatic checkmarks `auto` (auto_days), which Loop may slide back before both. Loop
    computes its streaks from its oldest computed entry, automatic ones included."""
    entries = history.entries
    first = history.created
    if len(entries):
        oldest = (int(entries.ordinals.min()) if isinstance(entries, EntryArrays)
                  else min(entries).toordinal())
        first = min(first, date.fromordinal(oldest))
    return min(first, date.fromordinal(min(auto))) if auto else first


def current_streak(history: HabitHistory, today: date) -> int:
    """Length of the streak that ends today, or yesterday while today is still open."""
    auto = auto_days(history)
    day = today
    if status_on(history, today, auto, today) == UNKNOWN:
        # Today not done yet must not wipe out a streak that ran until yesterday.
        day -= _ONE_DAY
    if judged_as_arrays(history):
        return _streak_from_arrays(history, day, today, auto)
    # Walk back only as far as the streak goes, instead of computing every streak. A Loop
    # veteran's streak runs for years, on every row of Today: the common days are judged
    # inline (as status_on judges them), the rest by status_on itself.
    entries, created = plain_entries(history.entries), history.created
    weekdays, kind = history.schedule.weekdays, history.kind
    end, start = day, None
    while True:
        entry = entries.get(day)
        if entry is not None:
            if entry.state == "skipped" or (entry.state == "done" and (
                    kind != "measurable" or meets_target(history, entry))):
                start = day
            else:
                status = status_on(history, day, auto, today)
                if status in _EXTENDS:
                    start = day
                elif status != UNSCHEDULED:
                    break
        elif day.toordinal() in auto:
            start = day  # AUTO, also before creation (status_on)
        elif day < created:
            break  # UNKNOWN
        elif weekdays is not None and day.weekday() not in weekdays:
            pass  # UNSCHEDULED: bridges the streak, never starts it
        elif kind == "quit" and day <= today:
            start = day  # a clean day
        else:
            break  # MISSED, or UNKNOWN from today on
        day -= _ONE_DAY
    return (end - start).days + 1 if start else 0


_EXTENDS_AT = np.array([AUTO_AT, DONE_AT, SKIPPED_AT])


def _streak_from_arrays(history: HabitHistory, end: date, today: date, auto: set[int]) -> int:
    """current_streak's walk back from `end`, for a habit loaded as arrays: every day from
    streak_origin judged at once, then the run after the last day that neither extends a
    streak nor is unscheduled."""
    first = streak_origin(history, auto)
    if end < first:
        return 0
    codes = status_codes(history, first, end, today, auto)
    extends = np.isin(codes, _EXTENDS_AT)
    breaks = np.flatnonzero(~extends & (codes != UNSCHEDULED_AT))
    after = int(breaks[-1]) + 1 if len(breaks) else 0
    starts = np.flatnonzero(extends[after:])
    return len(codes) - after - int(starts[0]) if len(starts) else 0


def best_streaks(
    history: HabitHistory, today: date, limit: int = 5, *, horizon: int = 0
) -> list[Streak]:
    """Loop's StreakList.getBest: the `limit` longest streaks (ties: the newer), newest first."""
    longest = sorted(streaks(history, today, horizon=horizon),
                     key=lambda s: (s.length, s.end), reverse=True)[:limit]
    return sorted(longest, key=lambda s: s.end, reverse=True)

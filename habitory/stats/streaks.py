"""Streaks as Loop Habit Tracker counts them: runs of done, automatic and skipped days.

A weekday habit's unscheduled days bridge a streak (Loop has no weekday schedules; they act as
Loop's skips do) and, since a streak is a span of calendar days, count toward its length. They
never start one: a streak begins on its first done, auto or skipped day. A lone skip is a
streak of one day, as in Loop. A quit habit's clean days are done days, so a slip ends a streak.
Measurable days join a streak when the day's own amount meets the target (Loop's rule, even for
a per-week target); a skipped measurable day always extends it (Loop does so only for at-most).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from habitory.stats.daily import DONE_CODE, NOT_DONE_CODE, EntryArrays
from habitory.stats.schedule import (
    AUTO,
    DONE,
    LOOP_RAW_MAX,
    LOOP_RAW_MIN,
    SKIPPED,
    UNKNOWN,
    UNSCHEDULED,
    HabitHistory,
    meets_target,
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
    first = min([history.created, *history.entries])
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


def current_streak(history: HabitHistory, today: date) -> int:
    """Length of the streak that ends today, or yesterday while today is still open."""
    auto = auto_days(history)
    day = today
    if status_on(history, today, auto, today) == UNKNOWN:
        # Today not done yet must not wipe out a streak that ran until yesterday.
        day -= _ONE_DAY
    if isinstance(history.entries, EntryArrays) and (
            history.kind != "measurable" or history.entries.amounts is not None):
        return _streak_from_arrays(history, day, auto)
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
        elif day < created:
            break  # UNKNOWN
        elif day.toordinal() in auto:
            start = day  # AUTO
        elif weekdays is not None and day.weekday() not in weekdays:
            pass  # UNSCHEDULED: bridges the streak, never starts it
        elif kind == "quit" and day <= today:
            start = day  # a clean day
        else:
            break  # MISSED, or UNKNOWN from today on
        day -= _ONE_DAY
    return (end - start).days + 1 if start else 0


_BREAKS, _EXTENDS_DAY, _BRIDGES = 0, 1, 2


def _streak_from_arrays(history: HabitHistory, end: date, auto: set[int]) -> int:
    """current_streak's walk back from `end` (on or before today), for a habit loaded as
    arrays: every day from the first check-in or creation classed at once (extends, bridges,
    breaks, as status_on judges them), then the run after the last break."""
    entries = history.entries
    created, last = history.created.toordinal(), end.toordinal()
    first = min(created, int(entries.ordinals.min())) if len(entries) else created
    if last < first:
        return 0
    kind, weekdays = history.kind, history.schedule.weekdays
    size = last - first + 1
    # Days without a check-in: before creation nothing was due; then a quit habit's clean day
    # extends, an unscheduled day bridges, anything else is missed.
    days = np.full(size, _BREAKS, np.int8)
    since_created = max(created - first, 0)
    if kind == "quit":
        days[since_created:] = _EXTENDS_DAY
    unscheduled = None
    if weekdays is not None:
        day_of_week = (np.arange(first, last + 1) + 6) % 7  # ordinal 1 (1 Jan 1) was a Monday
        unscheduled = ~np.isin(day_of_week, list(weekdays))
        days[since_created:][unscheduled[since_created:]] = _BRIDGES
    covered = None
    if auto:
        covered = np.zeros(size, bool)
        ordinals = np.fromiter(auto, np.int64, len(auto))
        covered[ordinals[(ordinals >= first) & (ordinals <= last)] - first] = True
        days[since_created:][covered[since_created:]] = _EXTENDS_DAY  # none before creation
    # Days with one: done (a measurable day: its amount meets the target) and skipped extend;
    # anything else is covered by an interval, unscheduled, or a miss (a quit habit's slip).
    within = entries.ordinals <= last
    positions, codes = entries.ordinals[within] - first, entries.codes[within]
    extends = codes != NOT_DONE_CODE
    if kind == "measurable":
        extends &= (codes != DONE_CODE) | _meet(history, entries.amounts[within])
    judged = np.where(extends, _EXTENDS_DAY, _BREAKS).astype(np.int8)
    if unscheduled is not None:
        judged[~extends & unscheduled[positions]] = _BRIDGES
    if covered is not None:
        judged[~extends & covered[positions]] = _EXTENDS_DAY
    days[positions] = judged
    breaks = np.flatnonzero(days == _BREAKS)
    after = int(breaks[-1]) + 1 if len(breaks) else 0
    extends = np.flatnonzero(days[after:] == _EXTENDS_DAY)
    return size - after - int(extends[0]) if len(extends) else 0


def _meet(history: HabitHistory, amounts: np.ndarray) -> np.ndarray:
    """amount_meets_target for each amount: compared as Loop stores it (no amount is 0)."""
    scaled = np.nan_to_num(amounts, nan=0.0) * 1000 + 0.5
    stored = np.floor(np.clip(scaled, LOOP_RAW_MIN, LOOP_RAW_MAX)) / 1000
    goal = history.target if history.target is not None else 0.0
    return stored <= goal if history.direction == "at_most" else stored >= goal


def best_streaks(
    history: HabitHistory, today: date, limit: int = 5, *, horizon: int = 0
) -> list[Streak]:
    """Loop's StreakList.getBest: the `limit` longest streaks (ties: the newer), newest first."""
    longest = sorted(streaks(history, today, horizon=horizon),
                     key=lambda s: (s.length, s.end), reverse=True)[:limit]
    return sorted(longest, key=lambda s: s.end, reverse=True)

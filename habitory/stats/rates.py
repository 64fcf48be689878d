"""Each day's status for the Insights figures, completion rates and weekly averages.

The moving rates and the per-month, per-week and per-weekday tables are in tables.py.

Definitions behind every Insights number (health.py and patterns.py build on them):

* A habit's *due days* run from its `created` date to `today`: the days its schedule asks for
  (weekday schedules: the chosen weekdays; num/den schedules: every day), minus skipped days,
  plus any other day it was done (a Mon-Wed-Fri habit ticked on a Saturday was done: due and
  a success, as Today and the Calendar count it; status_arrays.due_and_done is the rule).
  Today is due only once it has an entry that decides it: an un-ticked morning, or a measurable
  amount still short of an at-least target, does not count yet. Entries dated before `created`
  are not due, nor the automatic checkmarks Loop slides back before it (streaks, as
  streaks.py counts them, still see both).
* A *success* is a due day that is_success() calls a success (done for yes/no, the amount on the
  right side of the target for measurable, clean for quit) or, for num/den habits below once a
  day, a day covered by Loop's automatic checkmarks ("auto"): a 3x-a-week habit done three
  times every week has a rate of 100%. An "at most" day with nothing logged (no check-in, a
  note alone, a "not done" without an amount) is a success too: nothing was over the limit,
  as strength counts it (a day without a value is 0; status_arrays.kept_days; its status and
  so the streaks stay Loop's, which count only entries).
* A measurable habit with a target per several days ("20 km a week": 1 per 7 days, no
  weekdays) is judged as Loop's score judges it: every day is due, and a success when the
  amounts of the den days up to it meet the target (at most: the sum within the limit, a
  period with nothing logged included); today counts once that is decided. Every amount
  counts, also one stored as "not done" because the day alone misses the target. Its
  completions are the days with an amount logged. Streaks keep Loop's own rule (the
  statuses are not changed). The rule is status_arrays.kept_days and period_met, which the
  calendar, the Calendar's counts and Today read too.
* A *completion* is a day the user actually did it (status "done", for a quit habit a clean
  day), scheduled or not; the weekly average and the monthly counts show completions.
* A *rate* is successes / due days. With nothing due it is None, never 0 or NaN.

The caller passes active habits only (archived ones are left out before) and the user's local
`today`; nothing here reads the clock. Statuses are statuses.status_on's, for all days at once
with numpy (the tests check that both agree, and that the streaks match streaks.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from habitory.stats.daily import entry_arrays
from habitory.stats.schedule import HabitHistory, period_target, target_value
from habitory.stats.status_arrays import (
    STATUSES,
    due_and_done,
    kept_days,
    period_amounts,
    period_met,
)

STATUS_NAMES = STATUSES  # index = status code (done, auto, skipped, missed, unscheduled, unknown)
CODE = {name: code for code, name in enumerate(STATUS_NAMES)}  # the first three extend a streak
_DONE, _AUTO, _SKIPPED, _MISSED, _UNSCHEDULED, _UNKNOWN = range(6)
_EPOCH = date(1970, 1, 1).toordinal()  # datetime64's day 0


@dataclass(frozen=True)
class Rate:
    """Successes out of due days; `value` and `percent` are None when nothing was due."""

    successes: int = 0
    due: int = 0

    def __add__(self, other: Rate) -> Rate:
        return Rate(self.successes + other.successes, self.due + other.due)

    @property
    def value(self) -> float | None:
        """The rate as a fraction, 0..1."""
        return self.successes / self.due if self.due else None

    @property
    def percent(self) -> int | None:
        """The rate as the page prints it: a whole percent, rounded half up."""
        return (200 * self.successes + self.due) // (2 * self.due) if self.due else None


@dataclass(frozen=True, eq=False)
class HabitDays:
    """One habit's days from `first` (creation, its oldest entry, or an automatic checkmark
    before both: streaks.streak_origin) to today, as numpy arrays."""

    kind: str
    first: int  # ordinal of index 0
    today: int  # ordinal of the last index
    created: int
    per_week: float  # scheduled days a week: 7 daily, 3 for Mon/Wed/Fri, 7 * num / den
    codes: np.ndarray  # int8 index into STATUS_NAMES
    due: np.ndarray  # bool
    success: np.ndarray  # bool, a subset of due
    completed: np.ndarray  # bool
    today_counts: bool  # today has an entry, so it counts toward completions and elapsed days
    sums: dict[str, np.ndarray] = field(repr=False)  # running totals of each flag, from 0
    weekdays: frozenset[int] | None = None  # a weekday schedule's days (0 = Monday)

    def window(self, flags: str, start: int, end: int, out: np.ndarray | None = None
               ) -> np.ndarray:
        """The named flags (due, success, completed) for ordinals start..end, 0 outside."""
        if out is None:
            out = np.zeros(max(end - start + 1, 0), np.int64)
        lo, hi = max(start, self.first), min(end, self.today)
        if lo <= hi:
            source = getattr(self, flags)
            out[lo - start:hi - start + 1] = source[lo - self.first:hi - self.first + 1]
        return out

    def count(self, flags: str, start: int, end: int) -> int:
        """How many days from ordinal start to end (inclusive) have the named flag."""
        sums, lo, hi = self.sums[flags], max(start, self.first), min(end, self.today)
        return int(sums[hi - self.first + 1] - sums[lo - self.first]) if lo <= hi else 0

    def rate(self, start: int, end: int) -> Rate:
        """Successes and due days from ordinal start to end, inclusive."""
        return Rate(self.count("success", start, end), self.count("due", start, end))


def _select(rules: list[tuple[np.ndarray, int]], default: int) -> np.ndarray:
    """np.select(masks, codes, default) as int8: the first mask that holds wins."""
    # A chain of np.where takes a third of np.select's time on a few thousand days.
    codes = np.int8(default)
    for mask, code in reversed(rules):
        codes = np.where(mask, np.int8(code), codes)
    return codes


def habit_days(history: HabitHistory, today: date) -> HabitDays:
    """Statuses, due days, successes and completions of one habit up to today, vectorised."""
    t, created = today.toordinal(), history.created.toordinal()
    measurable = history.kind == "measurable"
    ords, states, amounts = entry_arrays(history.entries, amounts=measurable)
    keep = ords <= t  # a future entry cannot change a past day (auto_flags still sees it)
    first = int(min(created, ords[keep].min())) if keep.any() else created
    # From the oldest automatic checkmark, where Loop slides one back before both: the codes
    # (and so Insights' streaks) see it; no rate counts a day before creation.
    begins, ends = _intervals(history, ords, states)
    first = min(first, min(begins, default=first))
    n = max(t - first + 1, 0)
    state = np.full(n, -1, np.int8)
    state[ords[keep] - first] = states[keep]
    has, done = state >= 0, state == 1
    failed = state == 0
    if measurable:
        by_day = np.full(n, np.nan)
        by_day[ords[keep] - first] = amounts[keep]
        stored = np.floor(np.nan_to_num(by_day) * 1000 + 0.5) / 1000  # what Loop compares
        target = target_value(history)
        at_most = history.direction == "at_most"
        meets = stored <= target if at_most else stored >= target
        failed |= done & ~meets if at_most else False
        done &= meets
    weekdays = history.schedule.weekdays
    if weekdays is None:
        scheduled = np.ones(n, bool)
        num, den = history.schedule.loop_frequency
        per_week = 7 * num / den
    else:
        table = np.zeros(7, bool)
        table[list(weekdays)] = True
        scheduled = table[(np.arange(first, first + n) - 1) % 7]  # ordinal 1 is a Monday
        per_week = float(len(weekdays))
    auto, index = _flags(begins, ends, first, n), np.arange(n)
    before, is_today = index < created - first, index == n - 1
    quit_habit = history.kind == "quit"
    # The branches of statuses.status_on, in its order: first with an entry, then without.
    with_entry = _select([(state == 2, _SKIPPED), (done, _DONE), (auto, _AUTO),
                          (~scheduled, _UNSCHEDULED), (is_today & ~failed, _UNKNOWN)], _MISSED)
    without = _select([(auto, _AUTO), (before, _UNKNOWN), (~scheduled, _UNSCHEDULED),
                       (is_today & (not quit_habit), _UNKNOWN)], _DONE if quit_habit else _MISSED)
    codes = np.where(has, with_entry, without)
    # The amounts judge a measurable habit's days where its statuses cannot (kept_days): a
    # limit, or a target per several days, whose total met makes today count before its entry.
    kept = kept_days(history, codes, first, t)
    due_days, done_days = due_and_done(codes, kept)
    counted = ~before & (~is_today | has | (False if kept is None else kept))
    due = counted & due_days
    flags = {"due": due, "success": due & done_days,
             "completed": counted & (codes == _DONE)}
    if period_target(history):
        flags["completed"] = ~before & _period_done(history, state, by_day, first, n)
    return HabitDays(history.kind, first, t, created, per_week, codes, **flags,
                     today_counts=bool(n and has[-1]),
                     sums={k: np.concatenate(([0], np.cumsum(v))) for k, v in flags.items()},
                     weekdays=weekdays)


def _period_done(history: HabitHistory, state: np.ndarray, by_day: np.ndarray, first: int,
                 n: int) -> np.ndarray:
    """The completions of a measurable habit with a target per several days: toward "at
    least", every day with an amount (the day editor stores 7 km toward 20 km a week as "not
    done": the day alone misses the target, yet it is 7 km of the week); under "at most",
    every day logged whose period stays within the limit. A day's own amount is a completion
    as soon as it is logged, today included (as a daily habit's check-in is), met or not."""
    if history.direction == "at_least":
        return period_amounts(history, first, n) > 0
    logged = (state == 1) | ((state == 0) & ~np.isnan(by_day))
    return logged & period_met(history, first, n)


def _intervals(history: HabitHistory, ords: np.ndarray, states: np.ndarray
               ) -> tuple[list[int], list[int]]:
    """The begins and ends (ordinals) of statuses.auto_days' intervals, newest first."""
    # auto_days' steps with numpy, bar the snapping, which runs newest to oldest in plain ints.
    # Every done entry counts, future ones included, as in auto_days.
    num, den = history.schedule.loop_frequency
    if history.kind != "yes_no" or history.schedule.weekdays is not None or den == 1:
        return [], []
    checks = np.sort(ords[states == 1])[::-1]  # newest first
    if checks.size < num:
        return [], []
    begin, center = checks[num - 1:], checks[:checks.size - num + 1]
    size = _interval_sizes(begin, den)
    inside = center - begin < size  # num checks within one window: the window is covered
    begins, centers = begin[inside].tolist(), center[inside].tolist()
    ends = (begin + size - 1)[inside].tolist()
    for i in range(1, len(begins)):  # slide each older interval back over the newer one
        overlap = ends[i] - begins[i - 1]
        if overlap >= 0:
            shift = min(ends[i] - centers[i], overlap + 1)
            begins[i] -= shift
            ends[i] -= shift
    return begins, ends


def auto_flags(history: HabitHistory, ords: np.ndarray, states: np.ndarray, first: int,
               n: int) -> np.ndarray:
    """The n days from ordinal `first` that statuses.auto_days covers, as a bool array."""
    return _flags(*_intervals(history, ords, states), first, n)


def _flags(begins: list[int], ends: list[int], first: int, n: int) -> np.ndarray:
    """The n days from ordinal `first` that the intervals [begin, end] cover."""
    auto = np.zeros(n, bool)
    if not begins:
        return auto
    # Mark the union of [begin, end] with a running count of intervals open on each day.
    lo, hi = np.clip(begins, first, first + n) - first, np.clip(ends, first - 1, first + n - 1)
    opened = np.bincount(lo, minlength=n + 1) - np.bincount(hi - first + 1, minlength=n + 1)
    auto[:] = np.cumsum(opened[:n]) > 0
    return auto


def _interval_sizes(begin: np.ndarray, den: int) -> np.ndarray:
    """schedule._interval_size for each ordinal: den days, or a calendar month for 30 and 31."""
    if den not in (30, 31):
        return np.full(begin.size, den, np.int64)
    day = (begin - _EPOCH).astype("datetime64[D]")
    month = day.astype("datetime64[M]")
    starts = [(month + k).astype("datetime64[D]").astype(np.int64) + _EPOCH for k in (0, 1, 2)]
    last = begin == starts[1] - 1  # from a month's last day, the month that follows counts
    return np.where(last, starts[2] - starts[1], starts[1] - starts[0])


def completion_rate(days: HabitDays, today: date, window: int | None) -> Rate:
    """The rate over the `window` days ending today (7, 30, 90...), or all time for None."""
    t = today.toordinal()
    return days.rate(days.first if window is None else t - window + 1, t)


def weekly_average(days: HabitDays, today: date, window: int | None) -> float | None:
    """Completions per 7 days over the window since creation; None before 7 days have passed."""
    # One good day is not "7 a week". Today counts once it has an entry.
    t = today.toordinal()
    start = days.created if window is None else max(days.created, t - window + 1)
    elapsed = t - start + days.today_counts
    if elapsed < 7:
        return None
    # Half up to one decimal, as every figure on the pages rounds (round() would give 0.25
    # as 0.2); the inner round(…, 9) drops float noise such as 0.15 * 10 = 1.4999999999999998.
    tenths = math.floor(round(70 * days.count("completed", start, t) / elapsed, 9) + 0.5)
    return tenths / 10

"""How many of a user's habits were due and done on each day of a span: the overall
calendar's numbers, counted by the same day statuses as Today's "3 of 5 done"
(habits/rows.py) and by the rates' rule (stats.status_arrays.due_and_done): done, or covered
by its target (auto), is due and done, also on a day the schedule leaves out; skipped, not
scheduled and not done, or before the habit existed is not due; a quit habit is done unless
it slipped, a habit judged by its amounts as its rates judge it (a limit within, a target per
several days met: stats.status_arrays.kept_days); today, still open, is due (for every habit
Today lists)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from habitory.domain.habit_queries import schedules_of
from habitory.domain.history import histories
from habitory.stats.status_arrays import (
    AUTO_AT,
    STATUSES,
    UNKNOWN_AT,
    due_and_done,
    judged_as_arrays,
    kept_days,
    status_codes,
)
from habitory.stats.statuses import auto_days, day_range, status_list


@dataclass
class DayCount:
    done: int = 0
    due: int = 0
    needed: int = 0  # due habits with set days (views/year_numbers.py: a complete day)
    needed_done: int = 0


def has_set_days(habit) -> bool:
    """Expected on each of its days: daily, on chosen weekdays, or a habit to quit (clean each
    day); a flexible "3× a week" is not, or no day could be complete without doing it daily."""
    return habit.kind == "quit" or bool(habit.weekdays) or habit.freq_num >= habit.freq_den


def day_counts(user_id: int, first: date, last: date, today: date) -> dict[date, DayCount]:
    """For each day from first to last (up to today), the user's active habits' counts."""
    counts: dict[date, DayCount] = {}
    last = min(last, today)
    if last < first:
        return counts
    habits = schedules_of(user_id)
    # Automatic checkmarks look back up to one period: read that far before the span.
    lookback = max([h.freq_den for h in habits] + [7])
    loaded = histories(habits, since=first - timedelta(days=lookback), until=last)
    days = day_range(first, last)
    # Per day, by position, for all habits at once: a year of 25 habits is 9,000 statuses.
    done, due, needed, needed_done = (np.zeros(len(days), np.int64) for _ in range(4))
    is_today = np.arange(len(days)) == (today - first).days
    for habit in habits:
        codes = _codes(loaded[habit.id], first, last, today)
        # A day Loop's target covers before the habit's creation holds a streak (stats.
        # streaks) but, as in the rates, is not due: nobody had the habit yet.
        before = codes[:max(loaded[habit.id].created.toordinal() - first.toordinal(), 0)]
        before[before == AUTO_AT] = UNKNOWN_AT
        due_days, did = due_and_done(
            codes, kept_days(loaded[habit.id], codes, first.toordinal(), today.toordinal()))
        # Today, still open, is due: Today lists and counts every active habit, even one
        # created "tomorrow" (its owner since moved west of the timezone it was made in).
        counts = due_days | ((codes == UNKNOWN_AT) & is_today)
        due += counts
        done += did
        if has_set_days(habit):
            needed += counts
            needed_done += did
    return {day: DayCount(*numbers) for day, *numbers in zip(
        days, done.tolist(), due.tolist(), needed.tolist(), needed_done.tolist(), strict=True)
        if numbers[1]}


def _codes(history, first: date, last: date, today: date) -> np.ndarray:
    """Each day's status code (stats.status_arrays), however the check-ins were loaded."""
    auto = auto_days(history, first)
    if judged_as_arrays(history):
        return status_codes(history, first, last, today, auto)
    at = {status: code for code, status in enumerate(STATUSES)}
    return np.array([at[s] for s in status_list(history, day_range(first, last), today)],
                    np.int8)

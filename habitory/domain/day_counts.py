"""How many of a user's habits were due and done on each day of a span: the overall
calendar's numbers, counted by the same day statuses as Today's "3 of 5 done"
(habits/rows.py): done, or covered by its target (auto), is done; skipped, not scheduled, or
before the habit existed is not due; a quit habit is done unless it slipped; today, still
open, is due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from habitory.domain.habits import schedules_of
from habitory.domain.history import entries_for, history_of
from habitory.stats.schedule import AUTO, DONE, MISSED, UNKNOWN
from habitory.stats.statuses import day_range, status_list

DONE_STATUSES = frozenset({DONE, AUTO})


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
    entries = entries_for([h.id for h in habits], since=first - timedelta(days=lookback),
                          until=last)
    days = day_range(first, last)
    # Per day, by position: lists, not a DayCount per day and habit (a year of 25 habits is
    # 9,000 statuses, and this loop was a fifth of the calendar's time).
    done, due, needed, needed_done = ([0] * len(days) for _ in range(4))
    today_at = (today - first).days
    for habit in habits:
        statuses = status_list(history_of(habit, entries.get(habit.id, {})), days, today)
        counts_today = habit.created_on <= today  # today, still open, is due once it exists
        set_days = has_set_days(habit)
        for at, status in enumerate(statuses):
            if status in DONE_STATUSES:
                did = 1
            elif status == MISSED or (status == UNKNOWN and at == today_at and counts_today):
                did = 0
            else:
                continue  # skipped, not scheduled, before the habit, or nothing to count
            due[at] += 1
            done[at] += did
            if set_days:
                needed[at] += 1
                needed_done[at] += did
    return {day: DayCount(done[at], due[at], needed[at], needed_done[at])
            for at, day in enumerate(days) if due[at]}

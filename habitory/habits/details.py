"""The numbers on a habit's page: streaks, strength and its recent history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from habitory.domain import history
from habitory.habits.rows import HabitRow, build_row
from habitory.models import CheckIn, Habit
from habitory.stats.patterns import insights
from habitory.stats.schedule import HabitHistory, did_it
from habitory.stats.streaks import Streak, best_streaks
from habitory.stats.strength import strength, strength_series
from habitory.views.charts import strength_chart

HISTORY_LIMIT = 30


@dataclass
class HabitNumbers:
    row: HabitRow
    best: list[Streak]
    strength: float
    successes: int
    history: list[CheckIn]

    @property
    def best_length(self) -> int:
        return max((s.length for s in self.best), default=0)


def habit_numbers(habit: Habit, today: date) -> HabitNumbers:
    """Everything the habit page shows, from the habit's whole history (one query)."""
    row = build_row(habit, today)
    row.history = history.histories([habit])[habit.id]
    entries = row.history.entries
    best = sorted(best_streaks(row.history, today, limit=5),
                  key=lambda s: (s.length, s.end), reverse=True)
    successes = sum(1 for day in entries if day <= today and did_it(row.history, day))
    recent = history.recent_checkins(habit.id, HISTORY_LIMIT)
    return HabitNumbers(row, best, strength(row.history, today), successes, recent)


def habit_insights(habit: Habit, history: HabitHistory, today: date):
    """The habit's own part of Insights: its rates and health, and its strength over time."""
    data = insights({habit.id: history}, {habit.id: habit.name}, today, 365)
    summary = data.habits[0] if data.habits else None
    start = max(habit.created_on, today.replace(year=today.year - 1) if not (
        today.month == 2 and today.day == 29) else today.replace(year=today.year - 1, day=28))
    series = strength_series(history, start, today)
    chart = strength_chart(series, habit.colour or "teal") if len(series) > 1 else None
    return summary, chart

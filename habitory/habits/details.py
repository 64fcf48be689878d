"""The numbers on a habit's page: streaks, strength and its recent history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from ..ai.stats import (
    HabitHistory,
    Streak,
    best_streaks,
    insights,
    is_success,
    strength,
    strength_series,
)
from ..extensions import db
from ..models import CheckIn, Habit
from .queries import entries_for, history_of
from .rows import HabitRow, build_row

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
    entries = entries_for([habit.id]).get(habit.id, {})
    row.history = history_of(habit, entries)
    best = sorted(best_streaks(row.history, today, limit=5),
                  key=lambda s: (s.length, s.end), reverse=True)
    successes = sum(1 for day in entries if day <= today and is_success(row.history, day))
    recent = list(
        db.session.scalars(
            sa.select(CheckIn)
            .where(CheckIn.habit_id == habit.id)
            .order_by(CheckIn.day.desc())
            .limit(HISTORY_LIMIT)
        )
    )
    return HabitNumbers(row, best, strength(row.history, today), successes, recent)


def habit_insights(habit: Habit, history: HabitHistory, today: date):
    """The habit's own part of Insights: its rates and health, and its strength over time."""
    from ..insights.charts import strength_chart

    data = insights({habit.id: history}, {habit.id: habit.name}, today, 365)
    summary = data.habits[0] if data.habits else None
    start = max(habit.created_on, today.replace(year=today.year - 1) if not (
        today.month == 2 and today.day == 29) else today.replace(year=today.year - 1, day=28))
    series = strength_series(history, start, today)
    chart = strength_chart(series, habit.colour or "teal") if len(series) > 1 else None
    return summary, chart

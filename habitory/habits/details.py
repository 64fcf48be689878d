"""The numbers on a habit's page: streaks, strength and its recent history."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from habitory.domain import history
from habitory.habits.rows import HabitRow, build_row
from habitory.habits.strength_range import YEAR, strength_range
from habitory.models import CheckIn, Habit
from habitory.stats.patterns import insights
from habitory.stats.schedule import HabitHistory, did_it, is_success
from habitory.stats.status_arrays import met_on
from habitory.stats.streaks import Streak, best_streaks
from habitory.stats.strength import strength, strength_series
from habitory.views.strength_chart import range_strength_chart

HISTORY_LIMIT = 30


@dataclass
class HabitNumbers:
    row: HabitRow
    best: list[Streak]
    strength: float
    successes: int
    history: list[CheckIn]
    # A logged day of a target per several days that a met period holds: the day it was met
    # (the History says so rather than the stored "not done", as Today and the rates count it).
    met_on: dict[date, date] = field(default_factory=dict)

    @property
    def best_length(self) -> int:
        return max((s.length for s in self.best), default=0)


def habit_numbers(habit: Habit, today: date) -> HabitNumbers:
    """Everything the habit page shows, from the habit's whole history (one query)."""
    row = build_row(habit, today)
    row.history = history.histories([habit])[habit.id]
    best = sorted(best_streaks(row.history, today, limit=5),
                  key=lambda s: (s.length, s.end), reverse=True)
    successes = _days_done(row.history, today)
    recent = history.recent_checkins(habit.id, HISTORY_LIMIT)
    logged = [c.day for c in recent if c.state == "not_done" and (c.amount or 0) > 0]
    return HabitNumbers(row, best, strength(row.history, today), successes, recent,
                        met_on(row.history, logged, today))


def derived_sections(habit: Habit, until: date, strength_key: str | None = None,
                     year: int | None = None) -> dict:
    """What the page's sections drawn from check-ins need (key numbers, how it is going, best
    streaks, history): the page's context, and the fragment that redraws them after a change.
    `strength_key` is the strength chart's range as the URL asks for it (?strength=); `year`,
    the calendar's, which the "year" range shows."""
    numbers = habit_numbers(habit, until)
    summary, chart, shown = habit_insights(habit, numbers.row.history, until, strength_key,
                                           year)
    return {"numbers": numbers, "row": numbers.row, "summary": summary, "strength_chart": chart,
            "strength_range": shown}


def _days_done(habit: HabitHistory, today: date) -> int:
    """Days done so far. A habit to quit is done on each clean day since it began, check-in or
    not; today counts once it has one (the day is not over), as the rates count it."""
    if habit.kind != "quit":
        return sum(1 for day in habit.entries if day <= today and did_it(habit, day))
    slips = sum(1 for day in habit.entries
                if habit.created <= day < today and not is_success(habit, day))
    today_done = today in habit.entries and is_success(habit, today)
    return max((today - habit.created).days, 0) - slips + today_done


def habit_insights(habit: Habit, history: HabitHistory, today: date,
                   strength_key: str | None = None, year: int | None = None):
    """The habit's own part of Insights: its rates and health, and its strength over time
    (the last year, or the range asked for: see strength_range)."""
    data = insights({habit.id: history}, {habit.id: habit.name}, today, 365)
    summary = data.habits[0] if data.habits else None
    shown = strength_range(strength_key, history, habit.created_on, today, year)
    series = strength_series(history, shown.start, shown.end)
    chart = (range_strength_chart(series, habit.colour or "teal",
                                  year if shown.key == YEAR else None)
             if len(series) > 1 else None)
    return summary, chart, shown

"""Habit statistics as Loop Habit Tracker computes them: statuses, streaks and strength.

The public names live here; the code is split by topic into schedule.py, streaks.py and
strength.py. Pure Python and numpy: no Flask, no database.
"""

from __future__ import annotations

from .schedule import (
    AUTO,
    DONE,
    MISSED,
    SKIPPED,
    UNKNOWN,
    UNSCHEDULED,
    Entry,
    HabitHistory,
    Schedule,
    day_status,
    day_statuses,
    is_success,
)
from .streaks import Streak, best_streaks, current_streak, streaks
from .strength import score_step, strength, strength_series

__all__ = [
    "AUTO",
    "DONE",
    "MISSED",
    "SKIPPED",
    "UNKNOWN",
    "UNSCHEDULED",
    "Entry",
    "HabitHistory",
    "Schedule",
    "Streak",
    "best_streaks",
    "current_streak",
    "day_status",
    "day_statuses",
    "is_success",
    "score_step",
    "streaks",
    "strength",
    "strength_series",
]

# The Insights page's statistics: rates.py, health.py and patterns.py.
from .health import (  # noqa: E402
    Component,
    HabitSummary,
    HealthScore,
    OverallPart,
    OverallScore,
    block_rates,
    health_score,
    overall_score,
    streak_summary,
    summarise_habit,
    trend_rates,
)
from .patterns import (  # noqa: E402
    Insights,
    Pattern,
    Recommendation,
    cross_habit_patterns,
    insights,
    recommendations,
    two_proportion_z,
)
from .rates import (  # noqa: E402
    Charts,
    DayMatrix,
    HabitDays,
    MonthStat,
    Rate,
    RollingSeries,
    WeekStat,
    charts,
    completion_rate,
    day_matrix,
    habit_days,
    iso_week_stats,
    monthly_stats,
    rolling_rates,
    weekday_counts,
    weekly_average,
)

__all__ += [
    "Charts",
    "Component",
    "DayMatrix",
    "HabitDays",
    "HabitSummary",
    "HealthScore",
    "Insights",
    "MonthStat",
    "OverallPart",
    "OverallScore",
    "Pattern",
    "Rate",
    "Recommendation",
    "RollingSeries",
    "WeekStat",
    "block_rates",
    "charts",
    "completion_rate",
    "cross_habit_patterns",
    "day_matrix",
    "habit_days",
    "health_score",
    "insights",
    "iso_week_stats",
    "monthly_stats",
    "overall_score",
    "recommendations",
    "rolling_rates",
    "streak_summary",
    "summarise_habit",
    "trend_rates",
    "two_proportion_z",
    "weekday_counts",
    "weekly_average",
]

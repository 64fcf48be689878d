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

"""The web's one ownership check: the current user's habit, or a 404."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from habitory.domain import habits
from habitory.models import Habit


def get_habit_or_404(habit_id: int) -> Habit:
    """The current user's habit, or 404: another user's habit looks like none at all."""
    habit = habits.owned(current_user.id, habit_id)
    if habit is None:
        abort(404)
    return habit


"""The web's one ownership check: the current user's habit, or a 404."""

from __future__ import annotations

from datetime import date

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


def get_for_change_or_404(habit_id: int, day: date, tomorrow: date):
    """(habit, its check-in on `day`, its prediction for `tomorrow`) of the current user."""
    found = habits.for_change(current_user.id, habit_id, day, tomorrow)
    if found is None:
        abort(404)
    return found

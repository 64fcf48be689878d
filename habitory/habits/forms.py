"""Habit forms."""

from __future__ import annotations

import sqlalchemy as sa
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import ValidationError

from ..extensions import db
from ..models import NAME_MAX, Habit, name_key


def _strip(value: str | None) -> str:
    return (value or "").strip()


class HabitNameForm(FlaskForm):
    """Add or rename: a trimmed name, 1-80 characters, unique per user whatever the case."""

    name = StringField("Habit name", filters=[_strip])

    def __init__(self, *args, habit: Habit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.habit = habit

    def validate_name(self, field) -> None:
        """Say exactly what is wrong with the name."""
        if not field.data:
            raise ValidationError("Give the habit a name.")
        if len(field.data) > NAME_MAX:
            raise ValidationError(
                f"Keep the name to {NAME_MAX} characters or fewer (this one has {len(field.data)})."
            )
        query = sa.select(Habit.id).where(
            Habit.user_id == current_user.id, Habit.name_key == name_key(field.data)
        )
        if self.habit is not None:
            query = query.where(Habit.id != self.habit.id)
        if db.session.scalar(query):
            raise ValidationError(f"You already have a habit called “{field.data}”.")

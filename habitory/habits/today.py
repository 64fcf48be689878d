"""What the Today page and the fragments that redraw its list need, in one place."""

from __future__ import annotations

from datetime import timedelta

from flask import request
from flask_login import current_user

from habitory.clock import user_today
from habitory.domain import habits, predictions, tags
from habitory.domain.text import quoted
from habitory.habits import rows
from habitory.habits.forms import HabitNameForm


def dashboard_context(form: HabitNameForm | None = None, tag_name: str | None = None) -> dict:
    """What the Today page and the fragments that redraw its list need."""
    today = user_today(current_user)
    tag_name = tag_name if tag_name is not None else request.values.get("tag", "")
    tag = tags.find_tag(current_user.id, tag_name)
    listed = rows.build_rows(habits.habits_of(current_user.id, tag=tag), today)
    done, due = rows.progress(listed)
    chances = predictions.stored(current_user.id, today + timedelta(days=1))
    for row in listed:
        row.prediction = chances.get(row.habit.id)
    return {
        "rows": listed,
        "today": today,
        "done": done,
        "due": due,
        "form": form or HabitNameForm(),
        "archived_count": habits.archived_count(current_user.id),
        "tags": tags.tags_of(current_user.id),
        "tag": tag,
        "unknown_tag": quoted(tag_name) if tag_name and tag is None else None,
    }

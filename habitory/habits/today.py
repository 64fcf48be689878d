"""What the Today page and the fragments that redraw its list need, in one place; and where a
plain post from one of its rows comes back to on it."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from flask import request, url_for
from flask_login import current_user

from habitory.clock import user_today
from habitory.domain import habits, predictions, tags
from habitory.domain.text import quoted
from habitory.habits import rows
from habitory.habits.forms import HabitNameForm
from habitory.htmx import safe_next
from habitory.models import Habit


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


# Without JavaScript a row's action reloads the whole page: the redirect names the element to
# open at (the row's own id), or a long list would reopen at its top and the user lose their
# place. Built here from ids, never taken from the request: `next` stays a same-site path.

def back_target() -> str:
    """Where a plain post goes back to, as htmx.redirect_back decides: the form's `next` or
    the referrer when ours, else Today."""
    return safe_next(request.form.get("next") or request.referrer) or url_for("habits.dashboard")


def row_anchor(habit_id: int) -> str | None:
    """`habit-N` when the post goes back to Today, where the habit's row has that id; None
    for another page (it opens at its top)."""
    if urlsplit(back_target()).path != url_for("habits.dashboard"):
        return None
    return f"habit-{habit_id}"


def gap_anchor(habit: Habit, back: str | None = None) -> str | None:
    """Where a list shows a habit's row that has left it (archived, restored, deleted): the
    row that took its place, the one above when it was the last, else the list itself. On
    Today (the list filtered as the page will be) or the archived habits' page; None for
    another page. Read before or after the change alike: the habit's own row is skipped."""
    parts = urlsplit(back or back_target())
    if parts.path == url_for("habits.dashboard"):
        tag = tags.find_tag(current_user.id, parse_qs(parts.query).get("tag", [""])[0])
        listed, prefix, whole = habits.habits_of(current_user.id, tag=tag), "habit-", "habit-list"
    elif parts.path == url_for("habits.archived"):
        listed = habits.habits_of(current_user.id, archived=True)
        prefix, whole = "archived-", "archived-list"
    else:
        return None
    others = [h for h in listed if h.id != habit.id]
    after = next((h for h in others if (h.position, h.id) > (habit.position, habit.id)), None)
    heir = after or (others[-1] if others else None)
    return f"{prefix}{heir.id}" if heir else whole

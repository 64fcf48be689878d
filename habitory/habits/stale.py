"""The answer to a page drawn before its habit was archived or deleted (perhaps in another
tab): a change asked from it says why nothing happened instead of acting, and a stale Today
row goes."""

from __future__ import annotations

from flask import Response, abort, flash, make_response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from habitory.domain import habits
from habitory.errors import error_response
from habitory.habits.today import dashboard_context, gap_anchor
from habitory.htmx import is_htmx, redirect_back
from habitory.models import Habit


def from_row() -> bool:
    """Whether the request comes from a Today row (not the habit page's calendar or day form,
    where an archived habit's history may be changed on purpose)."""
    return request.form.get("view", "row") == "row" and request.form.get("form") != "day"


def habit_gone() -> Response:
    """A habit deleted since the page was drawn: a 404 page, or for htmx the message and a
    Today row's list redrawn without it."""
    if not is_htmx():
        abort(404)  # also another user's habit: nothing says it exists
    return row_gone(404, _("That habit no longer exists (it was deleted, perhaps in another "
                           "tab), so nothing was saved."))


def habit_archived(habit: Habit) -> Response:
    """A habit archived since the row was drawn: back with the message, or for htmx the
    message and the list redrawn without the row (409)."""
    message = _("“%(name)s” was archived, perhaps in another tab, so nothing was saved. Its "
                "history is on its page; restore it from Archived habits.", name=habit.name)
    if not is_htmx():  # where its row was, the message kept in view above (app.css)
        flash(message, "error")
        return redirect_back(anchor=gap_anchor(habit))
    return row_gone(409, message)


def row_gone(status: int, message: str) -> Response:
    """The message, and for a Today row the list redrawn without the habit (out of band,
    with the progress and the archived link), so the stale row goes."""
    body, status, headers = error_response(status, _("Not saved"), message)
    if from_row():
        context = dashboard_context(tag_name=request.values.get("tag") or "")
        body += render_template("partials/habit_list.html", oob=True, **context)
        body += render_template("partials/progress.html", oob=True, **context)
        body += render_template("partials/archived_link.html", archived_oob=True, **context)
    return make_response(body, status, headers)


def listed_habit(habit_id: int) -> Habit | Response:
    """The current user's habit for an action only Today's list offers (rename, move), or the
    answer to a stale row when it was deleted or archived since."""
    habit = habits.owned(current_user.id, habit_id)
    if habit is None:
        return habit_gone()
    if habit.archived:
        return habit_archived(habit)
    return habit

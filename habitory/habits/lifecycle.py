"""A habit's life after it is made: archived (off Today, history kept), brought back to its
place, or deleted with its history after a confirmation step."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from habitory.domain import habits
from habitory.habits import bp
from habitory.habits.access import get_habit_or_404
from habitory.habits.today import dashboard_context, gap_anchor
from habitory.htmx import is_htmx, page_or_fragment, redirect_back


@bp.post("/habits/<int:habit_id>/archive")
@login_required
def archive(habit_id: int):
    """Archive a habit: off the dashboard, history kept."""
    return _set_archived(habit_id, True)


@bp.post("/habits/<int:habit_id>/unarchive")
@login_required
def unarchive(habit_id: int):
    """Bring an archived habit back to its place on the dashboard."""
    return _set_archived(habit_id, False)


def _set_archived(habit_id: int, archived: bool):
    habit = get_habit_or_404(habit_id)
    gap = None if is_htmx() else gap_anchor(habit)  # before the list changes
    habits.set_archived(habit, archived)
    message = (_("Archived “%(name)s”.", name=habit.name) if archived
               else _("Restored “%(name)s”.", name=habit.name))
    if not is_htmx():
        flash(message, "success")
        return redirect_back(anchor=gap)
    return render_template("partials/row_removed.html", message=message, **dashboard_context())


@bp.get("/habits/archived")
@login_required
def archived():
    """The archived habits, each with a way back."""
    listed = habits.habits_of(current_user.id, archived=True)
    return render_template("habits/archived.html", habits=listed)


@bp.get("/habits/<int:habit_id>/delete")
@login_required
def confirm_delete(habit_id: int):
    """The confirmation step before deleting: inline in the row, or a page without JS."""
    habit = get_habit_or_404(habit_id)
    count = habits.checkin_count(habit)
    return page_or_fragment(
        "habits/delete.html", "partials/delete_confirm.html", habit=habit, count=count
    )


@bp.post("/habits/<int:habit_id>/delete")
@login_required
def delete(habit_id: int):
    """Delete a habit and all its check-ins."""
    habit = get_habit_or_404(habit_id)
    name = habit.name
    # Without JavaScript, back on Today where its row was (from the habit's page too); an
    # archived habit had no row there, and Today opens at its top with the message.
    home = url_for("habits.dashboard")
    gap = None if is_htmx() or habit.archived else gap_anchor(habit, home)
    habits.delete(habit)
    message = _("Deleted “%(name)s” and its history.", name=name)
    if not is_htmx():
        flash(message, "success")
        return redirect(url_for("habits.dashboard", _anchor=gap), code=303)
    return render_template("partials/row_removed.html", message=message, **dashboard_context())

"""Dashboard, habit page and the row actions: add, rename, toggle, move, archive, delete."""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..calendar.heatmap import habit_year, years_available
from ..clock import user_today
from ..errors import error_response
from ..extensions import db
from ..htmx import is_htmx, page_or_fragment, redirect_back
from ..models import Habit
from . import bp, queries
from .forms import HabitNameForm


def _dashboard_context(form: HabitNameForm | None = None) -> dict:
    today = user_today(current_user)
    rows = queries.build_rows(queries.habits_of(current_user.id), today)
    done, due = queries.progress(rows)
    return {
        "rows": rows,
        "today": today,
        "done": done,
        "due": due,
        "form": form or HabitNameForm(),
        "archived_count": queries.archived_count(current_user.id),
    }


@bp.get("/")
@login_required
def dashboard():
    """Today's habits with their toggles, last seven days and streaks."""
    return render_template("habits/dashboard.html", **_dashboard_context())


@bp.post("/habits")
@login_required
def create():
    """Add a habit at the end of the list."""
    form = HabitNameForm()
    if not form.validate_on_submit():
        if is_htmx():
            return render_template("partials/new_habit_form.html", form=form), 422
        return render_template("habits/dashboard.html", **_dashboard_context(form)), 422
    today = user_today(current_user)
    habit = Habit(
        user_id=current_user.id,
        position=queries.next_position(current_user.id),
        created_on=today,
    )
    habit.rename(form.name.data)
    db.session.add(habit)
    db.session.commit()
    if not is_htmx():
        flash(f"Added “{habit.name}”.", "success")
        return redirect(url_for("habits.dashboard"), code=303)
    rows = queries.build_rows(queries.habits_of(current_user.id), today)
    done, due = queries.progress(rows)
    return render_template(
        "partials/habit_created.html",
        form=HabitNameForm(formdata=None),
        rows=rows,
        done=done,
        due=due,
        today=today,
    )


@bp.get("/habits/<int:habit_id>")
@login_required
def detail(habit_id: int):
    """A habit's page: its numbers and its calendar, where every past day can be toggled."""
    habit = queries.get_habit_or_404(habit_id)
    today = user_today(current_user)
    year = _year_arg(today)
    row = queries.build_row(habit, today)
    calendar = habit_year(habit, year, today)
    return render_template(
        "habits/detail.html",
        habit=habit,
        row=row,
        calendar=calendar,
        year=year,
        years=years_available(current_user.id, today, habit_id=habit.id),
        today=today,
    )


def _year_arg(today: date) -> int:
    year = request.args.get("year", type=int) or today.year
    return min(max(year, 1900), today.year)


@bp.get("/habits/<int:habit_id>/row")
@login_required
def row(habit_id: int):
    """The habit's row (cancels an inline edit)."""
    habit = queries.get_habit_or_404(habit_id)
    today = user_today(current_user)
    return render_template("partials/habit_row.html", row=queries.build_row(habit, today))


@bp.get("/habits/<int:habit_id>/edit")
@login_required
def edit(habit_id: int):
    """The rename form: inline in the row for htmx, a page of its own without JavaScript."""
    habit = queries.get_habit_or_404(habit_id)
    form = HabitNameForm(habit=habit, data={"name": habit.name})
    if is_htmx():
        row = queries.build_row(habit, user_today(current_user))
        return render_template("partials/habit_row.html", row=row, editing=True, form=form)
    return render_template("habits/edit.html", habit=habit, form=form)


@bp.post("/habits/<int:habit_id>/rename")
@login_required
def rename(habit_id: int):
    """Rename a habit; an invalid name leaves it unchanged and says why."""
    habit = queries.get_habit_or_404(habit_id)
    form = HabitNameForm(habit=habit)
    today = user_today(current_user)
    if not form.validate_on_submit():
        if is_htmx():
            row = queries.build_row(habit, today)
            return render_template(
                "partials/habit_row.html", row=row, editing=True, form=form
            ), 422
        return render_template("habits/edit.html", habit=habit, form=form), 422
    habit.rename(form.name.data)
    db.session.commit()
    if is_htmx():
        return render_template("partials/habit_row.html", row=queries.build_row(habit, today))
    flash(f"Renamed to “{habit.name}”.", "success")
    return redirect_back()


@bp.post("/habits/<int:habit_id>/toggle")
@login_required
def toggle(habit_id: int):
    """Cycle a day's state (done, skipped, clear), or set the state given in `state`."""
    habit = queries.get_habit_or_404(habit_id)
    today = user_today(current_user)
    day, problem = _parse_day(request.form.get("day"), today)
    if problem:
        return error_response(422, "That day cannot be changed", problem)
    wanted = request.form.get("state")
    if wanted:
        if wanted not in ("done", "skipped", "not_done", "clear"):
            return error_response(
                422, "Unknown state", "State must be done, skipped, not_done or clear."
            )
        new_state = None if wanted == "clear" else wanted
    else:
        new_state = queries.NEXT_STATE[queries.stored_state(habit, day)]
    queries.set_state(habit, day, new_state)
    if not is_htmx():
        return redirect_back()
    row = queries.build_row(habit, today)
    if request.form.get("view") == "cell":
        cell = habit_year(habit, day.year, today, only=day, history=row.history)
        return render_template("partials/toggle_cell.html", cell=cell, row=row, habit=habit)
    rows = queries.build_rows(queries.habits_of(current_user.id), today)
    done, due = queries.progress(rows)
    return render_template("partials/toggle_row.html", row=row, done=done, due=due)


def _parse_day(raw: str | None, today: date) -> tuple[date, str | None]:
    if not raw:
        return today, None
    try:
        day = date.fromisoformat(raw.strip())
    except ValueError:
        return today, f"“{raw[:20]}” is not a date. Use the form YYYY-MM-DD."
    if day > today:
        return today, "That day has not happened yet: you can only check in today or earlier."
    return day, None


@bp.post("/habits/<int:habit_id>/move")
@login_required
def move(habit_id: int):
    """Move a habit up or down the list; the order is kept."""
    habit = queries.get_habit_or_404(habit_id)
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        return error_response(422, "Cannot move", "Direction must be up or down.")
    queries.move(habit, direction)
    if not is_htmx():
        return redirect_back()
    context = _dashboard_context()
    return render_template("partials/habit_list.html", **context)


@bp.post("/habits/<int:habit_id>/archive")
@login_required
def archive(habit_id: int):
    """Archive a habit: off the dashboard, history kept."""
    return _set_archived(habit_id, True)


@bp.post("/habits/<int:habit_id>/unarchive")
@login_required
def unarchive(habit_id: int):
    """Bring an archived habit back to the end of the dashboard."""
    return _set_archived(habit_id, False)


def _set_archived(habit_id: int, archived: bool):
    habit = queries.get_habit_or_404(habit_id)
    habit.archived = archived
    if not archived:
        habit.position = queries.next_position(current_user.id)
    db.session.commit()
    verb = "Archived" if archived else "Restored"
    if not is_htmx():
        flash(f"{verb} “{habit.name}”.", "success")
        return redirect_back()
    return _removed_row(habit, f"{verb} “{habit.name}”.")


def _removed_row(habit_or_name, message: str):
    context = _dashboard_context()
    return render_template("partials/row_removed.html", message=message, **context)


@bp.get("/habits/archived")
@login_required
def archived():
    """The archived habits, each with a way back."""
    habits = queries.habits_of(current_user.id, archived=True)
    return render_template("habits/archived.html", habits=habits)


@bp.get("/habits/<int:habit_id>/delete")
@login_required
def confirm_delete(habit_id: int):
    """The confirmation step before deleting: inline in the row, or a page without JS."""
    habit = queries.get_habit_or_404(habit_id)
    count = queries.checkin_count(habit)
    return page_or_fragment(
        "habits/delete.html", "partials/delete_confirm.html", habit=habit, count=count
    )


@bp.post("/habits/<int:habit_id>/delete")
@login_required
def delete(habit_id: int):
    """Delete a habit and all its check-ins."""
    habit = queries.get_habit_or_404(habit_id)
    name = habit.name
    db.session.delete(habit)
    db.session.commit()
    message = f"Deleted “{name}” and its history."
    if not is_htmx():
        flash(message, "success")
        return redirect(url_for("habits.dashboard"), code=303)
    return _removed_row(name, message)

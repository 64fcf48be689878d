"""Dashboard, habit page and the habit actions: add, edit, rename, move, archive, delete."""

from __future__ import annotations

from datetime import date, timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from .. import predictions
from ..calendar.heatmap import habit_year, years_since
from ..clock import user_today
from ..errors import error_response
from ..extensions import db
from ..htmx import fragment_only, is_htmx, page_or_fragment, redirect_back
from ..models import Habit
from . import bp, queries, rows
from .details import habit_insights, habit_numbers
from .forms import HabitForm, HabitNameForm


def dashboard_context(form: HabitNameForm | None = None, tag_name: str | None = None) -> dict:
    """What the Today page and the fragments that redraw its list need."""
    today = user_today(current_user)
    tag_name = tag_name if tag_name is not None else request.values.get("tag", "")
    tag = queries.find_tag(current_user.id, tag_name)
    listed = rows.build_rows(queries.habits_of(current_user.id, tag=tag), today)
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
        "archived_count": queries.archived_count(current_user.id),
        "tags": queries.tags_of(current_user.id),
        "tag": tag,
        "unknown_tag": tag_name if tag_name and tag is None else None,
    }


@bp.get("/")
@login_required
def dashboard():
    """Today's habits with their toggles, last seven days and streaks; ?tag= filters."""
    return page_or_fragment(
        "habits/dashboard.html", "partials/today.html", **dashboard_context()
    )


@bp.get("/habits/new")
@login_required
def new():
    """The full form for a new habit: schedule, type, target, colour, tags."""
    return render_template("habits/form.html", form=HabitForm(), habit=None)


@bp.post("/habits")
@login_required
def create():
    """Add a habit at the end of the list (name alone makes a daily yes/no habit)."""
    form = HabitForm()
    full_form = request.form.get("form") == "full"
    if not form.validate_on_submit():
        if full_form:
            return render_template("habits/form.html", form=form, habit=None), 422
        if is_htmx():
            return render_template("partials/new_habit_form.html", form=form), 422
        return render_template("habits/dashboard.html", **dashboard_context(form)), 422
    habit = Habit(
        user_id=current_user.id,
        position=queries.next_position(current_user.id),
        created_on=user_today(current_user),
    )
    form.apply(habit)
    db.session.add(habit)
    queries.set_tags(habit, form.tag_names)
    db.session.commit()
    if not is_htmx() or full_form:
        flash(f"Added “{habit.name}”.", "success")
        return redirect(url_for("habits.dashboard"), code=303)
    return render_template(
        "partials/habit_created.html", **dashboard_context(HabitNameForm(formdata=None))
    )


@bp.get("/habits/<int:habit_id>")
@login_required
def detail(habit_id: int):
    """A habit's page: its numbers, best streaks, calendar and history with notes."""
    return detail_page(queries.get_habit_or_404(habit_id))


def detail_page(habit: Habit, status: int = 200, **day_form):
    """The habit's page; `day_form` (errors, values) re-fills the day form after a mistake."""
    today = user_today(current_user)
    years = years_since(habit.created_on, today)
    year = min(max(request.args.get("year", type=int) or today.year, years[-1]), years[0])
    numbers = habit_numbers(habit, today)
    summary, strength = habit_insights(habit, numbers.row.history, today)
    return render_template(
        "habits/detail.html",
        habit=habit,
        row=numbers.row,
        numbers=numbers,
        summary=summary,
        strength_chart=strength,
        calendar=habit_year(habit, year, today),
        year=year,
        years=years,
        today=today,
        **day_form,
    ), status


@bp.get("/habits/<int:habit_id>/row")
@fragment_only
@login_required
def row(habit_id: int):
    """The habit's row (cancels an inline edit), focus back on its ⋯ menu."""
    habit = queries.get_habit_or_404(habit_id)
    return render_template(
        "partials/habit_row.html", row=rows.build_row(habit, user_today(current_user)),
        focus_menu=habit.id,
    )


@bp.get("/habits/<int:habit_id>/actions")
@login_required
def actions(habit_id: int):
    """A habit's actions: the row's ⋯ menu for htmx (fetched when it opens), a page without JS."""
    habit = queries.get_habit_or_404(habit_id)
    tag = queries.find_tag(current_user.id, request.args.get("tag"))
    return page_or_fragment(
        "habits/actions.html", "partials/habit_actions.html", habit=habit, tag=tag
    )


@bp.get("/habits/<int:habit_id>/edit")
@login_required
def edit(habit_id: int):
    """Inline rename in the row for htmx; the page with every setting without JavaScript."""
    habit = queries.get_habit_or_404(habit_id)
    if is_htmx():
        form = HabitNameForm(habit=habit, data={"name": habit.name})
        row = rows.build_row(habit, user_today(current_user))
        return render_template("partials/habit_row.html", row=row, editing=True, form=form)
    form = HabitForm(habit=habit, formdata=None)
    form.load(habit)
    return render_template("habits/form.html", form=form, habit=habit)


@bp.post("/habits/<int:habit_id>/edit")
@login_required
def update(habit_id: int):
    """Save every setting of a habit; nothing changes when a value is wrong."""
    habit = queries.get_habit_or_404(habit_id)
    form = HabitForm(habit=habit)
    if not form.validate_on_submit():
        return render_template("habits/form.html", form=form, habit=habit), 422
    form.apply(habit)
    queries.set_tags(habit, form.tag_names)
    db.session.commit()
    flash(f"Saved “{habit.name}”.", "success")
    return redirect(url_for("habits.detail", habit_id=habit.id), code=303)


@bp.post("/habits/<int:habit_id>/rename")
@login_required
def rename(habit_id: int):
    """Rename a habit; an invalid name leaves it unchanged and says why."""
    habit = queries.get_habit_or_404(habit_id)
    form = HabitNameForm(habit=habit)
    today = user_today(current_user)
    if not form.validate_on_submit():
        if is_htmx():
            row = rows.build_row(habit, today)
            return render_template(
                "partials/habit_row.html", row=row, editing=True, form=form
            ), 422
        return render_template("habits/rename.html", habit=habit, form=form), 422
    habit.rename(form.name.data)
    db.session.commit()
    if is_htmx():
        return render_template("partials/habit_row.html", row=rows.build_row(habit, today),
                               focus_menu=habit.id)
    flash(f"Renamed to “{habit.name}”.", "success")
    return redirect_back()


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
    return render_template("partials/habit_list.html", focus_menu=habit.id, **dashboard_context())


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
    if habit.archived != archived:
        habit.archived = archived
        if not archived:
            habit.position = queries.next_position(current_user.id)
        db.session.commit()
    message = f"{'Archived' if archived else 'Restored'} “{habit.name}”."
    if not is_htmx():
        flash(message, "success")
        return redirect_back()
    return render_template("partials/row_removed.html", message=message, **dashboard_context())


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
    user_id = habit.user_id
    db.session.delete(habit)
    db.session.flush()
    queries.prune_tags(user_id)
    db.session.commit()
    message = f"Deleted “{name}” and its history."
    if not is_htmx():
        flash(message, "success")
        return redirect(url_for("habits.dashboard"), code=303)
    return render_template("partials/row_removed.html", message=message, **dashboard_context())


def parse_day(raw: str | None, today: date) -> tuple[date, str | None]:
    """A YYYY-MM-DD day no later than today (blank means today), or a message saying why not."""
    if not raw:
        return today, None
    try:
        day = date.fromisoformat(raw.strip())
    except ValueError:
        return today, f"“{raw[:20]}” is not a date. Use the form YYYY-MM-DD."
    if day > today:
        return today, "That day has not happened yet: you can only check in today or earlier."
    return day, None

"""Changing a day: the toggle (rows and calendar cells) and the day editor (amount, note)."""

from __future__ import annotations

from datetime import timedelta

from flask import render_template, request
from flask_login import current_user, login_required

from habitory.clock import user_today
from habitory.domain import days, habits
from habitory.domain.days import DayError
from habitory.errors import error_response
from habitory.habits import bp, rows
from habitory.habits.access import get_for_change_or_404, get_habit_or_404
from habitory.habits.day_forms import DayForm, ToggleForm
from habitory.habits.routes import detail_page
from habitory.htmx import is_htmx, redirect_back
from habitory.views.heatmap import habit_year

ONE_DAY = timedelta(days=1)


@bp.post("/habits/<int:habit_id>/toggle")
@login_required
def toggle(habit_id: int):
    """Cycle a day (done → skipped → clear; a quit habit: slip → skipped → clear), or set the
    state given in `state`."""
    today = user_today(current_user)
    form = ToggleForm(today=today)
    if not form.validate():
        get_habit_or_404(habit_id)  # someone else's habit is a 404 first
        field, message = form.first_error() or ("day", "Check the values.")
        titles = {"day": "That day cannot be changed", "state": "Unknown state"}
        return error_response(422, titles.get(field, f"Not saved: check the {field}"), message)
    day = form.parsed_day
    habit, existing, chance = get_for_change_or_404(habit_id, day, today + ONE_DAY)
    new_state = days.toggled(habit, existing, form.state.data or None)
    days.set_day(habit, day, new_state)
    return _changed(habit, day, today, chance, form.tag.data)


@bp.post("/habits/<int:habit_id>/day")
@login_required
def edit_day(habit_id: int):
    """Set one day's amount (measurable habits), state and note, from a small form."""
    today = user_today(current_user)
    form = DayForm(today=today)
    if not form.validate():
        field, message = form.first_error() or ("day", "Check the values.")
        return _invalid(get_habit_or_404(habit_id), field, message)
    day = form.parsed_day
    habit, existing, chance = get_for_change_or_404(habit_id, day, today + ONE_DAY)
    try:
        state, amount, note = days.edited(habit, existing, form.edit())
    except DayError as error:
        return _invalid(habit, error.field, error.message)
    days.set_day(habit, day, state, amount=amount, note=note)
    return _changed(habit, day, today, chance, form.tag.data)


def _invalid(habit, field: str, message: str):
    """The day form again with the message at its field and what was typed (without
    JavaScript, from the habit page); a message fragment or page otherwise."""
    if request.form.get("form") == "day" and not is_htmx():
        return detail_page(habit, 422, day_errors={field: message},
                           day_values=request.form.to_dict())
    return error_response(422, f"Not saved: check the {field}", message)


def _changed(habit, day, today, chance, tag_name: str | None):
    """After a change: the row (with progress and tomorrow's `chance`, read before the
    change: the background refresh updates it), or the calendar cell (with the streak), or
    303."""
    if not is_htmx():
        return redirect_back()
    if request.form.get("view") == "cell":
        row = rows.build_row(habit, today)
        if habit.freq_num != habit.freq_den and not habit.weekdays:
            # Automatic checkmarks may change the days around it: redraw the whole year.
            calendar = habit_year(habit, day.year, today)
            response = render_template(
                "partials/habit_calendar_swap.html", calendar=calendar, row=row, habit=habit
            )
            return response, 200, {"HX-Retarget": "#habit-calendar", "HX-Reswap": "outerHTML"}
        cell = habit_year(habit, day.year, today, only=day)
        return render_template("partials/toggle_cell.html", cell=cell, row=row, habit=habit)
    tag = habits.find_tag(current_user.id, tag_name)
    row, done, due = rows.row_and_progress(habit, today, tag)
    row.prediction = chance
    return render_template("partials/toggle_row.html", row=row, done=done, due=due, tag=tag)

"""Changing a day: the toggle (rows and calendar cells) and the day editor (amount, note)."""

from __future__ import annotations

from datetime import timedelta

from flask import render_template, request
from flask_login import current_user, login_required

from .. import predictions
from ..calendar.heatmap import habit_year
from ..clock import user_today
from ..errors import error_response
from ..htmx import is_htmx, redirect_back
from ..models import NOTE_MAX
from . import bp, queries, rows
from .routes import detail_page, parse_day

STATES = ("done", "skipped", "not_done", "clear")
ONE_DAY = timedelta(days=1)


@bp.post("/habits/<int:habit_id>/toggle")
@login_required
def toggle(habit_id: int):
    """Cycle a day (done → skipped → clear; a quit habit: slip → skipped → clear), or set the
    state given in `state`."""
    today = user_today(current_user)
    day, problem = parse_day(request.form.get("day"), today)
    if problem:
        queries.get_habit_or_404(habit_id)  # someone else's habit is a 404 first
        return error_response(422, "That day cannot be changed", problem)
    habit, existing, chance = queries.get_for_change_or_404(habit_id, day, today + ONE_DAY)
    wanted = request.form.get("state")
    has_note = bool(existing and existing.note)
    if wanted:
        if wanted not in STATES:
            return error_response(
                422, "Unknown state", "State must be done, skipped, not_done or clear."
            )
        new_state = None if wanted == "clear" else wanted
        if new_state is None and has_note:
            new_state = "done" if habit.kind == "quit" else "not_done"  # keep the note
    else:
        new_state = queries.next_state(habit, existing.state if existing else None, has_note)
    queries.set_state(habit, day, new_state, commit=False)
    predictions.after_change(habit.user_id, became_done=new_state == "done")
    return _changed(habit, day, today, chance)


@bp.post("/habits/<int:habit_id>/day")
@login_required
def edit_day(habit_id: int):
    """Set one day's amount (measurable habits), state and note, from a small form."""
    today = user_today(current_user)
    day, problem = parse_day(request.form.get("day"), today)
    if problem:
        return _invalid(queries.get_habit_or_404(habit_id), "day", problem)
    habit, existing, chance = queries.get_for_change_or_404(habit_id, day, today + ONE_DAY)
    note = existing.note if existing else None
    if "note" in request.form:
        note = " ".join(request.form["note"].split()) or None
        if note and len(note) > NOTE_MAX:
            return _invalid(habit, "note", f"Keep the note to {NOTE_MAX} characters "
                                           f"(this one has {len(note)}).")
    amount = existing.amount if existing else None
    state = request.form.get("state") or (existing.state if existing else None)
    if state and state not in STATES:
        return _invalid(habit, "state", "Choose done, skipped, not done or clear.")
    if "amount" in request.form:
        raw = request.form["amount"].strip().replace(",", ".")
        if habit.kind != "measurable" and raw:
            return _invalid(habit, "amount", "Only measurable habits take an amount.")
        if raw:
            try:
                amount = float(raw)
            except ValueError:
                return _invalid(habit, "amount", f"“{raw[:20]}” is not a number: enter an "
                                                 "amount like 3 or 2.5.")
            if amount != amount or not 0 <= amount <= 1_000_000:
                return _invalid(habit, "amount", "Enter an amount between 0 and 1,000,000.")
            if state in (None, "clear", "done", "not_done"):
                state = "done" if queries.meets_target(habit, amount) else "not_done"
        elif habit.kind == "measurable":
            amount = None
            if state in ("done", "not_done"):
                state = "clear"
    if state == "clear" or state is None:
        state = None
    if state is None and note:
        state = "done" if habit.kind == "quit" else "not_done"
    queries.set_state(habit, day, state, amount=amount, note=note, commit=False)
    predictions.after_change(habit.user_id, became_done=state == "done")
    return _changed(habit, day, today, chance)


def _invalid(habit, field: str, message: str):
    """The day form again with the message at its field and what was typed (without
    JavaScript, from the habit page); a message fragment or page otherwise."""
    if request.form.get("form") == "day" and not is_htmx():
        return detail_page(habit, 422, day_errors={field: message},
                           day_values=request.form.to_dict())
    return error_response(422, f"Not saved: check the {field}", message)


def _changed(habit, day, today, chance):
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
    tag = queries.find_tag(current_user.id, request.form.get("tag"))
    row, done, due = rows.row_and_progress(habit, today, tag)
    row.prediction = chance
    return render_template("partials/toggle_row.html", row=row, done=done, due=due, tag=tag)

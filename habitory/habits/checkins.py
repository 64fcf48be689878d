"""Changing a day: the toggle (rows and calendar cells) and the day editor (amount, note)."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import Response, abort, flash, make_response, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from habitory.clock import user_today
from habitory.domain import days, habits, tags
from habitory.domain.days import DayError
from habitory.errors import error_response
from habitory.habits import bp, rows
from habitory.habits.access import get_habit_or_404
from habitory.habits.day_forms import DayForm, ToggleForm
from habitory.habits.routes import dashboard_context, detail_page
from habitory.htmx import is_htmx, redirect_back, safe_next
from habitory.i18n import translate
from habitory.locale_formats import user_first_day
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
        field, message = form.first_error() or ("day", _("Check the values."))
        titles = {"day": _("That day cannot be changed"), "state": _("Unknown state")}
        return error_response(422, titles.get(field) or _not_saved(field), message)
    day = form.parsed_day
    found = _for_change(habit_id, day, today)
    if isinstance(found, Response):
        return found
    habit, existing, chance = found
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
        field, message = form.first_error() or ("day", _("Check the values."))
        return _invalid(get_habit_or_404(habit_id), field, message)
    day = form.parsed_day
    found = _for_change(habit_id, day, today)
    if isinstance(found, Response):
        return found
    habit, existing, chance = found
    try:
        state, amount, note = days.edited(habit, existing, form.edit())
    except DayError as error:
        return _invalid(habit, error.field, translate(error.message))
    days.set_day(habit, day, state, amount=amount, note=note)
    return _changed(habit, day, today, chance, form.tag.data)


def _from_row() -> bool:
    """Whether the change comes from a Today row (not the habit page's calendar or day form,
    where an archived habit's history may be changed on purpose)."""
    return request.form.get("view", "row") == "row" and request.form.get("form") != "day"


def _for_change(habit_id: int, day, today):
    """(habit, its check-in on `day`, tomorrow's prediction), or the answer to a stale page:
    a row of a habit archived or deleted since the page was drawn."""
    found = habits.for_change(current_user.id, habit_id, day, today + ONE_DAY)
    if found is None:
        if not is_htmx():
            abort(404)  # also another user's habit: nothing says it exists
        return _row_gone(404, _("That habit no longer exists (it was deleted, perhaps in "
                                "another tab), so nothing was saved."))
    habit = found[0]
    if habit.archived and _from_row():
        message = _("“%(name)s” was archived, perhaps in another tab, so nothing was saved. Its "
                    "history is on its page; restore it from Archived habits.", name=habit.name)
        if not is_htmx():
            flash(message, "error")
            return redirect_back()
        return _row_gone(409, message)
    return found


def _row_gone(status: int, message: str):
    """The message, and for a Today row the list redrawn without the habit (out of band,
    with the progress and the archived link), so the stale row goes."""
    body, status, headers = error_response(status, _("Not saved"), message)
    if _from_row():
        context = dashboard_context(tag_name=request.form.get("tag") or "")
        body += render_template("partials/habit_list.html", oob=True, **context)
        body += render_template("partials/progress.html", oob=True, **context)
        body += render_template("partials/archived_link.html", archived_oob=True, **context)
    return make_response(body, status, headers)


def _invalid(habit, field: str, message: str):
    """The day form again with the message at its field and what was typed (without
    JavaScript, from the habit page); a message fragment or page otherwise."""
    if request.form.get("form") == "day" and not is_htmx():
        return detail_page(habit, 422, day_errors={field: message},
                           day_values=request.form.to_dict())
    return error_response(422, _not_saved(field), message)


def _not_saved(field: str) -> str:
    """'Not saved: check the amount'."""
    words = {"day": _("the day"), "amount": _("the amount"), "state": _("the state"),
             "note": _("the note")}
    return _("Not saved: check %(field)s", field=words.get(field, field))


def _changed(habit, day, today, chance, tag_name: str | None):
    """After a change: the row (with progress and tomorrow's `chance`, read before the
    change: the background refresh updates it), or the calendar cell (with the streak), or
    303."""
    if not is_htmx():  # back where the change was made: the row, the calendar, the day form
        view, source = request.form.get("view"), request.form.get("form")
        back = safe_next(request.form.get("next") or request.referrer) or "/"
        on_today = urlsplit(back).path == url_for("habits.dashboard")
        anchor = ("log-title" if source == "day" else "habit-calendar" if view == "cell"
                  else f"habit-{habit.id}" if on_today else None)
        return redirect_back(anchor=anchor)
    if request.form.get("view") == "cell":
        row = rows.build_row(habit, today)
        if habit.freq_num != habit.freq_den and not habit.weekdays:
            # Automatic checkmarks may change the days around it: redraw the whole year.
            calendar = habit_year(habit, day.year, today, first_day=user_first_day())
            response = render_template(
                "partials/habit_calendar_swap.html", calendar=calendar, row=row, habit=habit
            )
            return response, 200, {"HX-Retarget": "#habit-calendar", "HX-Reswap": "outerHTML"}
        cell = habit_year(habit, day.year, today, only=day, first_day=user_first_day())
        return render_template("partials/toggle_cell.html", cell=cell, row=row, habit=habit)
    tag = tags.find_tag(current_user.id, tag_name)
    row, done, due = rows.row_and_progress(habit, today, tag)
    row.prediction = chance
    return render_template("partials/toggle_row.html", row=row, done=done, due=due, tag=tag)

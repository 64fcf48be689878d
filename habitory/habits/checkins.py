"""Changing a day: the toggle (rows and calendar cells) and the day editor (amount, note)."""

from __future__ import annotations

from datetime import timedelta

from flask import Response, flash, make_response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from habitory.clock import user_today
from habitory.domain import days, habits, predictions, tags
from habitory.domain.days import DayError
from habitory.errors import error_response
from habitory.habits import bp, rows, stale
from habitory.habits.access import get_habit_or_404
from habitory.habits.day_forms import DayForm, ToggleForm
from habitory.habits.page_state import read_view
from habitory.habits.routes import detail_page
from habitory.habits.today import dashboard_context, row_anchor
from habitory.htmx import is_htmx, redirect_back
from habitory.i18n import translate
from habitory.locale_formats import medium_date, short_date, user_first_day
from habitory.views.heatmap import DayBefore, toggled_cells
from habitory.wording import status_words

ONE_DAY = timedelta(days=1)
CHANGED_EVENT = "habitory:habit-changed"  # templates/habits/detail.html listens for it


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
    before = DayBefore.of(habit, existing)  # read before the change, to redraw what it changed
    new_state = days.toggled(habit, existing, form.state.data or None)
    days.set_day(habit, day, new_state)
    return _changed(habit, day, today, chance, form.tag.data, (new_state, True), before)


@bp.post("/habits/<int:habit_id>/day")
@login_required
def edit_day(habit_id: int):
    """Set one day's amount (measurable habits), state and note, from a small form."""
    today = user_today(current_user)
    form = DayForm(today=today)
    if not form.validate():
        errors = form.field_errors() or {"day": _("Check the values.")}
        return _invalid(get_habit_or_404(habit_id), errors)
    day = form.parsed_day
    found = _for_change(habit_id, day, today)
    if isinstance(found, Response):
        return found
    habit, existing, chance = found
    before = DayBefore.of(habit, existing)
    try:
        state, amount, note = days.edited(habit, existing, form.edit())
    except DayError as error:
        return _invalid(habit, {error.field: translate(error.message)})
    days.set_day(habit, day, state, amount=amount, note=note)
    return _changed(habit, day, today, chance, form.tag.data, (state, False), before)


def _for_change(habit_id: int, day, today):
    """(habit, its check-in on `day`, tomorrow's prediction), or the answer to a stale page:
    a row of a habit archived or deleted since the page was drawn."""
    found = habits.for_change(current_user.id, habit_id, day, today + ONE_DAY)
    if found is None:
        return stale.habit_gone()
    if found[0].archived and stale.from_row():
        return stale.habit_archived(found[0])
    return found


def _invalid(habit, errors: dict[str, str]):
    """The habit page's day form again with each message at its field and what was typed:
    the whole page without JavaScript, the form alone for htmx; a Today row's amount form
    likewise, in its row; a message fragment or page otherwise."""
    field, message = next(iter(errors.items()))
    if request.form.get("form") == "day":
        form = {"day_errors": errors, "day_values": request.form.to_dict()}
        if not is_htmx():
            return detail_page(habit, 422, **form)
        # In place of the form whatever element sent it: the focus goes to the first field
        # in error (autofocus), as on the page drawn without JavaScript. Its `next` keeps the
        # page's view, read back from the one it posted (read_view: this habit's page only).
        today = user_today(current_user)
        view = read_view(habit, days.judged_until(habit, today))
        body = render_template("partials/day_form.html", habit=habit, today=today,
                               page_view=view, **form)
        return body, 422, {"HX-Retarget": "#day-form", "HX-Reswap": "outerHTML"}
    if _from_amount_row(habit):
        return _refused_amount(habit, message)
    return error_response(422, _not_saved(field), message)


def _from_amount_row(habit) -> bool:
    """Sent by a Today row's amount form (a day and an amount, no day form or calendar)."""
    return (habit.kind == "measurable" and not habit.archived and "amount" in request.form
            and not request.form.get("form") and not request.form.get("view"))


def _refused_amount(habit, message: str):
    """The row again, the typed amount kept and the message under it: the row alone for
    htmx (focus back in the field), else Today with that row so."""
    refused = {"habit_id": habit.id, "message": message, "typed": request.form.get("amount")}
    if is_htmx():
        tag = tags.find_tag(current_user.id, request.form.get("tag"))
        today = user_today(current_user)
        row = rows.build_row(habit, today)
        row.prediction = predictions.stored(current_user.id, today + ONE_DAY).get(habit.id)
        return render_template("partials/habit_row.html", row=row, tag=tag,
                               refused_amount=refused), 422
    context = dashboard_context(tag_name=request.form.get("tag", ""))
    return render_template("habits/dashboard.html", refused_amount=refused, **context), 422


def _not_saved(field: str) -> str:
    """'Not saved: check the amount'."""
    words = {"day": _("the day"), "amount": _("the amount"), "state": _("the state"),
             "note": _("the note")}
    return _("Not saved: check %(field)s", field=words.get(field, field))


# A check-in's state as the status it gives its day (wording.STATUS_WORDS: "done", "slipped").
STATUS_OF_STATE = {"done": "done", "skipped": "skipped", "not_done": "missed"}


def _saved_text(habit, day, today, state: str | None, with_state: bool) -> str:
    """What a change without JavaScript flashes: 'Saved: Read (Wed 25 Nov): done.' (a toggle,
    whose cycle the words tell), 'Saved: Water (Wed 25 Nov).' (the day form), 'Cleared: …'.
    The date is never last: a language's may end in a full stop ("Di., 24. Nov.")."""
    when = short_date(day) if day.year == today.year else medium_date(day)
    if state is None:
        return _("Cleared: %(name)s (%(day)s).", name=habit.name, day=when)
    status = STATUS_OF_STATE.get(state) if with_state else None
    if status is None:
        return _("Saved: %(name)s (%(day)s).", name=habit.name, day=when)
    return _("Saved: %(name)s (%(day)s): %(status)s.", name=habit.name, day=when,
             status=status_words(habit.kind)[status])


def _changed(habit, day, today, chance, tag_name: str | None, saved: tuple[str | None, bool],
             before: DayBefore):
    """After a change: the row (with progress and tomorrow's `chance`, read before the
    change and served as today now stands), or the calendar cell with the other days it
    redrew (`before`: the day before the change) and the streak, or 303 with a flash saying
    what was `saved` (the day's state; whether to name it)."""
    if not is_htmx():  # back where the change was made: the row, the calendar, the day form
        flash(_saved_text(habit, day, today, *saved), "success")
        view, source = request.form.get("view"), request.form.get("form")
        # A calendar day: its own cell (views/heatmap.Cell.id), so a phone's year, wider than
        # the screen, opens scrolled sideways to it rather than at January.
        anchor = ("log-title" if source == "day" else f"cell-{day.isoformat()}"
                  if view == "cell" else row_anchor(habit.id))
        return redirect_back(anchor=anchor)
    if request.form.get("view") == "cell":
        today = days.judged_until(habit, today)  # as the habit's page drew its calendar
        cell, changed = toggled_cells(habit, day, today, before, first_day=user_first_day())
        body = render_template("partials/habit_calendar_swap.html", cell=cell, changed=changed,
                               row=rows.build_row(habit, today), habit=habit)
    else:
        tag = tags.find_tag(current_user.id, tag_name)
        row, done, due = rows.row_and_progress(habit, today, tag)
        # Tomorrow's chance as today now stands (the one read before the change).
        row.prediction = chance and predictions.served(chance, row.today_state)
        body = render_template("partials/toggle_row.html", row=row, done=done, due=due, tag=tag)
    # The answer stays the few cells changed; whatever else shows the check-ins (the habit
    # page's numbers and history) listens for this event and fetches itself. A page without
    # a listener (Today) costs nothing more.
    response = make_response(body)
    response.headers["HX-Trigger"] = CHANGED_EVENT
    return response

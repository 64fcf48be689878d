"""Dashboard, habit page and the habit actions: add, edit, rename, move, archive, delete."""

from __future__ import annotations

from datetime import timedelta

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from habitory.clock import user_today
from habitory.domain import days, habit_order, habit_settings, habits, predictions, tags
from habitory.domain.habits import Conflict
from habitory.errors import error_response
from habitory.habits import bp, kind_change, rows
from habitory.habits.access import get_habit_or_404
from habitory.habits.details import derived_sections
from habitory.habits.forms import HabitForm, HabitNameForm
from habitory.habits.page_state import read_view
from habitory.habits.stale import listed_habit
from habitory.habits.today import dashboard_context, row_anchor
from habitory.htmx import fragment_only, is_htmx, page_or_fragment, redirect_back
from habitory.i18n import error_text
from habitory.locale_formats import user_first_day
from habitory.models import Habit
from habitory.views.heatmap import habit_year


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
        return _refused_create(form, full_form)
    try:
        habit = habits.create(current_user.id, user_today(current_user), form.settings())
    except Conflict as error:
        form.name.errors.append(error_text(error))
        return _refused_create(form, full_form)
    if not is_htmx() or full_form:  # at the new row, the last: the add field is just below
        flash(_("Added “%(name)s”.", name=habit.name), "success")
        return redirect(url_for("habits.dashboard", _anchor=f"habit-{habit.id}"), code=303)
    return render_template(
        "partials/habit_created.html", **dashboard_context(HabitNameForm(formdata=None))
    )


def _refused_create(form: HabitForm, full_form: bool):
    """The form again with its messages, where it was sent from."""
    if full_form:
        return render_template("habits/form.html", form=form, habit=None), 422
    # The quick form shows its name alone: a message for another field it was sent (no page of
    # ours sends one) is said at the name, with the field's label, not lost.
    hidden = [f"{form[name].label.text}: {message}" for name, messages in form.errors.items()
              if name not in ("name", "csrf_token") and name in form for message in messages]
    form.name.errors = [*form.name.errors, *hidden]
    if is_htmx():
        return render_template("partials/new_habit_form.html", form=form), 422
    return render_template("habits/dashboard.html", **dashboard_context(form)), 422


@bp.get("/habits/<int:habit_id>")
@login_required
def detail(habit_id: int):
    """A habit's page: its numbers, best streaks, calendar and history with notes."""
    return detail_page(get_habit_or_404(habit_id))


def detail_page(habit: Habit, status: int = 200, **day_form):
    """The habit's page; `day_form` (errors, values) re-fills the day form after a mistake."""
    today = user_today(current_user)
    until = days.judged_until(habit, today)  # an archived habit's numbers stop where it did
    view = read_view(habit, until)
    today_chance = None  # what "only when I'm likely to miss it" weighs today
    if habit.remind_at_risk and habit.reminders and habit.kind != "quit":
        stored = predictions.stored(current_user.id, today + timedelta(days=1)).get(habit.id)
        today_chance = stored.today_probability if stored else None
    return render_template(
        "habits/detail.html",
        habit=habit,
        calendar=habit_year(habit, view.year, until, first_day=user_first_day()),
        page_view=view,
        today=today,
        today_chance=today_chance,
        reminder_times=", ".join(f"{r.at:%H:%M}" for r in habit.reminders),  # as the form
        **derived_sections(habit, until, view.strength, view.year),
        **day_form,
    ), status


@bp.get("/habits/<int:habit_id>/summary")
@fragment_only
@login_required
def summary(habit_id: int):
    """The habit page's sections drawn from check-ins, out of band: fetched after a change made
    on the page (the habitory:habit-changed event). Not a page: without htmx, the habit's."""
    habit = get_habit_or_404(habit_id)
    until = days.judged_until(habit, user_today(current_user))
    view = read_view(habit, until)  # the page's, which asked with its query
    if not is_htmx():
        return redirect(view.url())
    return render_template("partials/habit_summary.html", habit=habit, page_view=view,
                           **derived_sections(habit, until, view.strength, view.year))


@bp.get("/habits/<int:habit_id>/row")
@fragment_only
@login_required
def row(habit_id: int):
    """The habit's row (cancels an inline edit), focus back on its ⋯ menu."""
    habit = get_habit_or_404(habit_id)
    return render_template(
        "partials/habit_row.html", row=rows.build_row(habit, user_today(current_user)),
        focus_menu=habit.id,
    )


@bp.get("/habits/<int:habit_id>/actions")
@login_required
def actions(habit_id: int):
    """A habit's actions: the row's ⋯ menu for htmx (fetched when it opens), a page without JS.
    Not for an archived habit: its own page has what it can do (restore, delete)."""
    if is_htmx():  # a Today row's menu, drawn before the habit was archived or deleted
        habit = listed_habit(habit_id)
        if isinstance(habit, Response):
            return habit
    else:
        habit = get_habit_or_404(habit_id)
        if habit.archived:
            return redirect(url_for("habits.detail", habit_id=habit.id))
    tag = tags.find_tag(current_user.id, request.args.get("tag"))
    up, down = habit_order.movable(habit, tag)  # in the list the menu was opened from
    return page_or_fragment(
        "habits/actions.html", "partials/habit_actions.html", habit=habit, tag=tag,
        can_move_up=up, can_move_down=down,
    )


@bp.get("/habits/<int:habit_id>/edit")
@login_required
def edit(habit_id: int):
    """Inline rename in the row for htmx; the page with every setting without JavaScript."""
    if is_htmx():  # from a Today row: not for a habit archived (or deleted) since
        habit = listed_habit(habit_id)
        if isinstance(habit, Response):
            return habit
        form = HabitNameForm(habit=habit, data={"name": habit.name})
        row = rows.build_row(habit, user_today(current_user))
        return render_template("partials/habit_row.html", row=row, editing=True, form=form)
    habit = get_habit_or_404(habit_id)  # the habit page's Edit: archived ones too
    form = HabitForm(habit=habit, formdata=None)
    form.load(habit)
    return render_template("habits/form.html", form=form, habit=habit,
                           version=habit_settings.version_of(habit))


@bp.post("/habits/<int:habit_id>/edit")
@login_required
def update(habit_id: int):
    """Save every setting of a habit; nothing changes when a value is wrong, or when the habit
    was changed elsewhere since the form was drawn (its values come back to save again), or
    before the user confirms that a measurable habit's new type drops its target."""
    habit = get_habit_or_404(habit_id)
    form = HabitForm(habit=habit)
    drawn = request.form.get("version")  # the settings the form was drawn from; scripts: none
    if not form.validate_on_submit():
        return render_template("habits/form.html", form=form, habit=habit, version=drawn), 422
    now = habit_settings.version_of(habit)
    if drawn and drawn != now and habit_settings.version(form.settings()) != now:
        flash(_("“%(name)s” was changed in another tab or on another device after this form "
                "was opened, so nothing was saved. Check the settings below and save again "
                "to keep them.", name=habit.name), "error")
        return render_template("habits/form.html", form=form, habit=habit, version=now), 409
    kind_warning = form.kind_warning()
    if kind_warning:  # nothing is wrong with the values: the page asks again, with htmx too
        return render_template("habits/form.html", form=form, habit=habit, version=drawn,
                               kind_warning=kind_warning)
    read_otherwise = kind_change.notice(habit, form.kind.data)  # before the type changes
    try:
        habits.update(habit, form.settings())
    except Conflict as error:
        form.name.errors.append(error_text(error))
        return render_template("habits/form.html", form=form, habit=habit, version=drawn), 422
    flash(_("Saved “%(name)s”.", name=habit.name), "success")
    if read_otherwise:
        flash(read_otherwise, "info")
    return redirect(url_for("habits.detail", habit_id=habit.id), code=303)


@bp.post("/habits/<int:habit_id>/rename")
@login_required
def rename(habit_id: int):
    """Rename a habit of Today's list; an invalid name leaves it unchanged and says why."""
    habit = listed_habit(habit_id)
    if isinstance(habit, Response):
        return habit
    form = HabitNameForm(habit=habit)
    today = user_today(current_user)
    try:
        if form.validate_on_submit():
            habits.rename(habit, form.name.data)
        else:
            return _refused_rename(habit, form, today)
    except Conflict as error:
        form.name.errors.append(error_text(error))
        return _refused_rename(habit, form, today)
    if is_htmx():
        return render_template("partials/habit_row.html", row=rows.build_row(habit, today),
                               focus_menu=habit.id)
    flash(_("Renamed to “%(name)s”.", name=habit.name), "success")
    return redirect_back(anchor=row_anchor(habit.id))


def _refused_rename(habit: Habit, form: HabitNameForm, today):
    if is_htmx():
        row = rows.build_row(habit, today)
        return render_template("partials/habit_row.html", row=row, editing=True, form=form), 422
    return render_template("habits/rename.html", habit=habit, form=form), 422


@bp.post("/habits/<int:habit_id>/move")
@login_required
def move(habit_id: int):
    """Move a habit up or down Today's list; the order is kept."""
    habit = listed_habit(habit_id)
    if isinstance(habit, Response):
        return habit
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        return error_response(422, _("Cannot move"), _("Direction must be up or down."))
    # Past the neighbour the user sees: on a filtered list, not one the filter hides.
    tag = tags.find_tag(current_user.id, request.values.get("tag"))
    moved = habit_order.move(habit, direction, tag)
    if not is_htmx():
        flash(_move_text(habit.name, direction, moved), "success" if moved else "info")
        return redirect_back(anchor=row_anchor(habit.id))  # the row, where it went
    return render_template("partials/habit_list.html", focus_menu=habit.id, **dashboard_context())


def _move_text(name: str, direction: str, moved: bool) -> str:
    """What a move without JavaScript flashes: 'Moved “Read” up.', or why it did not."""
    if direction == "up":
        return (_("Moved “%(name)s” up.", name=name) if moved
                else _("“%(name)s” is already at the top.", name=name))
    return (_("Moved “%(name)s” down.", name=name) if moved
            else _("“%(name)s” is already at the bottom.", name=name))

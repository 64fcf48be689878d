"""A new type for a habit with history reads the same days otherwise (a day ticked without an
amount is not done for a measurable habit; a day without a check-in is clean for a habit to
quit, and missed once it is not one). No check-in changes, so the old type reads them as before
when it comes back: the change is saved at once and the page says what it did."""

from __future__ import annotations

from flask_babel import gettext as _

from habitory import wording
from habitory.domain import habits
from habitory.locale_formats import number
from habitory.models import Habit
from habitory.wording import direction_words

# The one change that reads no logged day otherwise: a measurable day done was done. (It drops
# the target and unit, which the form asks about first: dropped.)
HARMLESS = frozenset({("measurable", "yes_no")})


def notice(habit: Habit, new_kind: str) -> str | None:
    """What a change of `habit`'s type to `new_kind` does to its history, said before the
    change is saved; None when it reads no logged day otherwise."""
    if new_kind == habit.kind or (habit.kind, new_kind) in HARMLESS:
        return None
    logged = habits.checkin_count(habit)
    if not logged:
        return None
    return wording.ngettext(
        "This habit has %(num)s logged day, and its new type reads it differently: a day "
        "ticked without an amount is not done for a measurable habit, and a day without a "
        "check-in is clean for a habit to quit. No check-in was changed: the old type reads "
        "it as before.",
        "This habit has %(num)s logged days, and its new type reads them differently: a day "
        "ticked without an amount is not done for a measurable habit, and a day without a "
        "check-in is clean for a habit to quit. No check-in was changed: the old type reads "
        "them as before.",
        logged)


def dropped(habit: Habit, new_kind: str) -> str | None:
    """What saving drops when a measurable habit gets another type: its target and unit. The
    web form asks first (HabitForm.kind_warning), as the API asks for "target": null. None
    when nothing is dropped."""
    if habit.kind != "measurable" or new_kind == "measurable":
        return None
    target = _target_text(habit)
    if new_kind == "quit":
        return _("Saving makes “%(name)s” a habit to quit: its target (%(target)s) and unit "
                 "are removed, and its days count by their done or not-done mark alone, "
                 "not by their amounts; a day without a check-in counts as clean.",
                 name=habit.name, target=target)
    return _("Saving makes “%(name)s” a yes-or-no habit: its target (%(target)s) and unit "
             "are removed, and its days keep their done or not-done state, not their "
             "amounts' meaning.", name=habit.name, target=target)


def _target_text(habit: Habit) -> str:
    """"at most 80 puffs", as the habit's row says it; its unit alone when an import left it
    without a target."""
    unit = habit.unit or ""
    if habit.target is None:
        return unit or "–"
    words = direction_words()
    amount = f"{words.get(habit.direction, words['at_least'])} {number(habit.target)}"
    return f"{amount} {unit}" if unit else amount

"""A new type for a habit with history reads the same days otherwise (a day ticked without an
amount is not done for a measurable habit; a day without a check-in is clean for a habit to
quit, and missed once it is not one). No check-in changes, so the old type reads them as before
when it comes back: the change is saved at once and the page says what it did."""

from __future__ import annotations

from habitory import wording
from habitory.domain import habits
from habitory.models import Habit

# The one change that reads no logged day otherwise: a measurable day done was done. (It drops
# the target and unit, which the form asks about first: forms.HabitForm.kind_warning.)
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

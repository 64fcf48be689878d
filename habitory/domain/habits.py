"""Changing a user's habits: what a habit's settings may be (limits, HabitSettings), and
create, update, rename, archive, place and delete, each in one commit. Reading them is
habit_queries.py, whose names are importable from here too; moving one up or down its list is
habit_order.py.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, time

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from habitory.clock import user_today
from habitory.domain import days, notifications, predictions, tags
from habitory.domain.habit_queries import (
    archived_count,
    by_name,
    checkin_count,
    first_start,
    for_change,
    habits_of,
    name_taken,
    next_position,
    owned,
    schedules_of,
)
from habitory.domain.text import TextError, clean, clean_name
from habitory.extensions import db
from habitory.models import Habit, Reminder, User
from habitory.stats.phrases import N_, grouped_count

__all__ = [
    "FREQUENCY_DAYS_MAX", "ICON_MAX", "POSITION_MAX", "REMINDERS_PER_HABIT", "TAGS_PER_HABIT",
    "TARGET_MAX", "UNIT_MAX", "Conflict", "HabitSettings", "NameTaken", "SettingTextError",
    "TooManyHabits",
    "archived_count", "check_room", "hold_account",
    "by_name", "checkin_count", "create", "delete", "first_start", "for_change", "habits_of",
    "name_taken", "next_position", "owned", "place", "rename", "schedules_of", "set_archived",
    "update",
]


# The limits of a habit's settings, for every door (the form, imports, the API).
TAGS_PER_HABIT = 10
REMINDERS_PER_HABIT = 5
UNIT_MAX = 24
ICON_MAX = 16  # the column; the form asks for 8 (one emoji or a short symbol)
TARGET_MAX = 1_000_000
FREQUENCY_DAYS_MAX = 366  # "once in D days" reaches a year, a leap one too
POSITION_MAX = 2**31 - 1  # PostgreSQL's INTEGER


class Conflict(ValueError):
    """A simultaneous change got there first; trying again will work or say why not."""


class NameTaken(Conflict):
    """Another of the user's habits has this name (any case): the database said so."""


class TooManyHabits(Conflict):
    """The account holds as many habits as the host allows (MAX_HABITS)."""


def hold_account(user_id: int) -> None:
    """Take the account's row for this transaction: another request adding habits to it waits
    here until this one commits, then counts what this one added. Counting alone let 24 adds
    sent at once take an account 5 past its bound. A write, not SELECT ... FOR UPDATE: SQLite
    has no row locks, and its write lock is what makes the others wait there."""
    db.session.execute(sa.update(User).where(User.id == user_id)
                       .values(predictions_stale=User.predictions_stale)
                       .execution_options(synchronize_session=False))


def check_room(user_id: int, adding: int = 1, held: int | None = None) -> None:
    """TooManyHabits unless the account can take `adding` more habits. Every page, the links
    Insights finds between habits and the model grow with them: an account of a thousand
    habits took most of a minute of a worker's time per Insights page, time the others sharing
    the server wait for. The host sets the bound (HABITORY_MAX_HABITS, 200 by default).
    `held`: how many the account has, when the caller has them loaded already (after
    hold_account, or the count may be outrun)."""
    most = current_app.config.get("MAX_HABITS", 200)
    if held is None:
        held = db.session.scalar(sa.select(sa.func.count()).where(Habit.user_id == user_id))
    if held + adding > most:
        raise TooManyHabits(N_("An account holds at most %(most)s habits, archived ones "
                               "included, and yours has %(held)s. Delete habits you no longer "
                               "need to make room.", most=grouped_count(most),
                               held=grouped_count(held)))


@dataclass(frozen=True)
class HabitSettings:
    """Every setting of a habit that a form, an import or the API can give."""

    name: str
    description: str | None = None
    kind: str = "yes_no"
    freq_num: int = 1
    freq_den: int = 1
    weekdays: int | None = None  # bit 0 = Monday ... bit 6 = Sunday
    unit: str | None = None
    target: float | None = None
    direction: str = "at_least"
    colour: str | None = None
    icon: str | None = None
    reminders: tuple[time, ...] = ()
    tags: tuple[str, ...] = ()
    # Risk-aware reminders; None leaves the habit's setting as it is (imports, the API).
    remind_at_risk: bool | None = None
    remind_below: int | None = None  # percent


class SettingTextError(TextError):
    """Text a setting cannot hold; `field` names the setting (name, description, unit, icon,
    tags), so that a door can say where it was, as for any other value it refuses."""

    def __init__(self, field: str, error: TextError):
        super().__init__(*error.args)
        self.field = field


@contextmanager
def _about(field: str):
    try:
        yield
    except TextError as error:
        raise SettingTextError(field, error) from None


def _text(field: str, value: str | None, multiline: bool = False) -> str | None:
    with _about(field):
        return clean(value, multiline=multiline).strip() or None if value else None


def _tag_names(settings: HabitSettings) -> list[str]:
    with _about("tags"):
        return [clean_name(t, "tag") for t in settings.tags]


def _apply(habit: Habit, settings: HabitSettings) -> None:
    # The doors clean their text (habitory/forms_text.py, the import's validate.py); cleaning
    # again here costs nothing and keeps text the database refuses out of every write. All of
    # it first: a refusal leaves the habit as it was.
    with _about("name"):
        name = clean_name(settings.name)
    description = _text("description", settings.description, multiline=True)
    measurable = settings.kind == "measurable"
    unit = _text("unit", settings.unit) if measurable else None
    icon = _text("icon", settings.icon)
    habit.rename(name)
    habit.description = description
    habit.kind = settings.kind
    habit.freq_num, habit.freq_den = settings.freq_num, settings.freq_den
    habit.weekdays = settings.weekdays
    habit.unit = unit
    habit.target = settings.target if measurable else None
    habit.direction = settings.direction if measurable else "at_least"
    habit.colour = settings.colour
    habit.icon = icon
    current = {r.at: r for r in habit.reminders}
    habit.reminders = [current.get(t) or Reminder(at=t) for t in settings.reminders]
    if settings.remind_at_risk is not None:
        habit.remind_at_risk = settings.remind_at_risk
    if settings.remind_below is not None:
        habit.remind_below = settings.remind_below


@contextmanager
def _saving():
    """Run the changes and commit; a unique-name refusal (two tabs adding one name at once),
    at a flush inside or at the commit, is NameTaken, any other refusal (a tag deleted as it
    was linked, the tags replaced by another request) a Conflict. Either way nothing was
    written."""
    try:
        yield
        db.session.commit()
    except StaleDataError as error:  # the same habit's tags changed by another request meanwhile
        db.session.rollback()
        raise Conflict(N_("Another change to your habits happened at the same moment: please "
                          "try again.")) from error
    except IntegrityError as error:
        db.session.rollback()
        refusal = str(error.orig)
        # PostgreSQL names the constraint, SQLite the columns.
        if "uq_habits_user_name" in refusal or "habits.name_key" in refusal:
            raise NameTaken(N_("You already have a habit with that name.")) from error
        raise Conflict(N_("Another change to your habits happened at the same moment: please "
                          "try again.")) from error


def create(user_id: int, today: date, settings: HabitSettings, archived: bool = False,
           position: int | None = None) -> Habit:
    """Add a habit started on the user's `today`: at the end of their list, or `archived`
    (from `today`) and/or at `position` of its list. One commit, so a failure leaves no habit
    behind (an API retry under the same Idempotency-Key would meet its name)."""
    hold_account(user_id)
    check_room(user_id)
    # Archived as set_archived() would, less marking its notifications read: it has none yet.
    habit = Habit(user_id=user_id, position=next_position(user_id), created_on=today,
                  archived=archived, archived_on=today if archived else None)
    names = _tag_names(settings)
    with _saving():  # loading a relationship flushes: the name's refusal may come early
        _apply(habit, settings)
        db.session.add(habit)
        tags.set_tags(habit, names)
        notifications.settle_first_habit_invitation(user_id)
        if position is not None:
            place(habit, position)
        if not archived:
            predictions.mark_stale(user_id)
    return habit


def update(habit: Habit, settings: HabitSettings, archived: bool | None = None,
           position: int | None = None) -> None:
    """Save every setting of a habit, and archive or bring it back and/or move it to
    `position` when asked: one commit, so a failure changes nothing (an API client that
    retries its PATCH never finds half of it applied)."""
    names = _tag_names(settings)
    judged_by = _judged_by(habit)
    with _saving():
        _apply(habit, settings)
        tags.set_tags(habit, names)
        if archived is not None:
            _archive(habit, archived)
        if position is not None:
            place(habit, position)
        if _judged_by(habit) != judged_by:
            _judge_again(habit, judged_by)


def _judged_by(habit: Habit) -> tuple:
    """The settings a habit's days are judged by: its type, target and schedule."""
    return (habit.kind, habit.target, habit.direction, habit.freq_num, habit.freq_den,
            habit.weekdays)


def _judge_again(habit: Habit, judged_by: tuple) -> None:
    """After a change of what the days are judged by: a new target, direction or type gives
    a measurable habit's days with an amount the new verdict (as Loop reads them), and
    tomorrow's chances, read from the old verdicts, are stale. Commits (with the update)."""
    if (habit.kind, habit.target, habit.direction) != judged_by[:3]:
        days.judge_again(habit)
    predictions.after_change(habit.user_id, became_done=False)


def rename(habit: Habit, name: str) -> None:
    """Give the habit a new name."""
    with _about("name"):
        name = clean_name(name)
    habit.rename(name)
    with _saving():
        db.session.flush()


def set_archived(habit: Habit, archived: bool) -> None:
    """Archive (off Today, history kept, its numbers stopped on the owner's today) or bring
    back to its place in the list (judged to today again: the days in between were missed)."""
    _archive(habit, archived)
    db.session.commit()


def _archive(habit: Habit, archived: bool) -> None:
    """set_archived without its commit."""
    if habit.archived == archived:
        return
    habit.archived = archived
    habit.archived_on = user_today(habit.user) if archived else None
    if archived:
        notifications.mark_habit_read(habit.user_id, habit.id)
    else:
        # Back where it was (as Loop does), its neighbours since then kept in their order; it
        # kept its number while archived (moves in the archived list renumber it there).
        place(habit, habit.position)
        predictions.mark_stale(habit.user_id)


def delete(habit: Habit) -> None:
    """Delete a habit with all its check-ins, and the tags only it used."""
    user_id = habit.user_id
    db.session.delete(habit)
    db.session.flush()
    tags.prune_tags(user_id)
    db.session.commit()


def place(habit: Habit, position: int) -> None:
    """Put the habit at `position` (1 = top) of its list, past the end meaning last, and
    number the list again from 1; the caller commits."""
    siblings = [h for h in habits_of(habit.user_id, archived=habit.archived) if h.id != habit.id]
    siblings.insert(min(max(position, 1), len(siblings) + 1) - 1, habit)
    for number, sibling in enumerate(siblings, start=1):
        sibling.position = number

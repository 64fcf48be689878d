"""Habits of a user: find, list, create, place, tag. Every lookup goes through the owner's
id. Moving one up or down its list is habit_order.py.

No Flask here: the web layer turns a None from owned() into its 404
(habitory/habits/access.py), the CLI into a message, the API into a problem document.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, time
from functools import lru_cache

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from habitory.clock import user_today
from habitory.domain import notifications, tags
from habitory.domain.text import clean, clean_name, findable
from habitory.extensions import db
from habitory.models import NAME_MAX, CheckIn, Habit, Prediction, Reminder, Tag, name_key
from habitory.stats.phrases import N_


def owned(user_id: int, habit_id: int) -> Habit | None:
    """The user's habit with that id, or None (also for another user's habit)."""
    return db.session.scalar(
        sa.select(Habit).where(Habit.id == habit_id, Habit.user_id == user_id)
    )


@lru_cache(maxsize=1)
def _for_change_query() -> sa.Select:
    return (
        sa.select(Habit, CheckIn, Prediction)
        .outerjoin(CheckIn, sa.and_(CheckIn.habit_id == Habit.id,
                                    CheckIn.day == sa.bindparam("day")))
        .outerjoin(Prediction, sa.and_(Prediction.habit_id == Habit.id,
                                       Prediction.for_day == sa.bindparam("tomorrow")))
        .where(Habit.id == sa.bindparam("habit_id"), Habit.user_id == sa.bindparam("user_id"))
    )


def for_change(user_id: int, habit_id: int, day: date, tomorrow: date):
    """(habit, its check-in on `day` or None, its prediction for `tomorrow` or None) in one
    query: what a change to a day reads. None when the user owns no such habit."""
    found = db.session.execute(
        _for_change_query(),
        {"habit_id": habit_id, "user_id": user_id, "day": day, "tomorrow": tomorrow},
    ).first()
    return None if found is None else (found[0], found[1], found[2])


def habits_of(user_id: int, archived: bool = False, tag: Tag | None = None) -> list[Habit]:
    """A user's habits in their chosen order, optionally only those with a tag."""
    params = {"user_id": user_id, "archived": archived, "tag_id": tag.id if tag else None}
    return list(db.session.scalars(_habits_query(tag is not None), params))


@lru_cache(maxsize=2)
def _habits_query(tagged: bool) -> sa.Select:
    """Built once: constructing a statement costs more than SQLite takes to run this one."""
    query = (
        sa.select(Habit)
        .where(Habit.user_id == sa.bindparam("user_id"),
               Habit.archived == sa.bindparam("archived"))
        .order_by(Habit.position, Habit.id)
    )
    if tagged:
        query = query.where(Habit.tags.any(Tag.id == sa.bindparam("tag_id")))
    return query


def archived_count(user_id: int) -> int:
    """How many habits the user has archived."""
    return db.session.scalar(_archived_count_query(), {"user_id": user_id}) or 0


@lru_cache(maxsize=1)
def _archived_count_query() -> sa.Select:
    return sa.select(sa.func.count(Habit.id)).where(
        Habit.user_id == sa.bindparam("user_id"), Habit.archived
    )


def next_position(user_id: int) -> int:
    """New habits go to the end of the list."""
    highest = db.session.scalar(
        sa.select(sa.func.max(Habit.position)).where(Habit.user_id == user_id)
    )
    return (highest or 0) + 1


def place(habit: Habit, position: int) -> None:
    """Put the habit at `position` (1 = top) of its list, past the end meaning last, and
    number the list again from 1; the caller commits."""
    siblings = [h for h in habits_of(habit.user_id, archived=habit.archived) if h.id != habit.id]
    siblings.insert(min(max(position, 1), len(siblings) + 1) - 1, habit)
    for number, sibling in enumerate(siblings, start=1):
        sibling.position = number


def checkin_count(habit: Habit) -> int:
    """How many days of history a habit has (said before deleting it)."""
    return db.session.scalar(
        sa.select(sa.func.count(CheckIn.id)).where(CheckIn.habit_id == habit.id)
    ) or 0


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


def _text(value: str | None, multiline: bool = False) -> str | None:
    return clean(value, multiline=multiline).strip() or None if value else None


def _apply(habit: Habit, settings: HabitSettings) -> None:
    # The doors clean their text (habitory/forms_text.py, the import's validate.py); cleaning
    # again here costs nothing and keeps text the database refuses out of every write.
    habit.rename(clean_name(settings.name))
    habit.description = _text(settings.description, multiline=True)
    habit.kind = settings.kind
    habit.freq_num, habit.freq_den = settings.freq_num, settings.freq_den
    habit.weekdays = settings.weekdays
    measurable = habit.kind == "measurable"
    habit.unit = _text(settings.unit) if measurable else None
    habit.target = settings.target if measurable else None
    habit.direction = settings.direction if measurable else "at_least"
    habit.colour = settings.colour
    habit.icon = _text(settings.icon)
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
    # Archived as set_archived() would, less marking its notifications read: it has none yet.
    habit = Habit(user_id=user_id, position=next_position(user_id), created_on=today,
                  archived=archived, archived_on=today if archived else None)
    names = [clean_name(t, "tag") for t in settings.tags]
    with _saving():  # loading a relationship flushes: the name's refusal may come early
        _apply(habit, settings)
        db.session.add(habit)
        tags.set_tags(habit, names)
        notifications.settle_first_habit_invitation(user_id)
        if position is not None:
            place(habit, position)
    return habit


def update(habit: Habit, settings: HabitSettings, archived: bool | None = None,
           position: int | None = None) -> None:
    """Save every setting of a habit, and archive or bring it back and/or move it to
    `position` when asked: one commit, so a failure changes nothing (an API client that
    retries its PATCH never finds half of it applied)."""
    names = [clean_name(t, "tag") for t in settings.tags]
    with _saving():
        _apply(habit, settings)
        tags.set_tags(habit, names)
        if archived is not None:
            _archive(habit, archived)
        if position is not None:
            place(habit, position)


def rename(habit: Habit, name: str) -> None:
    """Give the habit a new name."""
    habit.rename(clean_name(name))
    with _saving():
        db.session.flush()


def set_archived(habit: Habit, archived: bool) -> None:
    """Archive (off Today, history kept, its numbers stopped on the owner's today) or bring
    back to the end of the list (judged to today again: the days in between were missed)."""
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
        habit.position = next_position(habit.user_id)


def delete(habit: Habit) -> None:
    """Delete a habit with all its check-ins, and the tags only it used."""
    user_id = habit.user_id
    db.session.delete(habit)
    db.session.flush()
    tags.prune_tags(user_id)
    db.session.commit()


def name_taken(user_id: int, name: str, habit: Habit | None = None) -> bool:
    """Whether another of the user's habits (not `habit`) has this name, whatever the case."""
    query = sa.select(Habit.id).where(Habit.user_id == user_id, Habit.name_key == name_key(name))
    if habit is not None:
        query = query.where(Habit.id != habit.id)
    return db.session.scalar(query) is not None


def first_start(user_id: int) -> date | None:
    """The earliest start of the user's habits, archived ones too (the calendar's first year);
    None when there is no habit."""
    return db.session.scalar(_first_start_query(), {"user_id": user_id})


@lru_cache(maxsize=1)
def _first_start_query() -> sa.Select:
    return sa.select(sa.func.min(Habit.created_on)).where(
        Habit.user_id == sa.bindparam("user_id"))


def by_name(user_id: int, name: str) -> Habit | None:
    """The user's habit with this name, whatever the case; None also for text no habit can be
    called (control characters, longer than a name)."""
    key = findable(name, NAME_MAX)
    if key is None:
        return None
    return db.session.scalar(
        sa.select(Habit).where(Habit.user_id == user_id, Habit.name_key == name_key(key)))


# Only what a schedule needs: the toggle reads the other habits just to count today's progress.
_SCHEDULE_COLUMNS = (Habit.id, Habit.created_on, Habit.freq_num, Habit.freq_den,
                     Habit.weekdays, Habit.kind, Habit.target, Habit.direction)


@lru_cache(maxsize=2)
def _schedules_query(tagged: bool) -> sa.Select:
    query = sa.select(*_SCHEDULE_COLUMNS).where(
        Habit.user_id == sa.bindparam("user_id"), Habit.archived.is_(False)
    )
    if tagged:
        query = query.where(Habit.tags.any(Tag.id == sa.bindparam("tag_id")))
    return query


def schedules_of(user_id: int, tag: Tag | None = None) -> list:
    """The schedule columns of the user's active habits (optionally with a tag): enough to
    say whether each is done today, without loading the habits."""
    return db.session.execute(
        _schedules_query(tag is not None), {"user_id": user_id, "tag_id": tag.id if tag else None}
    ).all()

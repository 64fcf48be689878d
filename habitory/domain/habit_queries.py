"""Reading a user's habits: one by id or by name, the list in its order, counts, the earliest
start, and the bare schedule columns. Every lookup goes through the owner's id; nothing here
writes (changing habits is habits.py).

No Flask here: the web layer turns a None from owned() into its 404
(habitory/habits/access.py), the CLI into a message, the API into a problem document.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import sqlalchemy as sa

from habitory.domain.text import findable
from habitory.extensions import db
from habitory.models import NAME_MAX, CheckIn, Habit, Prediction, Tag, name_key


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


def checkin_count(habit: Habit) -> int:
    """How many days of history a habit has (said before deleting it)."""
    return db.session.scalar(
        sa.select(sa.func.count(CheckIn.id)).where(CheckIn.habit_id == habit.id)
    ) or 0


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

"""Loading and changing habits and check-ins, always through the owner."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from functools import cache, lru_cache

import sqlalchemy as sa
from flask import abort
from flask_login import current_user

from ..ai.schedule import history_from
from ..ai.stats import Entry, HabitHistory
from ..extensions import db
from ..models import CheckIn, Habit, Prediction, Tag, utcnow


def get_habit_or_404(habit_id: int) -> Habit:
    """The current user's habit, or 404: isolation between users lives here."""
    habit = db.session.scalar(
        sa.select(Habit).where(Habit.id == habit_id, Habit.user_id == current_user.id)
    )
    if habit is None:
        abort(404)
    return habit


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


def get_for_change_or_404(habit_id: int, day: date, tomorrow: date):
    """(habit, its check-in on `day` or None, its prediction for `tomorrow` or None) of the
    current user, in one query: what a change to a day reads; someone else's habit is a 404."""
    found = db.session.execute(
        _for_change_query(),
        {"habit_id": habit_id, "user_id": current_user.id, "day": day, "tomorrow": tomorrow},
    ).first()
    if found is None:
        abort(404)
    return found[0], found[1], found[2]


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


# Entry is frozen: the plain states are shared instead of built once per row.
_PLAIN = {state: Entry(state) for state in ("done", "skipped", "not_done")}


@cache
def _entries_query(since: bool, until: bool, wider: bool) -> sa.Select:
    """The check-in query, built once per shape (building it cost more than running it)."""
    # The day comes back untouched (SQLite: an ISO string, PostgreSQL: a date) and is parsed
    # once per distinct day below: SQLAlchemy's per-row date parsing dominated long histories.
    raw_day = sa.type_coerce(CheckIn.day, sa.String)
    query = sa.select(CheckIn.habit_id, raw_day, CheckIn.state, CheckIn.amount).where(
        CheckIn.habit_id.in_(sa.bindparam("ids", expanding=True))
    )
    if since and wider:
        query = query.where(sa.or_(
            CheckIn.day >= sa.bindparam("since"),
            sa.and_(CheckIn.habit_id == sa.bindparam("wide_id"),
                    CheckIn.day >= sa.bindparam("wide_since")),
        ))
    elif since:
        query = query.where(CheckIn.day >= sa.bindparam("since"))
    if until:
        query = query.where(CheckIn.day <= sa.bindparam("until"))
    return query


def entries_for(habit_ids: list[int], since: date | None = None, until: date | None = None,
                wider: tuple[int, date] | None = None):
    """Check-ins of several habits in one query, as {habit_id: {day: Entry}}.

    `wider=(habit_id, earlier)` also reads that habit's days from `earlier` on.
    """
    found: dict[int, dict[date, Entry]] = defaultdict(dict)
    if not habit_ids:
        return found
    query = _entries_query(since is not None, until is not None, wider is not None)
    params = {"ids": habit_ids, "since": since, "until": until}
    if wider is not None:
        params["wide_id"], params["wide_since"] = wider
    days: dict[object, date] = {}
    # Core, not the ORM: plain tuples, without the ORM's per-row bookkeeping.
    for habit_id, raw, state, amount in db.session.connection().execute(query, params).all():
        day = days.get(raw)
        if day is None:
            day = days[raw] = raw if isinstance(raw, date) else date.fromisoformat(raw)
        found[habit_id][day] = _PLAIN[state] if amount is None else Entry(state, amount)
    return found


def history_of(habit: Habit, entries: dict[date, Entry]) -> HabitHistory:
    """The pure-data view of a habit that the ai/ modules compute on."""
    return history_from(habit, habit.created_on, entries)


KEEP = object()  # "leave this column as it is"


@lru_cache(maxsize=16)
def _upsert(dialect: str, columns: tuple[str, ...]):
    """INSERT ... ON CONFLICT (habit_id, day) DO UPDATE of `columns`, built once per shape."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    table = CheckIn.__table__
    statement = insert(table).values({c: sa.bindparam(c, type_=table.c[c].type) for c in columns})
    return statement.on_conflict_do_update(
        index_elements=["habit_id", "day"],
        set_={c: statement.excluded[c] for c in columns if c not in ("habit_id", "day")},
    )


def set_state(
    habit: Habit, day: date, state: str | None, amount=KEEP, note=KEEP, commit: bool = True
) -> None:
    """Store a day's state (None clears the day), with its amount and note when given.

    An upsert on the unique (habit, day): two simultaneous submissions leave one check-in.
    With commit=False the caller commits (one transaction with what it adds).
    """
    if state is None:
        db.session.execute(
            sa.delete(CheckIn).where(CheckIn.habit_id == habit.id, CheckIn.day == day)
        )
    else:
        values = {"habit_id": habit.id, "day": day, "state": state, "updated_at": utcnow()}
        if amount is not KEEP:
            values["amount"] = amount
        if note is not KEEP:
            values["note"] = note
        dialect = db.session.get_bind().dialect.name
        db.session.execute(_upsert(dialect, tuple(values)), values)
        if day < habit.created_on:
            habit.created_on = day  # history logged before the habit was added here
    if commit:
        db.session.commit()


NEXT_STATE = {None: "done", "done": "skipped", "skipped": None, "not_done": "done"}
# A quit habit succeeds by default: its toggle logs a slip, then a skip, then clears.
NEXT_QUIT_STATE = {None: "not_done", "not_done": "skipped", "skipped": None, "done": "not_done"}


def next_state(habit: Habit, current: str | None, has_note: bool = False) -> str | None:
    """The state a toggle moves to; a day with a note is never cleared (the note would go)."""
    cycle = NEXT_QUIT_STATE if habit.kind == "quit" else NEXT_STATE
    state = cycle[current]
    if state is None and has_note:
        state = "done" if habit.kind == "quit" else "not_done"
    return state


def next_position(user_id: int) -> int:
    """New habits go to the end of the list."""
    highest = db.session.scalar(
        sa.select(sa.func.max(Habit.position)).where(Habit.user_id == user_id)
    )
    return (highest or 0) + 1


def move(habit: Habit, direction: str) -> bool:
    """Swap the habit with its neighbour above or below; False at the edge."""
    siblings = habits_of(habit.user_id, archived=habit.archived)
    index = next(i for i, h in enumerate(siblings) if h.id == habit.id)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return False
    # Renumber the whole list: positions may have gaps or ties from older data.
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        sibling.position = position
    db.session.commit()
    return True


def checkin_count(habit: Habit) -> int:
    """How many days of history a habit has (said before deleting it)."""
    return db.session.scalar(
        sa.select(sa.func.count(CheckIn.id)).where(CheckIn.habit_id == habit.id)
    ) or 0


def tags_of(user_id: int) -> list[Tag]:
    """A user's tags that label at least one active habit, by name."""
    return list(db.session.scalars(_tags_query(), {"user_id": user_id}))


@lru_cache(maxsize=1)
def _tags_query() -> sa.Select:
    return (
        sa.select(Tag)
        .where(Tag.user_id == sa.bindparam("user_id"))
        .where(Tag.habits.any(Habit.archived.is_(False)))
        .order_by(Tag.name_key)
    )


def find_tag(user_id: int, name: str | None) -> Tag | None:
    """The user's tag with that name (any case), or None."""
    if not name:
        return None
    return db.session.scalar(
        sa.select(Tag).where(Tag.user_id == user_id, Tag.name_key == name.strip().casefold())
    )


def set_tags(habit: Habit, names: list[str]) -> None:
    """Label the habit with these tags, creating the new ones and dropping unused ones."""
    wanted = {name.casefold(): name for name in names}
    existing = {
        t.name_key: t
        for t in db.session.scalars(
            sa.select(Tag).where(Tag.user_id == habit.user_id, Tag.name_key.in_(list(wanted)))
        )
    } if wanted else {}
    tags = []
    for key, name in wanted.items():
        tag = existing.get(key) or Tag(user_id=habit.user_id, name=name, name_key=key)
        tags.append(tag)
    habit.tags = tags
    db.session.flush()
    prune_tags(habit.user_id)


def prune_tags(user_id: int) -> None:
    """Tags label habits; one that labels none is gone."""
    db.session.execute(
        sa.delete(Tag)
        .where(Tag.user_id == user_id, ~Tag.habits.any())
        .execution_options(synchronize_session=False)
    )


def meets_target(habit: Habit, amount: float) -> bool:
    """Whether an amount reaches a measurable habit's target in its direction."""
    target = habit.target or 0
    return amount >= target if habit.direction == "at_least" else amount <= target

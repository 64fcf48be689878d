"""Check-in histories: the one place that reads check-ins for the statistics, rules and ML.

Two shapes of one loader:
- histories(habits): each habit's whole history, packed by the database into one string per
  habit and parsed by numpy (Insights, the habit page, rules, training, exports);
- entries_for(ids, since=...): a window of {day: Entry} rows (the dashboard's last weeks, a
  calendar year), cheaper when only a few days are wanted.

The packed form: for 20 habits × 5 years (25,000 rows) fetching rows and building dicts took
half of the Insights page. Here the database packs each habit's days into one string,
"YYYY-MM-DD" after "YYYY-MM-DD", and the days not done into another, "YYYY-MM-DDs" with s the
state's first letter (skipped, not_done); numpy splits and parses them in C. Amounts only
matter to measurable habits: theirs come packed too, as text that reads back to the same
float. The result is a stats.daily.EntryArrays per habit, which the statistics read as arrays
and anything else as the usual {day: Entry} mapping.
tests/test_insights_page.py checks it reads back what entries_for reads, on SQLite and
PostgreSQL.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from functools import cache

import numpy as np
import sqlalchemy as sa

from habitory.clock import user_today
from habitory.domain.habit_queries import habits_of
from habitory.extensions import db
from habitory.models import CheckIn, Habit, User
from habitory.stats.daily import EntryArrays
from habitory.stats.schedule import (
    AMOUNT_MAX,
    AMOUNT_MIN,
    Entry,
    HabitHistory,
    history_from,
    sane_amount,
)

_EPOCH = date(1970, 1, 1).toordinal()
_DAY, _OTHER = np.dtype("S10"), np.dtype([("day", "S10"), ("state", "u1")])  # "2026-11-25s"
_CODES = np.zeros(256, np.int8)  # a state's first letter -> daily.EntryArrays' code
_CODES[[ord("n"), ord("d"), ord("s")]] = 0, 1, 2
_EMPTY = np.zeros(0, np.int64), np.zeros(0, np.int8)  # shared by habits without check-ins
for _array in _EMPTY:
    _array.setflags(write=False)
_sql = sa.literal_column


def _packed(dialect: str, habit_ids: list[int], measurable: list[int],
            since: date | None = None, until: date | None = None):
    """The query: per habit, (id, every day packed, the days not done packed with their state,
    None); then per measurable habit with amounts, (id, their days packed, the amounts as
    text separated by commas, 1)."""
    if dialect == "sqlite":
        day = sa.type_coerce(CheckIn.day, sa.String)  # stored as ISO text
        concat = sa.func.group_concat
    else:
        day = sa.func.to_char(CheckIn.day, _sql("'YYYY-MM-DD'"), type_=sa.String)
        concat = sa.func.string_agg
    # Most check-ins are "done": only the others carry their state, which keeps the strings
    # (and the database's work building them) short. The constants are written into the SQL:
    # as bound parameters they cost SQLite a quarter of the query, evaluated row by row.
    one, empty = day + sa.func.substr(CheckIn.state, _sql("1"), _sql("1")), _sql("''")
    other = sa.case((CheckIn.state != _sql("'done'"), one))
    window = [CheckIn.day >= since] if since is not None else []
    window += [CheckIn.day <= until] if until is not None else []
    packed = sa.select(CheckIn.habit_id, concat(day, empty), concat(other, empty),
                       sa.cast(sa.null(), sa.Float)).where(
        CheckIn.habit_id.in_(habit_ids), *window).group_by(CheckIn.habit_id)
    if not measurable:
        return packed
    # Each measurable habit's amounts, in one more row: the days packed as above and beside
    # them the amounts as text that reads back to the same float (SQLite's quote() writes 15
    # digits, or 20 when 15 would not round-trip; PostgreSQL's float8 text is exact), in the
    # same order: both aggregates take the group's rows as they come.
    if dialect == "sqlite":
        amount = sa.func.quote(CheckIn.amount)
    else:
        amount = sa.cast(CheckIn.amount, sa.Text)
    amounts = sa.select(CheckIn.habit_id, concat(day, empty), concat(amount, _sql("','")),
                        sa.cast(sa.literal_column("1"), sa.Float)).where(
        CheckIn.habit_id.in_(measurable), CheckIn.amount.is_not(None), *window
    ).group_by(CheckIn.habit_id)
    return sa.union_all(packed, amounts)


def _ordinals(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[D]").astype(np.int64) + _EPOCH


def _unpack(days: str, others: str | None) -> tuple[np.ndarray, np.ndarray]:
    """Day ordinals and state codes from "YYYY-MM-DD..." and "YYYY-MM-DDs..." (not done)."""
    if len(days) % _DAY.itemsize or len(others or "") % _OTHER.itemsize:
        raise ValueError("packed check-ins of an unexpected length")
    ordinals = _ordinals(np.frombuffer(days.encode("ascii"), _DAY))
    codes = np.ones(len(ordinals), np.int8)
    if others:
        records = np.frombuffer(others.encode("ascii"), _OTHER)
        codes[_positions(ordinals, _ordinals(records["day"]))] = _CODES[records["state"]]
    return ordinals, codes


def _positions(ordinals: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Where each of the wanted days is in ordinals (they are all there)."""
    order = np.argsort(ordinals)
    return order[np.searchsorted(ordinals, wanted, sorter=order)]


def _with_amounts(arrays: tuple[np.ndarray, np.ndarray], amounts: tuple[str, str] | None
                  ) -> EntryArrays:
    ordinals, codes = arrays
    values = np.full(len(ordinals), np.nan)
    if amounts:
        days, texts = amounts
        if len(days) % _DAY.itemsize:
            raise ValueError("packed amounts of an unexpected length")
        wanted = _ordinals(np.frombuffer(days.encode("ascii"), _DAY))
        numbers = np.array(texts.split(","), np.float64)
        if len(numbers) != len(wanted):
            raise ValueError("packed amounts do not match their days")
        values[_positions(ordinals, wanted)] = numbers
        # An amount no form or import lets in (1e306, inf: older data) reads as Loop's limit.
        np.clip(values, AMOUNT_MIN, AMOUNT_MAX, out=values)
    return EntryArrays(ordinals, codes, values)


def histories(habits: list[Habit], since: date | None = None, until: date | None = None
              ) -> dict[int, HabitHistory]:
    """Each habit's history (one query), keyed by id, in the habits' order: whole, or its
    check-ins from `since` to `until`."""
    if not habits:
        return {}
    dialect = db.engine.dialect.name
    if dialect not in ("sqlite", "postgresql"):  # no string aggregate we know of: row by row
        entries = entries_for([h.id for h in habits], since=since, until=until)
        return {h.id: history_of(h, entries.get(h.id, {})) for h in habits}
    measurable = [h.id for h in habits if h.kind == "measurable"]
    query = _packed(dialect, [h.id for h in habits], measurable, since, until)
    packed: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    amounts: dict[int, tuple[str, str] | None] = dict.fromkeys(measurable)
    for habit_id, days, others, has_amounts in db.session.connection().execute(query):
        if has_amounts is None:
            packed[habit_id] = _unpack(days, others)
        else:
            amounts[habit_id] = days, others
    return {h.id: history_of(h, _with_amounts(packed.get(h.id, _EMPTY), amounts[h.id])
                             if h.id in amounts else EntryArrays(*packed.get(h.id, _EMPTY)))
            for h in habits}


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
        amount = sane_amount(amount)  # as in _with_amounts
        found[habit_id][day] = _PLAIN[state] if amount is None else Entry(state, amount)
    return found


def history_of(habit: Habit, entries) -> HabitHistory:
    """The pure-data view of a habit that the statistics, rules and ML compute on."""
    return history_from(habit, habit.created_on, entries)


def of_user(user: User) -> tuple[dict[int, HabitHistory], date]:
    """The user's active habits as whole histories (one query), and their local today."""
    return histories(habits_of(user.id)), user_today(user)


def notes_between(habit_id: int, first: date, last: date) -> dict[date, str]:
    """A habit's notes from first to last, by day."""
    return dict(db.session.execute(
        sa.select(CheckIn.day, CheckIn.note).where(
            CheckIn.habit_id == habit_id, CheckIn.note.is_not(None),
            CheckIn.day.between(first, last))
    ).all())


def recent_checkins(habit_id: int, limit: int) -> list[CheckIn]:
    """A habit's newest check-ins, newest first (the habit page's history with notes)."""
    return list(db.session.scalars(
        sa.select(CheckIn).where(CheckIn.habit_id == habit_id)
        .order_by(CheckIn.day.desc()).limit(limit)
    ))


def checkin_total(user_id: int) -> int:
    """How many check-ins the user has, over every habit."""
    return db.session.scalar(
        sa.select(sa.func.count(CheckIn.id)).join(Habit).where(Habit.user_id == user_id)
    ) or 0


def checkins_between(habit_id: int, first: date, last: date) -> list[CheckIn]:
    """A habit's check-ins from first to last, oldest first, with amounts and notes."""
    return list(db.session.scalars(
        sa.select(CheckIn).where(CheckIn.habit_id == habit_id, CheckIn.day.between(first, last))
        .order_by(CheckIn.day)))

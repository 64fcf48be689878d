"""The Insights page's one query: every check-in of the user's habits, packed into arrays.

habits/queries.py:entries_for builds a {day: Entry} dict row by row; for 20 habits × 5 years
(25,000 rows) fetching the rows and building the dicts took half of the page. Here the
database packs each habit's days into one string, "YYYY-MM-DD" after "YYYY-MM-DD", and the
days not done into another, "YYYY-MM-DDs" with s the state's first letter (skipped, not_done);
numpy splits and parses them in C. Amounts only matter to measurable habits, so only their rows
with an amount come back one by one (a REAL sent through text could lose digits). The result is
an ai.daily.EntryArrays per habit, which the statistics read as arrays and anything else as the
usual {day: Entry} mapping. tests/test_insights_page.py checks it reads back what entries_for
reads, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import sqlalchemy as sa

from ..ai.daily import EntryArrays
from ..ai.schedule import HabitHistory
from ..extensions import db
from ..habits.queries import entries_for, history_of
from ..models import CheckIn, Habit

_EPOCH = date(1970, 1, 1).toordinal()
_DAY, _OTHER = np.dtype("S10"), np.dtype([("day", "S10"), ("state", "u1")])  # "2026-11-25s"
_CODES = np.zeros(256, np.int8)  # a state's first letter -> daily.EntryArrays' code
_CODES[[ord("n"), ord("d"), ord("s")]] = 0, 1, 2
_EMPTY = np.zeros(0, np.int64), np.zeros(0, np.int8)  # shared by habits without check-ins
for _array in _EMPTY:
    _array.setflags(write=False)
_sql = sa.literal_column


def _packed(dialect: str, habit_ids: list[int], measurable: list[int]):
    """The query: per habit, (id, every day packed, the days not done packed with their state,
    None); then (id, one day and state, amount) for each amount of a measurable habit."""
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
    packed = sa.select(CheckIn.habit_id, concat(day, empty), concat(other, empty),
                       sa.cast(sa.null(), sa.Float)).where(
        CheckIn.habit_id.in_(habit_ids)).group_by(CheckIn.habit_id)
    if not measurable:
        return packed
    return sa.union_all(packed, sa.select(CheckIn.habit_id, one, sa.null(), CheckIn.amount).where(
        CheckIn.habit_id.in_(measurable), CheckIn.amount.is_not(None)))


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


def _with_amounts(arrays: tuple[np.ndarray, np.ndarray], amounts: dict[int, float]
                  ) -> EntryArrays:
    ordinals, codes = arrays
    values = np.full(len(ordinals), np.nan)
    if amounts:
        days = np.fromiter(amounts, np.int64, len(amounts))
        values[_positions(ordinals, days)] = list(amounts.values())
    return EntryArrays(ordinals, codes, values)


def histories_of(habits: list[Habit]) -> dict[int, HabitHistory]:
    """Each habit's whole history (one query), keyed by id, in the habits' order."""
    if not habits:
        return {}
    dialect = db.engine.dialect.name
    if dialect not in ("sqlite", "postgresql"):  # no string aggregate we know of: row by row
        entries = entries_for([h.id for h in habits])
        return {h.id: history_of(h, entries.get(h.id, {})) for h in habits}
    measurable = [h.id for h in habits if h.kind == "measurable"]
    query = _packed(dialect, [h.id for h in habits], measurable)
    packed: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    amounts: dict[int, dict[int, float]] = {i: {} for i in measurable}
    for habit_id, days, others, amount in db.session.connection().execute(query):
        if amount is None:
            packed[habit_id] = _unpack(days, others)
        else:
            amounts[habit_id][date.fromisoformat(days[:10]).toordinal()] = amount
    return {h.id: history_of(h, _with_amounts(packed.get(h.id, _EMPTY), amounts[h.id])
                             if h.id in amounts else EntryArrays(*packed.get(h.id, _EMPTY)))
            for h in habits}

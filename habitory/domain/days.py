"""Changing a habit's day: the one state machine behind the toggle, the day editor, the API.

A door (a route, a command, an import) parses what it was sent into a DayChange and calls
set_day(); the rules of what a toggle cycles to, what an amount means for a measurable habit
and when a note keeps a day alive live here, once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from habitory.domain import habit_start, predictions
from habitory.domain.numbers import parse_number
from habitory.domain.text import TextError, clean
from habitory.extensions import db
from habitory.models import NOTE_MAX, CheckIn, Habit, utcnow
from habitory.stats.phrases import N_
from habitory.stats.schedule import amount_meets_target

EARLIEST_DAY = date(1970, 1, 1)  # what imports and the calendars accept; older is a typo
MAX_AMOUNT = 1_000_000
STATES = ("done", "skipped", "not_done", "clear")
NEXT_STATE = {None: "done", "done": "skipped", "skipped": None, "not_done": "done"}
# A quit habit succeeds by default: its toggle logs a slip, then a skip, then clears.
NEXT_QUIT_STATE = {None: "not_done", "not_done": "skipped", "skipped": None, "done": "not_done"}
KEEP = object()  # "leave this column as it is"


class DayError(ValueError):
    """A change the rules refuse; `field` names the input it concerns."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def judged_until(habit: Habit, today: date) -> date:
    """The last day a habit's numbers judge: today, or the day an archived habit was archived
    (the days since were not missed: it was off the list). A habit imported or restored
    archived has no such day: its last logged day stands for it, as in migration 0016."""
    if not habit.archived:
        return today
    until = habit.archived_on or db.session.scalar(
        sa.select(sa.func.max(CheckIn.day)).where(CheckIn.habit_id == habit.id))
    return min(today, max(until or habit.created_on, habit.created_on))


def check_day(day: date, today: date) -> date:
    """A day that can be changed: not in the future, not before 1970."""
    if day > today:
        raise DayError("day", N_("That day has not happened yet: you can only check in today "
                                 "or earlier."))
    if day < EARLIEST_DAY:
        raise DayError("day", N_("Pick a day from 1970 on."))
    return day


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def iso_day(text: str) -> date:
    """A day written YYYY-MM-DD, exactly; ValueError otherwise. (Python 3.11's fromisoformat
    also reads "20261206" and "2026-W49-1": a door that names days takes only the one form.)"""
    if not isinstance(text, str) or not _ISO_DAY.fullmatch(text):
        raise ValueError(f"not a YYYY-MM-DD day: {text!r:.40}")
    return date.fromisoformat(text)


def parse_day(raw: str | None, today: date) -> date:
    """A YYYY-MM-DD day no later than today (blank means today), or DayError saying why not."""
    if not raw or not raw.strip():
        return today
    try:
        day = iso_day(raw.strip())
    except ValueError:
        raise DayError("day", N_("“%(text)s” is not a date. Use the form YYYY-MM-DD.",
                                 text=raw.strip()[:20])) from None
    return check_day(day, today)


def parse_amount(raw: str, decimal: str = ".", group: str = ",") -> float | None:
    """A typed amount, read with the page's decimal and grouping symbols ("2,5" is 2.5 on a
    German page; "10,000" is ten thousand on an English one); blank is None."""
    raw = raw.strip()
    if not raw:
        return None
    try:
        amount = parse_number(raw, decimal, group)
    except ValueError:
        raise DayError("amount", N_("“%(text)s” is not a number: enter an amount like 3 or "
                                    "2.5.", text=raw[:20])) from None
    if not 0 <= amount <= MAX_AMOUNT:
        raise DayError("amount", N_("Enter an amount between 0 and 1,000,000."))
    return amount


def clean_note(raw: str) -> str | None:
    """A note as written, lines kept (a textarea's, a script's, a file's), each line's spaces
    and tabs folded, blank lines at either end dropped; blank is None; DayError for a control
    character."""
    try:
        raw = clean(raw, multiline=True)
    except TextError as error:
        raise DayError("note", error.args[0]) from None
    lines = [" ".join(line.split()) for line in raw.splitlines()]
    note = "\n".join(lines).strip("\n") or None
    if note and len(note) > NOTE_MAX:
        raise DayError("note", N_("Keep the note to %(limit)s characters (this one has "
                                  "%(length)s).", limit=NOTE_MAX, length=len(note)))
    return note


def meets_target(habit: Habit, amount: float) -> bool:
    """Whether an amount reaches a measurable habit's target in its direction."""
    return amount_meets_target(amount, habit.target, habit.direction)


def judged(habit: Habit, state: str | None, amount: float) -> str | None:
    """A measurable day's state once it has `amount`: done or not done by the habit's target,
    whatever it was; a skip stays a skip. The one rule of the day editor and a new target."""
    if state in (None, "clear", "done", "not_done"):
        return "done" if meets_target(habit, amount) else "not_done"
    return state


def next_state(habit: Habit, current: str | None, has_note: bool = False) -> str | None:
    """The state a toggle moves to; a day with a note is never cleared (the note would go)."""
    cycle = NEXT_QUIT_STATE if habit.kind == "quit" else NEXT_STATE
    state = cycle[current]
    if state is None and has_note:
        state = _kept_for_note(habit)
    return state


def _kept_for_note(habit: Habit) -> str:
    """The state a day keeps when it is cleared but has a note: the habit's default outcome."""
    return "done" if habit.kind == "quit" else "not_done"


def toggled(habit: Habit, existing: CheckIn | None, wanted: str | None) -> str | None:
    """The state after a toggle: `wanted` (done, skipped, not_done, clear) or the next in the
    cycle. A day with a note is never cleared."""
    has_note = bool(existing and existing.note)
    if not wanted:
        return next_state(habit, existing.state if existing else None, has_note)
    if wanted not in STATES:
        raise DayError("state", N_("State must be done, skipped, not_done or clear."))
    if wanted == "clear":
        return _kept_for_note(habit) if has_note else None
    return wanted


@dataclass(frozen=True)
class Edit:
    """What the day editor was sent; a field left as KEEP was not sent."""

    state: str | None = None
    amount: object = KEEP  # float | None | KEEP
    note: object = KEEP  # str | None | KEEP


def edited(habit: Habit, existing: CheckIn | None, edit: Edit) -> tuple[str | None, object, object]:
    """(state, amount, note) after the day editor: an amount decides a measurable day's state."""
    note = existing.note if existing else None
    if edit.note is not KEEP:
        note = edit.note
    amount = existing.amount if existing else None
    state = edit.state or (existing.state if existing else None)
    if state and state not in STATES:
        raise DayError("state", N_("Choose done, skipped, not done or clear."))
    if edit.amount is not KEEP:
        if edit.amount is not None:
            if habit.kind != "measurable":
                raise DayError("amount", N_("Only measurable habits take an amount."))
            amount = edit.amount
            state = judged(habit, state, amount)
        elif habit.kind == "measurable":
            amount = None
            if state in ("done", "not_done"):
                state = "clear"
    elif habit.kind == "measurable" and amount is not None and state in ("done", "not_done"):
        # A state sent alone on a day holding an amount: the amount kept still decides, as
        # had it been sent again ("not done" on 12 of at least 10 stays done). To change the
        # day, change its amount (or remove it).
        state = judged(habit, state, amount)
    if state == "clear":
        state = None
        if habit.kind == "measurable":
            amount = None  # a day cleared but kept for its note is not kept with 12 "not done"
    if state is None and note:
        state = _kept_for_note(habit)
    return state, amount, note


@lru_cache(maxsize=16)
def _upsert(dialect: str, columns: tuple[str, ...]):
    """INSERT ... ON CONFLICT (habit_id, day) DO UPDATE of `columns`, built once per shape."""
    table = CheckIn.__table__
    statement = _INSERT[dialect](table).values(
        {c: sa.bindparam(c, type_=table.c[c].type) for c in columns})
    update = {c: statement.excluded[c] for c in columns if c not in ("habit_id", "day")}
    # A day that was done and stays done keeps the moment it became done (a note added in the
    # evening does not move a morning tick); a row from before done_at had its last change.
    update["done_at"] = sa.case(
        (sa.and_(table.c.state == "done", statement.excluded.state == "done"),
         sa.func.coalesce(table.c.done_at, table.c.updated_at)),
        else_=statement.excluded.done_at,
    )
    return statement.on_conflict_do_update(
        index_elements=["habit_id", "day"], set_=update).returning(table.c.done_at)


_INSERT = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def set_state(
    habit: Habit, day: date, state: str | None, amount=KEEP, note=KEEP, commit: bool = True
) -> bool:
    """Store a day's state (None clears the day), with its amount and note when given; whether
    the day became done by it (a new note on a day already done is no new completion).

    An upsert on the unique (habit, day): two simultaneous submissions leave one check-in.
    The habit's start follows its history (habit_start.py). With commit=False the caller
    commits (one transaction with what it adds).
    """
    became_done = False
    if state is None:
        db.session.execute(
            sa.delete(CheckIn).where(CheckIn.habit_id == habit.id, CheckIn.day == day)
        )
        habit_start.after_cleared(habit, day)
    else:
        now = utcnow()
        values = {"habit_id": habit.id, "day": day, "state": state, "updated_at": now,
                  "done_at": now if state == "done" else None}
        if amount is not KEEP:
            values["amount"] = amount
        if note is not KEEP:
            values["note"] = note
        dialect = db.session.get_bind().dialect.name
        done_at = db.session.execute(_upsert(dialect, tuple(values)), values).scalar_one()
        became_done = state == "done" and done_at == now
        habit_start.after_logged(habit, day)
        if habit.archived_on is not None and day > habit.archived_on:
            habit.archived_on = day  # logged after it was archived: judged up to that day
    if commit:
        db.session.commit()
    return became_done


def set_day(habit: Habit, day: date, state: str | None, amount=KEEP, note=KEEP) -> None:
    """Write a day's new state and tell the predictions, in one transaction."""
    became_done = set_state(habit, day, state, amount=amount, note=note, commit=False)
    predictions.after_change(habit.user_id, became_done=became_done)


JUDGE_BATCH = 5000  # ids per UPDATE: well inside SQLite's limit of bound parameters


def judge_again(habit: Habit) -> int:
    """After a measurable habit's target, direction or type changed: each done or not-done
    day with an amount takes judged()'s verdict under the settings as they are now (Loop
    judges every day by the current target); skips, notes and days without an amount stay.
    One read and an UPDATE per new state, in the caller's transaction; how many days changed.

    A verdict changed by a setting is no write of the day: updated_at (when the user logged
    it, which logging_hours reads) stays, and a day becoming done was done when its amount
    was logged, as _upsert keeps for rows from before done_at."""
    if habit.kind != "measurable":
        return 0
    rows = db.session.execute(
        sa.select(CheckIn.id, CheckIn.state, CheckIn.amount).where(
            CheckIn.habit_id == habit.id, CheckIn.amount.is_not(None),
            CheckIn.state.in_(("done", "not_done"))))
    flipped: dict[str, list[int]] = {"done": [], "not_done": []}
    for row_id, state, amount in rows:
        verdict = judged(habit, state, amount)
        if verdict != state:
            flipped[verdict].append(row_id)
    done_at = {"done": sa.func.coalesce(CheckIn.done_at, CheckIn.updated_at), "not_done": None}
    for state, ids in flipped.items():
        for start in range(0, len(ids), JUDGE_BATCH):
            db.session.execute(
                sa.update(CheckIn).where(CheckIn.id.in_(ids[start:start + JUDGE_BATCH]))
                .values(state=state, done_at=done_at[state], updated_at=CheckIn.updated_at)
                .execution_options(synchronize_session="fetch"))
    return sum(len(ids) for ids in flipped.values())

"""Loading and changing habits and check-ins, always through the owner."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa
from flask import abort
from flask_login import current_user

from ..ai.schedule import history_from
from ..ai.stats import Entry, HabitHistory, current_streak, day_status, day_statuses
from ..extensions import db
from ..models import CheckIn, Habit, Tag, utcnow

# The dashboard reads this many days; a streak that reaches further back triggers one more
# query for just the habits that need their whole history.
RECENT_DAYS = 64
WEEK_CELLS = 7


def get_habit_or_404(habit_id: int) -> Habit:
    """The current user's habit, or 404: isolation between users lives here."""
    habit = db.session.scalar(
        sa.select(Habit).where(Habit.id == habit_id, Habit.user_id == current_user.id)
    )
    if habit is None:
        abort(404)
    return habit


def habits_of(user_id: int, archived: bool = False, tag: Tag | None = None) -> list[Habit]:
    """A user's habits in their chosen order, optionally only those with a tag."""
    query = (
        sa.select(Habit)
        .where(Habit.user_id == user_id, Habit.archived == archived)
        .order_by(Habit.position, Habit.id)
    )
    if tag is not None:
        query = query.where(Habit.tags.any(Tag.id == tag.id))
    return list(db.session.scalars(query))


def archived_count(user_id: int) -> int:
    """How many habits the user has archived."""
    return db.session.scalar(
        sa.select(sa.func.count(Habit.id)).where(Habit.user_id == user_id, Habit.archived)
    ) or 0


# Entry is frozen: the plain states are shared instead of built once per row.
_PLAIN = {state: Entry(state) for state in ("done", "skipped", "not_done")}


def entries_for(habit_ids: list[int], since: date | None = None, until: date | None = None):
    """Check-ins of several habits in one query, as {habit_id: {day: Entry}}."""
    found: dict[int, dict[date, Entry]] = defaultdict(dict)
    if not habit_ids:
        return found
    # The day comes back untouched (SQLite: an ISO string, PostgreSQL: a date) and is parsed
    # once per distinct day below: SQLAlchemy's per-row date parsing dominated long histories.
    raw_day = sa.type_coerce(CheckIn.day, sa.String)
    query = sa.select(CheckIn.habit_id, raw_day, CheckIn.state, CheckIn.amount).where(
        CheckIn.habit_id.in_(habit_ids)
    )
    if since is not None:
        query = query.where(CheckIn.day >= since)
    if until is not None:
        query = query.where(CheckIn.day <= until)
    days: dict[object, date] = {}
    # Core, not the ORM: plain tuples, without the ORM's per-row bookkeeping.
    for habit_id, raw, state, amount in db.session.connection().execute(query).all():
        day = days.get(raw)
        if day is None:
            day = days[raw] = raw if isinstance(raw, date) else date.fromisoformat(raw)
        found[habit_id][day] = _PLAIN[state] if amount is None else Entry(state, amount)
    return found


def history_of(habit: Habit, entries: dict[date, Entry]) -> HabitHistory:
    """The pure-data view of a habit that the ai/ modules compute on."""
    return history_from(habit, habit.created_on, entries)


@dataclass
class HabitRow:
    """Everything one dashboard row shows."""

    habit: Habit
    history: HabitHistory
    today: date
    streak: int = 0
    statuses: dict[date, str] = field(default_factory=dict)
    prediction: object | None = None  # models.Prediction for tomorrow, when one is stored

    @property
    def today_status(self) -> str:
        return self.statuses.get(self.today, "unknown")

    @property
    def today_state(self) -> str | None:
        entry = self.history.entries.get(self.today)
        return entry.state if entry else None

    @property
    def today_amount(self) -> float | None:
        entry = self.history.entries.get(self.today)
        return entry.amount if entry else None

    @property
    def week(self) -> list[tuple[date, str, str | None]]:
        """(day, status, stored state) for the last seven days, oldest first."""
        days = [self.today - timedelta(days=i) for i in range(WEEK_CELLS - 1, -1, -1)]
        entries = self.history.entries
        return [(d, self.statuses.get(d, "unknown"), _state(entries.get(d))) for d in days]

    @property
    def schedule_text(self) -> str:
        return self.history.schedule.describe()


def _state(entry: Entry | None) -> str | None:
    return entry.state if entry else None


def build_rows(habits: list[Habit], today: date) -> list[HabitRow]:
    """Rows for the dashboard with a fixed number of queries, whatever the number of habits."""
    since = today - timedelta(days=RECENT_DAYS - 1)
    recent = entries_for([h.id for h in habits], since=since)
    rows = []
    for habit in habits:
        history = history_of(habit, recent.get(habit.id, {}))
        rows.append(HabitRow(habit, history, today))
    # A streak that runs into the window's first day may be longer: widen the window for just
    # those habits, four times at each step (64, 256, 1024 ... days), until every streak fits.
    window = RECENT_DAYS
    cut_short = _cut_short(rows, today, since)
    while cut_short:
        window *= 4
        since = today - timedelta(days=window - 1)
        wider = entries_for([r.habit.id for r in cut_short], since=since)
        for row in cut_short:
            row.history = history_of(row.habit, wider.get(row.habit.id, {}))
        cut_short = _cut_short(cut_short, today, since)
    week_start = today - timedelta(days=WEEK_CELLS - 1)
    for row in rows:
        row.streak = current_streak(row.history, today)
        row.statuses = day_statuses(row.history, week_start, today, today=today)
    return rows


def _cut_short(rows: list[HabitRow], today: date, since: date) -> list[HabitRow]:
    """Rows whose current streak reaches back to `since`, where the loaded days begin."""
    return [r for r in rows if r.habit.created_on < since
            and current_streak(r.history, today) >= (today - since).days]


def today_progress(habits: list[Habit], today: date) -> tuple[int, int]:
    """(done, due) today, from the few recent days each schedule needs (no streaks)."""
    if not habits:
        return 0, 0
    lookback = max(max(h.freq_den for h in habits), 7)
    recent = entries_for([h.id for h in habits], since=today - timedelta(days=lookback))
    statuses = [day_status(history_of(h, recent.get(h.id, {})), today, today=today)
                for h in habits]
    due = [s for s in statuses if s != "unscheduled"]
    return sum(s in ("done", "auto") for s in due), len(due)


def build_row(habit: Habit, today: date) -> HabitRow:
    """One row, for the response to a change in it."""
    return build_rows([habit], today)[0]


def progress(rows: list[HabitRow]) -> tuple[int, int]:
    """(done, due) for today: habits not scheduled today are not due."""
    due = [r for r in rows if r.today_status != "unscheduled"]
    done = [r for r in due if r.today_status in ("done", "auto")]
    return len(done), len(due)


KEEP = object()  # "leave this column as it is"


def set_state(
    habit: Habit, day: date, state: str | None, amount=KEEP, note=KEEP
) -> None:
    """Store a day's state (None clears the day), with its amount and note when given.

    An upsert on the unique (habit, day): two simultaneous submissions leave one check-in.
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
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        statement = insert(CheckIn).values(**values)
        statement = statement.on_conflict_do_update(
            index_elements=["habit_id", "day"],
            set_={k: statement.excluded[k] for k in values if k not in ("habit_id", "day")},
        )
        db.session.execute(statement)
        if day < habit.created_on:
            habit.created_on = day  # history logged before the habit was added here
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


def stored_checkin(habit: Habit, day: date) -> CheckIn | None:
    """The check-in stored for that day, or None."""
    return db.session.scalar(
        sa.select(CheckIn).where(CheckIn.habit_id == habit.id, CheckIn.day == day)
    )


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
    return list(
        db.session.scalars(
            sa.select(Tag)
            .where(Tag.user_id == user_id)
            .where(Tag.habits.any(Habit.archived.is_(False)))
            .order_by(Tag.name_key)
        )
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

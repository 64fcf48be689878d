"""The database side of an export: a user's habits and a streamed view of their check-ins, in
the shape the exporters (exports.py) and the import's own format share."""

from __future__ import annotations

from collections.abc import Iterator

import sqlalchemy as sa
from flask import current_app

from habitory.domain import habit_start
from habitory.domain.logging_hours import TICKED_AT

from ..extensions import db
from ..models import CheckIn, Habit, User
from . import account_settings, backup_notifications
from .formats import ExportSource, ImportedCheckIn, ImportedHabit
from .loop_db_export import habit_uuid

YIELD_PER = 2000  # rows fetched at a time when exporting


def _imported(habit: Habit, secret: str) -> ImportedHabit:
    return ImportedHabit(
        name=habit.name, kind=habit.kind, freq_num=habit.freq_num, freq_den=habit.freq_den,
        weekdays=habit.weekdays, unit=habit.unit, target=habit.target,
        direction=habit.direction, colour=habit.colour, icon=habit.icon,
        description=habit.description, archived=habit.archived, position=habit.position,
        created_on=habit.created_on, archived_on=habit.archived_on if habit.archived else None,
        given_start=habit_start.given_start(habit), tags=[t.name for t in habit.tags],
        reminders=sorted(r.at.strftime("%H:%M") for r in habit.reminders),
        remind_at_risk=habit.remind_at_risk, remind_below=habit.remind_below,
        loop_uuid=habit.loop_uuid or habit_uuid(secret, habit.user_id, habit.id),
    )


def export_rows(user_id: int) -> ExportSource:
    """The user's habits (active first, in their order, then archived) and a streamed view of
    their check-ins for the exporters. The check-in generators read through the session with
    yield_per, so iterate them inside the app context (flask.stream_with_context)."""
    habits = list(db.session.scalars(
        sa.select(Habit).where(Habit.user_id == user_id)
        .order_by(Habit.archived, Habit.position, Habit.id)
        .options(sa.orm.selectinload(Habit.tags), sa.orm.selectinload(Habit.reminders))
    ))
    index = {habit.id: i for i, habit in enumerate(habits)}
    ids = list(index)
    columns = (CheckIn.habit_id, CheckIn.day, CheckIn.state, CheckIn.amount, CheckIn.note,
               TICKED_AT)
    base = sa.select(*columns).join(Habit, Habit.id == CheckIn.habit_id).where(
        Habit.user_id == user_id)
    first_day = db.session.scalar(
        sa.select(sa.func.min(CheckIn.day)).where(CheckIn.habit_id.in_(ids))) if ids else None

    def stream(query) -> Iterator[tuple[int, ImportedCheckIn]]:
        # Core rows on the session's connection: a server-side cursor on PostgreSQL, fetched
        # YIELD_PER at a time, without the ORM's per-row work.
        result = db.session.connection().execute(query.execution_options(yield_per=YIELD_PER))
        for habit_id, day, state, amount, note, ticked in result:
            yield index[habit_id], ImportedCheckIn(day, state, amount, note,
                                                   ticked if state == "done" else None)

    return ExportSource(
        habits=[_imported(h, current_app.secret_key) for h in habits],
        settings=account_settings.of(db.session.get(User, user_id)),
        notifications=lambda: backup_notifications.of(user_id),  # the JSON backup's alone
        by_habit=lambda: stream(base.order_by(Habit.archived, Habit.position, Habit.id,
                                              CheckIn.day)),
        by_day=lambda: stream(base.order_by(CheckIn.day, Habit.archived, Habit.position,
                                            Habit.id)),
        first_day=first_day,
    )

"""The hour a habit was ticked off is the moment its day became done, not its last edit: a
note written in the evening, or more of a measurable amount, leaves a morning tick a morning
tick for the reminders' logging hours."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta

import pytest
import sqlalchemy as sa

from habitory.domain import days, logging_hours
from habitory.extensions import db
from habitory.models import CheckIn, Reminder, User
from habitory.portability.export_source import export_rows
from tests.conftest import TODAY

YESTERDAY = TODAY - timedelta(days=1)


@pytest.fixture
def at(monkeypatch):
    """at(hour, minute): the moment the next write happens, on YESTERDAY (UTC)."""

    def travel(hour: int, minute: int = 0) -> datetime:
        moment = datetime(YESTERDAY.year, YESTERDAY.month, YESTERDAY.day, hour, minute)
        monkeypatch.setattr(days, "utcnow", lambda: moment)
        return moment

    return travel


def row(habit) -> CheckIn:
    db.session.expire_all()
    return db.session.scalar(sa.select(CheckIn).where(CheckIn.habit_id == habit.id,
                                                      CheckIn.day == YESTERDAY))


def ticked_hour(user, habit) -> float:
    """The hour logging_hours reads for the habit's tick on YESTERDAY."""
    ((_, ticks),) = logging_hours.reminder_hours(user, 7).values()
    return float(ticks.seconds[list(ticks.days).index(YESTERDAY.toordinal())]) / 3600


@pytest.fixture
def read(user, make_habit):
    """A habit with a noon reminder (reminder_hours reads the ticks of those)."""
    habit = make_habit(user, "Read", TODAY - timedelta(days=30))
    db.session.add(Reminder(habit_id=habit.id, at=time(12, 0)))
    db.session.commit()
    return habit


def test_a_note_written_in_the_evening_keeps_the_morning_tick(user, read, at):
    ticked = at(7, 30)
    days.set_day(read, YESTERDAY, "done")
    edited = at(21, 0)
    days.set_day(read, YESTERDAY, "done", note="Finished the chapter")

    stored = row(read)
    assert stored.note == "Finished the chapter" and stored.updated_at == edited
    assert stored.done_at == ticked
    assert ticked_hour(user, read) == pytest.approx(7.5)


def test_undone_and_done_again_counts_the_second_tick(user, read, at):
    at(7, 30)
    days.set_day(read, YESTERDAY, "done")
    at(9, 0)
    days.set_day(read, YESTERDAY, "skipped")
    assert row(read).done_at is None
    again = at(20, 15)
    days.set_day(read, YESTERDAY, "done")
    assert row(read).done_at == again
    assert ticked_hour(user, read) == pytest.approx(20.25)


def test_a_row_from_before_done_at_keeps_its_last_change_as_the_tick(user, read, at):
    """Rows written before the column existed have done_at NULL: their last change was the
    best sign of the hour, and an edit now keeps it."""
    ticked = at(6, 45)
    days.set_day(read, YESTERDAY, "done")
    db.session.execute(sa.update(CheckIn).where(CheckIn.habit_id == read.id)
                       .values(done_at=None, updated_at=ticked))
    db.session.commit()
    assert ticked_hour(user, read) == pytest.approx(6.75)
    at(22, 0)
    days.set_day(read, YESTERDAY, "done", note="late note")
    assert row(read).done_at == ticked


def test_a_measurable_day_is_ticked_when_it_reaches_its_target(user, make_habit, at):
    water = make_habit(user, "Water", TODAY - timedelta(days=30), kind="measurable",
                       target=8.0)
    at(8, 0)
    days.set_day(water, YESTERDAY, "not_done", amount=3.0)
    assert row(water).done_at is None
    reached = at(15, 0)
    days.set_day(water, YESTERDAY, "done", amount=8.0)
    at(19, 0)
    days.set_day(water, YESTERDAY, "done", amount=10.0)
    assert row(water).done_at == reached and row(water).amount == 10.0


def test_only_becoming_done_counts_toward_the_next_training(user, read, at):
    """Retraining is due every 20 completions: editing a done day's note twenty times is no
    completion at all."""
    def completions() -> int:
        db.session.expire_all()
        return db.session.get(type(user), user.id).completions_since_training

    before = completions()
    at(7, 30)
    days.set_day(read, YESTERDAY, "done")
    assert completions() == before + 1
    for minute in range(5):
        at(21, minute)
        days.set_day(read, YESTERDAY, "done", note=f"note {minute}")
    assert completions() == before + 1
    at(22, 0)
    days.set_day(read, YESTERDAY, "skipped")
    at(22, 5)
    days.set_day(read, YESTERDAY, "done")
    assert completions() == before + 2


def _backup(user) -> dict:
    from habitory.portability.backup import export_json

    return json.loads("".join(export_json(export_rows(user.id))))


def _restore(document: dict, email: str = "grace@example.com"):
    from habitory.portability import Limits, read_import, store

    owner = User(email=email, password_hash="-", timezone="UTC")
    db.session.add(owner)
    db.session.commit()
    bundle = read_import(json.dumps(document).encode(), Limits(today=TODAY))
    store.apply(owner.id, bundle, "merge")
    return owner


def test_a_restored_backup_keeps_the_hour_each_day_was_ticked(user, read, at):
    """Moving to another server (or back after a reset) through the Habitory backup keeps
    the logging hours the risk-aware reminders read; before, every restored day looked
    backfilled, and a reminder was sent on days it had learnt to skip."""
    at(7, 30)
    days.set_day(read, YESTERDAY, "done")
    at(21, 0)
    days.set_day(read, YESTERDAY, "done", note="Finished the chapter")

    document = _backup(user)
    (checkin,) = document["habits"][0]["checkins"]
    assert checkin["done_at"].startswith(f"{YESTERDAY.isoformat()}T07:30:00")
    assert checkin["done_at"].endswith("Z")

    grace = _restore(document)
    assert ticked_hour(grace, read) == pytest.approx(7.5)


def test_a_backup_from_before_done_at_imports_as_before(user, read, at):
    at(7, 30)
    days.set_day(read, YESTERDAY, "done")
    document = _backup(user)
    del document["habits"][0]["checkins"][0]["done_at"]
    grace = _restore(document)
    assert logging_hours.reminder_hours(grace, 7)  # its reminder came back
    ((_, ticks),) = logging_hours.reminder_hours(grace, 7).values()
    assert len(ticks.days) == 0  # no hour: an import, as before


@pytest.mark.parametrize("bad", ["yesterday morning", "0001-01-01T00:00:00+14:00",
                                 "9999-12-31T23:59:59Z", "1969-12-31T23:00:00Z",
                                 "2030-01-01T00:00:00Z"])
def test_a_bad_tick_time_in_a_backup_is_refused_with_where_it_is(user, read, at, bad):
    """Unreadable, or out of the check-ins' range: a time near year 1 or 9999 would overflow
    in the reminder job for every user of that minute."""
    from habitory.portability import BadImportFile, Limits, read_import

    at(7, 30)
    days.set_day(read, YESTERDAY, "done")
    document = _backup(user)
    document["habits"][0]["checkins"][0]["done_at"] = bad
    with pytest.raises(BadImportFile) as refused:
        read_import(json.dumps(document).encode(), Limits(today=TODAY))
    assert "Read" in str(refused.value.message) and bad[:20] in str(refused.value.message)

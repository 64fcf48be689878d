"""Migration 0023: habits keep the start they were given. A start no check-in holds (the day
made, an import's, or one left behind by a cleared check-in: they cannot be told apart) stays
for good; a start a check-in holds moves forward again when that check-in is cleared, to the
day the habit was made in its owner's timezone. A downgrade keeps every habit's start."""

from __future__ import annotations

from datetime import date

import flask_migrate
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from habitory.domain import days
from habitory.extensions import db
from habitory.models import Habit

from .conftest import BACKENDS
from .migration_support import app_on, empty_database

PG_SCHEMA = "test_migration_habit_given_start"
# (id, name, created_on, check-in days); each made at 03:00 UTC on 7 December, which is the
# evening of 6 December in New York, Ada's timezone.
HABITS = [
    (1, "Read", "2026-11-01", ["2026-11-01"]),  # moved back by a check-in on 1 November
    (2, "Run", "2026-10-01", ["2026-10-05"]),  # imported with its backup's start
    (3, "Walk", "2026-12-06", []),  # made that day, nothing logged
]


@pytest.fixture(params=BACKENDS)
def empty_url(request, tmp_path):
    """An empty database on each backend the suite runs on."""
    yield from empty_database(request.param, tmp_path, PG_SCHEMA)


@pytest.fixture
def app(empty_url, tmp_path):
    """An app whose database had Ada's habits at revision 0022, then was upgraded to the
    head; inside its app context."""
    application = app_on(empty_url, tmp_path)
    with application.app_context():
        flask_migrate.upgrade(revision="0022")
        with db.engine.begin() as connection:
            connection.execute(sa.text(
                "INSERT INTO users (id, email, password_hash, created_at, session_token, "
                "timezone) VALUES (1, 'ada@example.com', 'x', '2025-01-01 00:00:00', 't1', "
                "'America/New_York')"))
            for habit_id, name, created_on, checkins in HABITS:
                connection.execute(sa.text(
                    "INSERT INTO habits (id, user_id, name, name_key, position, created_on, "
                    "created_at) VALUES (:id, 1, :name, :key, :id, :created_on, "
                    "'2026-12-07 03:00:00')"),
                    {"id": habit_id, "name": name, "key": name.lower(),
                     "created_on": created_on})
                for day in checkins:
                    connection.execute(sa.text(
                        "INSERT INTO checkins (habit_id, day, state, updated_at) "
                        "VALUES (:id, :day, 'done', '2026-12-07 03:00:00')"),
                        {"id": habit_id, "day": day})
        flask_migrate.upgrade()
        yield application
        db.session.remove()
        db.engine.dispose()


def starts() -> dict[int, date]:
    db.session.expire_all()
    return dict(db.session.execute(sa.select(Habit.id, Habit.created_on)).all())


def clear(habit_id: int, day: str) -> None:
    days.set_state(db.session.get(Habit, habit_id), date.fromisoformat(day), None)


def test_a_start_a_check_in_held_moves_forward_when_it_is_cleared(app):
    assert starts() == {1: date(2026, 11, 1), 2: date(2026, 10, 1), 3: date(2026, 12, 6)}
    clear(1, "2026-11-01")
    assert starts()[1] == date(2026, 12, 6)  # the day made in New York, not 7 Dec (UTC)


def test_an_imported_start_stays_when_history_is_cleared(app):
    clear(2, "2026-10-05")
    days.set_state(db.session.get(Habit, 3), date(2026, 11, 20), "done")
    clear(3, "2026-11-20")
    assert starts() == {1: date(2026, 11, 1), 2: date(2026, 10, 1), 3: date(2026, 12, 6)}


def test_a_downgrade_keeps_every_start_and_upgrades_again(app):
    given = dict(db.session.execute(sa.select(Habit.id, Habit.given_start)).all())
    assert given == {1: None, 2: date(2026, 10, 1), 3: date(2026, 12, 6)}
    db.session.remove()  # PostgreSQL's DROP COLUMN would wait for this read's transaction
    flask_migrate.downgrade(revision="0022")
    with db.engine.connect() as connection:
        columns = {column["name"] for column in sa.inspect(connection).get_columns("habits")}
        kept = dict(connection.execute(sa.text("SELECT id, created_on FROM habits")).all())
    assert "given_start" not in columns
    assert {k: str(v) for k, v in kept.items()} == {
        1: "2026-11-01", 2: "2026-10-01", 3: "2026-12-06"}
    flask_migrate.upgrade()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []

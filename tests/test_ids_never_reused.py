"""A deleted habit's, account's, notification's or token's id is never given to a new one, on
either database: a saved /habits/N, a script's configuration or a replayed API answer must not
lead to another habit (SQLite reused the largest id; migration 0024)."""

from __future__ import annotations

import flask_migrate
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from habitory.extensions import db
from habitory.models import Habit

from .conftest import BACKENDS
from .migration_support import app_on, empty_database

PG_SCHEMA = "test_ids_never_reused"


def newest_habit_id() -> int:
    return db.session.scalar(sa.select(sa.func.max(Habit.id)))


def test_a_new_habit_never_takes_a_deleted_habits_id(client, user):
    client.post("/habits", data={"name": "Par"})
    first = newest_habit_id()
    assert client.post(f"/habits/{first}/delete").status_code in (200, 303)
    client.post("/habits", data={"name": "Par2"})
    second = newest_habit_id()
    assert second != first
    assert client.get(f"/habits/{first}").status_code == 404


@pytest.fixture(params=BACKENDS)
def old_database(request, tmp_path):
    """A database at 0023 where Ada's newest habit was deleted."""
    for url in empty_database(request.param, tmp_path, PG_SCHEMA):
        application = app_on(url, tmp_path)
        with application.app_context():
            flask_migrate.upgrade(revision="0023")
            with db.engine.begin() as connection:
                connection.execute(sa.text(
                    "INSERT INTO users (id, email, password_hash, created_at, session_token) "
                    "VALUES (1, 'ada@example.com', 'x', '2025-01-01 00:00:00', 't1')"))
                for name in ("Read", "Run"):  # ids from the database, as in life
                    connection.execute(sa.text(
                        "INSERT INTO habits (user_id, name, name_key, position, "
                        "created_on, created_at) VALUES (1, :name, :key, 1, "
                        "'2025-01-01', '2025-01-01 00:00:00')"),
                        {"name": name, "key": name.lower()})
                connection.execute(sa.text(
                    "INSERT INTO checkins (habit_id, day, state, updated_at) "
                    "SELECT id, '2025-01-02', 'done', '2025-01-02 00:00:00' FROM habits "
                    "WHERE name = 'Read'"))
                connection.execute(sa.text("DELETE FROM habits WHERE name = 'Run'"))
            yield application
            db.session.remove()
            db.engine.dispose()


def add_habit(name: str) -> int:
    with db.engine.begin() as connection:
        return connection.execute(sa.text(
            "INSERT INTO habits (user_id, name, name_key, position, created_on, created_at) "
            "VALUES (1, :name, :key, 9, '2025-01-01', '2025-01-01 00:00:00') RETURNING id"),
            {"name": name, "key": name.lower()}).scalar_one()


def test_the_upgrade_keeps_every_row_and_ids_are_not_reused_after_it(old_database):
    flask_migrate.upgrade()
    with db.engine.connect() as connection:
        kept = connection.execute(sa.text("SELECT id, name FROM habits")).all()
        assert [name for _, name in kept] == ["Read"]
        assert connection.execute(sa.text("SELECT habit_id FROM checkins")).scalars().all() == [
            kept[0][0]]
    third = add_habit("Swim")
    with db.engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM habits WHERE id = :id"), {"id": third})
    assert add_habit("Walk") > third
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []


def test_a_downgrade_keeps_every_row(old_database):
    flask_migrate.upgrade()
    flask_migrate.downgrade(revision="0023")
    with db.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT name FROM habits")).scalars().all() == ["Read"]
        assert connection.execute(sa.text("SELECT count(*) FROM checkins")).scalar_one() == 1
    flask_migrate.upgrade()

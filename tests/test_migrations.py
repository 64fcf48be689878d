"""Migrations produce exactly the models' schema, on every backend."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from habitory.database import schema_heads
from habitory.extensions import db


def test_migrated_database_matches_the_models(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_database_is_at_the_head_revision(app):
    applied, heads = schema_heads()
    assert applied == heads and len(heads) == 1


def test_upgrading_keeps_existing_habits_as_daily_yes_no(tmp_path):
    """A database from the first release gains tags; its habits stay daily yes/no habits."""
    import flask_migrate
    import sqlalchemy as sa

    from habitory import create_app

    url = f"sqlite:///{tmp_path}/old.sqlite3"
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x",
                      "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        flask_migrate.upgrade(revision="0001")
        with db.engine.begin() as connection:
            connection.execute(sa.text(
                "INSERT INTO users (id, email, password_hash, created_at) "
                "VALUES (1, 'old@example.com', 'x', '2025-01-01 00:00:00')"))
            connection.execute(sa.text(
                "INSERT INTO habits (id, user_id, name, name_key, position, created_on, "
                "created_at) VALUES (1, 1, 'Read', 'read', 1, '2025-01-01', "
                "'2025-01-01 00:00:00')"))
        flask_migrate.upgrade()
        with db.engine.connect() as connection:
            row = connection.execute(sa.text(
                "SELECT kind, freq_num, freq_den, weekdays, archived FROM habits")).one()
            tags = connection.execute(sa.text("SELECT count(*) FROM habit_tags")).scalar()
        db.engine.dispose()
    assert tuple(row) == ("yes_no", 1, 1, None, 0)
    assert tags == 0

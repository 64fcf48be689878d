"""Database plumbing: SQLite tuning and the migration guard."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, current_app

from .extensions import db


def _on_connect(dbapi_connection, _record) -> None:
    if not type(dbapi_connection).__module__.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def tune_sqlite(_app: Flask) -> None:
    """Foreign keys on, WAL and a busy timeout, so several gunicorn workers can write safely."""
    if not sa.event.contains(sa.engine.Engine, "connect", _on_connect):
        sa.event.listen(sa.engine.Engine, "connect", _on_connect)


class SchemaOutOfDate(RuntimeError):
    """The database is not at the schema this code expects."""


def schema_heads() -> tuple[set[str], set[str]]:
    """(revisions applied to the database, head revisions of the migration scripts)."""
    migrate_ext = current_app.extensions["migrate"]
    script = ScriptDirectory(migrate_ext.directory)
    with db.engine.connect() as connection:
        applied = set(MigrationContext.configure(connection).get_current_heads())
    return applied, set(script.get_heads())


def require_current_schema() -> None:
    """Refuse to serve an un-migrated database, saying which command fixes it."""
    applied, heads = schema_heads()
    if applied != heads:
        raise SchemaOutOfDate(
            "The database is not up to date with this version of Habitory "
            f"(database: {sorted(applied) or 'empty'}, code: {sorted(heads)}). "
            "Run `flask --app habitory db upgrade` and start again."
        )

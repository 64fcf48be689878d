"""Database plumbing: timeouts, SQLite tuning and the migration guard."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, current_app

from .config import StartupError
from .extensions import db

SQLITE_BUSY_TIMEOUT_MS = 10_000


def engine_options(config, statement_timeout: bool) -> dict:
    """SQLALCHEMY_ENGINE_OPTIONS with the timeouts: on PostgreSQL a connect timeout, and while
    serving (statement_timeout=True) a statement timeout, so a stuck database fails a page in
    seconds instead of holding the worker. Admin commands (`flask db upgrade`) get none: a
    migration may rightly run long. SQLite waits for locks with its busy timeout instead."""
    options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    # A failed statement's error names its table, never its values: an INSERT into users
    # carries an email, a password hash and a session token, and errors reach the logs.
    options.setdefault("hide_parameters", True)
    url = sa.engine.make_url(config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "postgresql":
        return options
    connect_args = dict(options.get("connect_args") or {})
    connect_args.setdefault("connect_timeout", max(1, round(config["DATABASE_CONNECT_TIMEOUT"])))
    milliseconds = round(config["DATABASE_STATEMENT_TIMEOUT"] * 1000)
    if statement_timeout and milliseconds > 0:
        # connect_args replace the URL's own options: keep those (a search_path, say) too.
        given = connect_args.get("options", url.query.get("options") or "")
        given = given if isinstance(given, str) else " ".join(given)
        connect_args["options"] = f"{given} -c statement_timeout={milliseconds}".strip()
    options["connect_args"] = connect_args
    return options


def _on_connect(dbapi_connection, _record) -> None:
    if not type(dbapi_connection).__module__.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def tune_sqlite(_app: Flask) -> None:
    """Foreign keys on, WAL and a busy timeout, so several gunicorn workers can write safely."""
    if not sa.event.contains(sa.engine.Engine, "connect", _on_connect):
        sa.event.listen(sa.engine.Engine, "connect", _on_connect)


class SchemaOutOfDate(StartupError):
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


EXAMPLE_URLS = ("postgresql://user:password@host:5432/habitory or "
                "sqlite:////absolute/path/habitory.sqlite3")


class DatabaseUnusable(StartupError):
    """The database URL names no database this installation can reach, or the database does
    not answer: said in one sentence naming the variable, never with the URL's password."""


def check_url(uri: str, source: str) -> None:
    """Refuse, before anything is built on it, a URL SQLAlchemy cannot parse or has no
    dialect or driver for (DATABASE_URL=foo://bar, a typo, a mysql:// without its driver)."""
    try:
        url = sa.engine.make_url(uri)
    except sa.exc.ArgumentError:
        raise DatabaseUnusable(f"{source} is not a database URL: use one like "
                               f"{EXAMPLE_URLS}.") from None
    try:
        url.get_dialect().import_dbapi()
    except (sa.exc.NoSuchModuleError, ImportError) as missing:
        known = isinstance(missing, ImportError)
        raise DatabaseUnusable(
            f"{source} starts with '{url.drivername}://', "
            + (f"whose driver is not installed ({missing})" if known
               else "which is no database Habitory knows")
            + f": use {EXAMPLE_URLS}.") from None


def unreachable(error: sa.exc.DBAPIError, source: str) -> DatabaseUnusable:
    """The sentence for a database that refused or failed the connection: the driver's own
    first line (connection refused, no such database, a wrong password) and what to do."""
    url = db.engine.url
    reason = " ".join(str(getattr(error, "orig", None) or error).split("\n")[0].split())
    where = url.render_as_string(hide_password=True)
    if url.get_backend_name() == "sqlite":
        advice = "check that its folder exists and that this user may write there"
    elif 'database "' in reason and "does not exist" in reason:
        advice = (f"create it (createdb {url.database}) or correct the name in {source}, "
                  "then run `flask --app habitory db upgrade`")
    elif 'role "' in reason and "does not exist" in reason:
        advice = f"create that user (createuser {url.username}) or correct the user in {source}"
    elif "password" in reason or "authentication" in reason:
        advice = f"check the user and password in {source}"
    else:
        advice = (f"check that the server is running and that the host and port in {source} "
                  "are right")
    return DatabaseUnusable(f"Cannot connect to the database of {source} ({where}): {reason}; "
                            f"{advice}.")


def connection_failed(error: Exception) -> bool:
    """Whether an error is the database not answering or refusing the login, as opposed to
    a statement it refused: probed with a fresh connection of its own."""
    if not isinstance(error, sa.exc.DBAPIError):
        return False
    try:
        with db.engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    except sa.exc.DBAPIError:
        return True
    return False

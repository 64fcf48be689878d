"""flask backup-db: a copy of the whole SQLite database, taken while the app runs.

Copying the file itself is not safe while Habitory runs: with WAL, recent writes live in a
second file, and a copy taken mid-write can be torn. SQLite's online backup copies a
consistent snapshot page by page while the workers go on writing.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app

from habitory.cli_support import not_blank
from habitory.extensions import db


def _pg_dump_hint(url: sa.engine.URL) -> str:
    plain = url.set(drivername="postgresql").render_as_string(hide_password=True)
    then = "(with the password where *** stands), and" if url.password else "and"
    return ("This instance runs on PostgreSQL: back it up with pg_dump, for example\n"
            f"  pg_dump --format=custom --file habitory.dump '{plain}'\n"
            f"{then} bring it back with pg_restore.")


def _many(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _counts(path: Path) -> tuple[int, int, int]:
    # Closed, not just left to `with` (which only commits): an open reader of a WAL
    # database keeps -wal and -shm files beside it.
    copy = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return tuple(copy.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                     for table in ("users", "habits", "checkins"))
    finally:
        copy.close()


def _side_files(path: Path) -> list[Path]:
    """The files SQLite keeps beside a database: left by an old copy they would be read as
    part of the new one (a stale WAL replayed onto it), and restoring means deleting them."""
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def _remove(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def _remove_quietly(paths: list[Path]) -> None:
    with contextlib.suppress(OSError):
        _remove(paths)


def _snapshot(source_path: Path, partial: Path) -> None:
    """SQLite's online backup of the database into `partial`, as one self-contained file."""
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    try:
        partial.touch(mode=0o600)  # every account's data: for the host's eyes only
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
            # The copy inherits WAL from the live database; in rollback mode it is the one
            # file a host copies around, and Habitory turns WAL on again when it opens it.
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
    finally:
        source.close()


def _require_tables() -> None:
    """Asked through SQLAlchemy first, a database that does not answer or has no tables yet
    is said as for every command (cli_support.schema_checked: exit status 4), not as a
    failed copy or a copy that cannot be counted."""
    with db.engine.connect() as connection:
        connection.exec_driver_sql("SELECT count(*) FROM users")


def _cannot_write(target: Path, error: OSError) -> click.ClickException:
    reason = error.strerror or str(error)
    if not target.parent.is_dir():
        return click.ClickException(f"Cannot write {target}: {reason}; create the folder "
                                    f"{target.parent} first, or choose another.")
    return click.ClickException(f"Cannot write {target}: {reason}.")


@click.command("backup-db")
@click.argument("target", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Replace TARGET if it exists.")
def backup_db(target: str, force: bool) -> None:
    """Copy the SQLite database to TARGET, consistently, while Habitory runs."""
    # Path("") is the current folder: "." exists, pass --force" named nothing given.
    target = Path(not_blank(target, "TARGET", "a file to write"))
    url = sa.engine.make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "sqlite":
        raise click.ClickException(_pg_dump_hint(url))
    if not url.database or url.database == ":memory:":
        raise click.ClickException("This instance's database lives in memory: nothing to copy.")
    _require_tables()
    source_path = Path(url.database).resolve()
    if target.resolve() == source_path:
        raise click.ClickException("TARGET is the database itself: choose another file.")
    if target.exists() and not force:
        raise click.ClickException(f"{target} exists: pass --force to replace it.")
    partial = target.with_name(target.name + ".partial")
    try:
        _remove([partial, *_side_files(partial)])  # left by a copy that was killed
        _snapshot(source_path, partial)
        _remove(_side_files(target))
        os.replace(partial, target)  # a TARGET is always a whole copy, never a half-written one
    except (OSError, sqlite3.Error) as error:
        _remove_quietly([partial, *_side_files(partial)])
        if isinstance(error, OSError):
            raise _cannot_write(target, error) from None
        raise click.ClickException(f"The copy failed: {error}.") from None
    users, habits, checkins = _counts(target)
    size = target.stat().st_size / 1024 / 1024
    click.echo(f"Copied {_many(users, 'account')}, {_many(habits, 'habit')} and "
               f"{_many(checkins, 'check-in')} ({size:.1f} MB) to {target}.")


COMMANDS = (backup_db,)

"""flask backup-db: a copy of the whole SQLite database, taken while the app runs.

Copying the file itself is not safe while Habitory runs: with WAL, recent writes live in a
second file, and a copy taken mid-write can be torn. SQLite's online backup copies a
consistent snapshot page by page while the workers go on writing.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app

from habitory.cli_support import not_blank


def _pg_dump_hint(url: sa.engine.URL) -> str:
    plain = url.set(drivername="postgresql").render_as_string(hide_password=True)
    then = "(with the password where *** stands), and" if url.password else "and"
    return ("This instance runs on PostgreSQL: back it up with pg_dump, for example\n"
            f"  pg_dump --format=custom --file habitory.dump '{plain}'\n"
            f"{then} bring it back with pg_restore.")


def _many(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _counts(path: Path) -> tuple[int, int, int]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as copy:
        return tuple(copy.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                     for table in ("users", "habits", "checkins"))


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
    source_path = Path(url.database).resolve()
    if target.resolve() == source_path:
        raise click.ClickException("TARGET is the database itself: choose another file.")
    if target.exists() and not force:
        raise click.ClickException(f"{target} exists: pass --force to replace it.")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    try:
        partial.touch(mode=0o600)  # every account's data: for the host's eyes only
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
        finally:
            copy.close()
    except sqlite3.Error as error:
        partial.unlink(missing_ok=True)
        raise click.ClickException(f"The copy failed: {error}.") from None
    finally:
        source.close()
    os.replace(partial, target)  # a TARGET is always a whole copy, never a half-written one
    users, habits, checkins = _counts(target)
    size = target.stat().st_size / 1024 / 1024
    click.echo(f"Copied {_many(users, 'account')}, {_many(habits, 'habit')} and "
               f"{_many(checkins, 'check-in')} ({size:.1f} MB) to {target}.")


COMMANDS = (backup_db,)

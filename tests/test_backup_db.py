"""flask backup-db: a whole copy of the SQLite database while the app runs, one that opens as
a working Habitory; on PostgreSQL, a pointer to pg_dump instead of a broken copy.

Each test builds its own app on the backend it is about (not the suite's parametrised one)."""

from __future__ import annotations

import sqlite3
from datetime import date

import flask_migrate
import pytest

from habitory import create_app
from habitory.domain import accounts, days
from habitory.extensions import db
from habitory.models import Habit

from .conftest import PASSWORD, PG_URL, _config


@pytest.fixture
def sqlite_app(tmp_path):
    """An app on its own migrated SQLite file, with Ada and one habit ticked off."""
    app = create_app(_config(f"sqlite:///{tmp_path / 'habitory.sqlite3'}", tmp_path / "inst"))
    with app.app_context():
        flask_migrate.upgrade()
        ada = accounts.create("ada@example.com", PASSWORD)
        read = Habit(user_id=ada.id, position=1, created_on=date(2026, 11, 1))
        read.rename("Read")
        db.session.add(read)
        db.session.commit()
        days.set_day(read, date(2026, 11, 24), "done")
        db.session.remove()
    with app.app_context():  # as the flask command line runs its commands
        yield app
        db.engine.dispose()


def test_the_copy_is_a_working_habitory_with_every_check_in(sqlite_app, tmp_path):
    target = tmp_path / "backup.sqlite3"

    result = sqlite_app.test_cli_runner().invoke(args=["backup-db", str(target)])

    assert result.exit_code == 0, result.output
    assert "Copied 1 account, 1 habit and 1 check-in" in result.output
    assert not (tmp_path / "backup.sqlite3.partial").exists()
    assert target.stat().st_mode & 0o777 == 0o600  # every account's data: the host's alone
    # The copy serves: log in to an app built on it and find the habit.
    copy_app = create_app(_config(f"sqlite:///{target}", tmp_path / "copy"))
    with copy_app.app_context():
        client = copy_app.test_client()
        assert client.post("/login", data={"email": "ada@example.com",
                                           "password": PASSWORD}).status_code == 303
        assert "Read" in client.get("/").get_data(as_text=True)
        db.engine.dispose()


def test_an_existing_file_is_kept_unless_forced(sqlite_app, tmp_path):
    runner = sqlite_app.test_cli_runner()
    target = tmp_path / "backup.sqlite3"
    target.write_text("yesterday's backup")
    result = runner.invoke(args=["backup-db", str(target)])
    assert result.exit_code == 1 and "pass --force" in result.output
    assert target.read_text() == "yesterday's backup"
    assert runner.invoke(args=["backup-db", str(target), "--force"]).exit_code == 0
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT count(*) FROM checkins").fetchone() == (1,)


def test_the_database_itself_is_never_the_target(sqlite_app, tmp_path):
    result = sqlite_app.test_cli_runner().invoke(
        args=["backup-db", str(tmp_path / "habitory.sqlite3"), "--force"])
    assert result.exit_code == 1 and "the database itself" in result.output
    with sqlite3.connect(tmp_path / "habitory.sqlite3") as kept:
        assert kept.execute("SELECT count(*) FROM users").fetchone() == (1,)


@pytest.mark.skipif(not PG_URL, reason="needs TEST_DATABASE_URL (CI sets it)")
def test_postgresql_is_pointed_to_pg_dump(tmp_path):
    app = create_app(_config(PG_URL, tmp_path / "inst"))
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["backup-db", str(tmp_path / "x.sqlite3")])
    assert result.exit_code == 1 and "pg_dump --format=custom" in result.output
    assert "postgresql://" in result.output and "+psycopg" not in result.output
    assert not (tmp_path / "x.sqlite3").exists()


# As a host meets it: a folder that does not exist is one Error line, not a traceback, and the
# copy is one self-contained file, with no -wal or -shm beside it (the README's restore steps
# delete exactly those; a stale one would be replayed onto the copy).

def _checkins(path) -> int:
    copy = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return copy.execute("SELECT count(*) FROM checkins").fetchone()[0]
    finally:
        copy.close()


def test_a_missing_folder_is_one_error_line_naming_the_path(sqlite_app, tmp_path):
    target = tmp_path / "missing-folder" / "b.sqlite3"

    result = sqlite_app.test_cli_runner().invoke(args=["backup-db", str(target)])

    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), result.exception  # no traceback
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith(f"Error: Cannot write {target}: No such file or directory")
    assert f"create the folder {target.parent}" in lines[0]
    assert not target.parent.exists()


def test_the_copy_is_one_file_with_nothing_beside_it(sqlite_app, tmp_path):
    folder = tmp_path / "bk"
    folder.mkdir()

    result = sqlite_app.test_cli_runner().invoke(args=["backup-db", str(folder / "b2.sqlite3")])

    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == ["b2.sqlite3"]
    # Moved alone to another folder (as a host carries a backup), it holds every check-in.
    moved = tmp_path / "elsewhere.sqlite3"
    (folder / "b2.sqlite3").rename(moved)
    assert _checkins(moved) == 1


def test_force_removes_the_old_copys_side_files(sqlite_app, tmp_path):
    folder = tmp_path / "bk"
    folder.mkdir()
    target = folder / "b.sqlite3"
    target.write_bytes(b"yesterday's copy")
    for suffix in ("-wal", "-shm", "-journal"):
        (folder / f"b.sqlite3{suffix}").write_bytes(b"left by yesterday's copy")

    result = sqlite_app.test_cli_runner().invoke(args=["backup-db", str(target), "--force"])

    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == ["b.sqlite3"]
    assert _checkins(target) == 1

"""flask backup-db as a host meets it: a folder that does not exist is one Error line, not a
traceback, and the copy is one self-contained file, with no -wal or -shm beside it (the
README's restore steps delete exactly those; a stale one would be replayed onto the copy)."""

from __future__ import annotations

import sqlite3
from datetime import date

import flask_migrate
import pytest

from habitory import create_app
from habitory.domain import accounts, days
from habitory.extensions import db
from habitory.models import Habit

from .conftest import PASSWORD, _config


@pytest.fixture
def app(tmp_path):
    """An app on its own migrated SQLite file (WAL, as Habitory runs it) with one check-in."""
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
    with app.app_context():
        yield app
        db.engine.dispose()


def _checkins(path) -> int:
    copy = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return copy.execute("SELECT count(*) FROM checkins").fetchone()[0]
    finally:
        copy.close()


def test_a_missing_folder_is_one_error_line_naming_the_path(app, tmp_path):
    target = tmp_path / "missing-folder" / "b.sqlite3"

    result = app.test_cli_runner().invoke(args=["backup-db", str(target)])

    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), result.exception  # no traceback
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith(f"Error: Cannot write {target}: No such file or directory")
    assert f"create the folder {target.parent}" in lines[0]
    assert not target.parent.exists()


def test_the_copy_is_one_file_with_nothing_beside_it(app, tmp_path):
    folder = tmp_path / "bk"
    folder.mkdir()

    result = app.test_cli_runner().invoke(args=["backup-db", str(folder / "b2.sqlite3")])

    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == ["b2.sqlite3"]
    # Moved alone to another folder (as a host carries a backup), it holds every check-in.
    moved = tmp_path / "elsewhere.sqlite3"
    (folder / "b2.sqlite3").rename(moved)
    assert _checkins(moved) == 1


def test_force_removes_the_old_copys_side_files(app, tmp_path):
    folder = tmp_path / "bk"
    folder.mkdir()
    target = folder / "b.sqlite3"
    target.write_bytes(b"yesterday's copy")
    for suffix in ("-wal", "-shm", "-journal"):
        (folder / f"b.sqlite3{suffix}").write_bytes(b"left by yesterday's copy")

    result = app.test_cli_runner().invoke(args=["backup-db", str(target), "--force"])

    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == ["b.sqlite3"]
    assert _checkins(target) == 1

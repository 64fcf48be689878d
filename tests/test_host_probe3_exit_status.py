"""A database Habitory cannot start on stops the flask commands with exit status 4, as it
stops `flask run` and gunicorn (README: "exit status 4"): a script or a service manager tells
it from a command's own refusal (1) or a usage error (2)."""

from __future__ import annotations

import pytest

from .test_host_startup_errors import CLOSED_PORT, _flask, _one_sentence

SQLITE_NOWHERE = "sqlite:////nonexistent-folder/d.sqlite3"
SQLITE_WORDS = ["DATABASE_URL", "Cannot connect", "folder exists"]
CLOSED_WORDS = ["DATABASE_URL", "Cannot connect", "127.0.0.1", "server is running"]


# backup-db on PostgreSQL prints the pg_dump line without connecting: not among them.
@pytest.mark.parametrize(("url", "words", "args"), [
    (SQLITE_NOWHERE, SQLITE_WORDS, ["list-users"]),
    (SQLITE_NOWHERE, SQLITE_WORDS, ["backup-db", "/tmp/never.sqlite3"]),
    (SQLITE_NOWHERE, SQLITE_WORDS, ["db", "upgrade"]),
    (CLOSED_PORT, CLOSED_WORDS, ["list-users"]),
    (CLOSED_PORT, CLOSED_WORDS, ["db", "upgrade"]),
])
def test_a_database_that_does_not_answer_is_exit_status_4(tmp_path, url, words, args):
    result = _flask(tmp_path, *args, DATABASE_URL=url)
    line = _one_sentence(result, *words)
    assert result.returncode == 4, line
    assert "s3cret-pw" not in line


@pytest.mark.parametrize("args", [["list-users"], ["backup-db", "copy.sqlite3"]])
def test_a_database_without_its_tables_is_exit_status_4(tmp_path, args):
    result = _flask(tmp_path, *args)
    _one_sentence(result, "flask --app habitory db upgrade")
    assert result.returncode == 4


def test_a_commands_own_refusal_stays_exit_status_1(tmp_path):
    assert _flask(tmp_path, "db", "upgrade").returncode == 0
    result = _flask(tmp_path, "delete-user", "--email", "nobody@example.org", "--yes")
    assert result.returncode == 1, result.stderr

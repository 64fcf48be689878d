"""The commands that read or write files, create accounts or print ranges of days answer a
mistake with one `Error:` line and a non-zero exit, never a traceback or a runaway."""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import User

from .conftest import TODAY


def _refused(result, words: str, status: int = 1) -> None:
    assert result.exit_code == status, result.output
    assert result.output.startswith("Error: ") and words in result.output, result.output
    assert isinstance(result.exception, SystemExit)  # a ClickException, not a crash
    assert "Traceback" not in result.output


def _export(runner, output: str):
    # --force: /proc/version exists, and the write itself is what these tests are about.
    return runner.invoke(args=["export-data", "--email", "ada@example.com", "--format",
                               "json", "-o", output, "--force"])


@pytest.mark.parametrize("output", ["/nonexistent/dir/x.json", "/proc/version", "/dev/full"])
def test_export_to_a_file_that_cannot_be_written_is_an_error_line(runner, user, make_habit,
                                                                  output):
    if not os.path.exists(os.path.dirname(output)) and output != "/nonexistent/dir/x.json":
        pytest.skip(f"{output} needs Linux")
    make_habit(user, "Read", done=[TODAY])
    _refused(_export(runner, output), f"Cannot write {output}: ")


def test_an_export_that_fails_half_way_leaves_no_half_file(runner, user, make_habit,
                                                           tmp_path, monkeypatch):
    def half(*_args):
        yield b'{"habits": ['
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("habitory.settings.commands.export_stream", half)
    out = tmp_path / "backup.json"
    _refused(_export(runner, str(out)), "No space left on device")
    assert not out.exists()


@pytest.mark.skipif(not os.path.exists("/proc/self/mem"), reason="needs Linux")
def test_import_of_a_file_that_cannot_be_read_is_an_error_line(runner, user):
    # Readable by its permissions (click's check), but reading it fails.
    result = runner.invoke(args=["import-data", "--email", "ada@example.com", "/proc/self/mem"])
    _refused(result, "Cannot read /proc/self/mem: ")


@pytest.mark.parametrize("email", ["x y@@", "ada", "ada@example", "@example.com",
                                   "a" * 250 + "@example.com"])
@pytest.mark.parametrize("command", [["seed-demo", "--days", "7"],
                                     ["create-user", "--password", "long enough 123"]])
def test_commands_that_make_an_account_refuse_an_email_sign_up_refuses(runner, app, email,
                                                                        command):
    result = runner.invoke(args=[command[0], "--email", email, *command[1:]])
    _refused(result, "is not a valid email address")
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0


def test_strength_stops_at_the_accounts_today(runner, user, make_habit):
    make_habit(user, "Read", done=[TODAY])
    args = ["strength", "--email", "ada@example.com", "--habit", "Read"]
    for flag in ("--to", "--from"):
        result = runner.invoke(args=[*args, flag, "9999-12-31"])
        _refused(result, f"{flag} must be {TODAY.isoformat()} (the account's today) or earlier")
    result = runner.invoke(args=[*args, "--to", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith(f"{TODAY.isoformat()},")


@pytest.mark.parametrize("args", [["list-users"],
                                  ["create-user", "--email", "x@example.com", "--password",
                                   "long enough"]])
def test_a_command_on_a_database_without_its_tables_says_run_db_upgrade(tmp_path, args):
    """A fresh instance (or an upgrade not run yet): one line naming the command that fixes
    it, not a traceback of SQL."""
    from habitory import create_app

    from .conftest import _config

    app = create_app(_config(f"sqlite:///{tmp_path / 'empty.sqlite3'}", tmp_path))
    with app.app_context():  # as `flask` pushes it
        result = app.test_cli_runner().invoke(args=args)
        db.engine.dispose()
    # 4, as `flask run` and gunicorn stop on it: the host's start-up, not the command, failed.
    _refused(result, "flask --app habitory db upgrade", status=4)


def test_commands_are_wrapped_once_however_many_apps_a_process_builds(tmp_path):
    """The commands are shared module objects: each new app must not wrap them again (a
    process building hundreds of apps, as the suite does, ran out of stack)."""
    from habitory import create_app

    from .conftest import _config

    for n in range(3):
        app = create_app(_config(f"sqlite:///{tmp_path / f'{n}.sqlite3'}", tmp_path / str(n)))
    callback, depth = app.cli.commands["list-users"].callback, 0
    while hasattr(callback, "__wrapped__"):
        callback, depth = callback.__wrapped__, depth + 1
    assert depth == 1

"""A host's mistake in the settings or the database stops Habitory at start with one sentence
(what is wrong, which variable, what to do) and a failing exit status, for `flask run`,
`flask <command>` and gunicorn alike: never a Python traceback. A yes/no setting refuses a
typo instead of quietly reading it as "no"."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from habitory import config, create_app

BIN = Path(sys.executable).parent
CLOSED_PORT = "postgresql://habitory:s3cret-pw@127.0.0.1:1/habitory"


def _start(tmp_path, argv, cwd=None, **env):
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("HABITORY_", "DATABASE_URL", "RATELIMIT_"))}
    clean.update({"HABITORY_INSTANCE": str(tmp_path / "instance"), "SECRET_KEY": "k" * 40,
                  "DATABASE_URL": f"sqlite:///{tmp_path}/habitory.sqlite3",
                  "HABITORY_SCHEDULER": "0", **env})
    return subprocess.run(argv, env=clean, capture_output=True, text=True, timeout=120,
                          cwd=cwd or Path(__file__).resolve().parents[1])


def _flask(tmp_path, *args, **env):
    return _start(tmp_path, [str(BIN / "flask"), "--app", "habitory", *args], **env)


def _one_sentence(result, *words):
    assert result.returncode != 0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, result.stderr
    for word in words:
        assert word in errors[0], errors[0]
    return errors[0]


@pytest.mark.parametrize(("env", "args", "words"), [
    ({"HABITORY_SECURE_COOKIES": "ture"}, ["list-users"],
     ["HABITORY_SECURE_COOKIES", "'ture'", "1, true, yes, on", "0, false, no, off"]),
    ({"RATELIMIT_STORAGE_URI": "bogus://"}, ["run", "--port", "0"],
     ["RATELIMIT_STORAGE_URI", "bogus://", "memory://", "redis://"]),
    ({"DATABASE_URL": CLOSED_PORT}, ["db", "upgrade"],
     ["DATABASE_URL", "Cannot connect", "Connection refused", "server is running"]),
    ({"DATABASE_URL": CLOSED_PORT}, ["list-users"], ["DATABASE_URL", "Cannot connect"]),
])
def test_flask_commands_and_flask_run_say_one_sentence_and_fail(tmp_path, env, args, words):
    line = _one_sentence(_flask(tmp_path, *args, **env), *words)
    assert "s3cret-pw" not in line  # a password in the URL stays out of the logs


@pytest.mark.parametrize(("env", "words"), [
    ({"HABITORY_PROXY_HOPS": "x"}, ["HABITORY_PROXY_HOPS", "whole number"]),
    # Read as "no limit" by many hosts, 0 refused every new habit to every account.
    ({"HABITORY_MAX_HABITS": "0"}, ["HABITORY_MAX_HABITS", "1 or more", "'0'"]),
    ({"HABITORY_DB_CONNECT_TIMEOUT": "5s"}, ["HABITORY_DB_CONNECT_TIMEOUT", "seconds"]),
    ({"HABITORY_DB_CONNECT_TIMEOUT": "nan"}, ["HABITORY_DB_CONNECT_TIMEOUT", "seconds", "'nan'"]),
    ({"HABITORY_DB_STATEMENT_TIMEOUT": "inf"}, ["HABITORY_DB_STATEMENT_TIMEOUT", "0 or more"]),
    ({"HABITORY_HEALTHZ_TIMEOUT": "-3"}, ["HABITORY_HEALTHZ_TIMEOUT", "0 or more", "'-3'"]),
    ({"DATABASE_URL": "foo://bar"}, ["DATABASE_URL", "foo://", "postgresql://", "sqlite:///"]),
    ({"DATABASE_URL": "nonsense"}, ["DATABASE_URL", "not a database URL"]),
    ({"DATABASE_URL": CLOSED_PORT}, ["DATABASE_URL", "Cannot connect", "127.0.0.1"]),
    ({"DATABASE_URL": "sqlite:///{tmp}/no-such-folder/habitory.sqlite3"},
     ["DATABASE_URL", "Cannot connect", "folder exists"]),
    ({"RATELIMIT_STORAGE_URI": "memcached://localhost:11211"}, ["RATELIMIT_STORAGE_URI"]),
    ({"HABITORY_QUEUE_URL": "https://u:s3cret-pw@queue.example"},
     ["HABITORY_QUEUE_URL", "redis://", "'https'"]),
])
def test_the_app_factory_as_a_server_calls_it_exits_with_one_sentence(
        tmp_path, monkeypatch, capsys, env, words):
    """`gunicorn 'habitory:create_app()'` calls it so, as does `flask`."""
    monkeypatch.setenv("HABITORY_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    monkeypatch.setenv("HABITORY_EMBEDDED_WORKER", "0")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/habitory.sqlite3")
    for name, value in env.items():
        monkeypatch.setenv(name, value.format(tmp=tmp_path))
    with pytest.raises(SystemExit) as stopped:
        create_app()
    assert stopped.value.code == 4  # gunicorn's "App failed to load": it stops, no respawning
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 1 and errors[0].startswith("Error: ")
    for word in words:
        assert word in errors[0], errors[0]
    assert "s3cret-pw" not in errors[0]


@pytest.mark.parametrize("how", ["gunicorn.conf.py", "-c python:habitory.gunicorn_conf"])
@pytest.mark.parametrize("problem", [{"HABITORY_SECURE_COOKIES": "ture"},
                                     {"DATABASE_URL": CLOSED_PORT}])
def test_gunicorn_stops_with_one_sentence_before_any_worker_starts(tmp_path, how, problem):
    """Checked in gunicorn's master: four workers do not each say it, and gunicorn's arbiter
    prints no traceback of its own (it did when two workers exited 4 at once)."""
    argv = [str(BIN / "gunicorn"), "--workers", "4", "--bind", "127.0.0.1:0",
            "habitory:create_app()"]
    cwd = None
    if how.startswith("-c"):
        argv[1:1] = ["-c", "python:habitory.gunicorn_conf"]
        cwd = tmp_path  # no gunicorn.conf.py there: the option alone does it (the deploy unit)
    result = _start(tmp_path, argv, cwd=cwd, **problem)
    assert result.returncode == 4, result.stderr
    _one_sentence(result, *problem)  # the variable's name
    assert "Booting worker" not in result.stderr, result.stderr


def test_the_masters_check_leaves_nothing_running_to_be_forked(tmp_path):
    assert _flask(tmp_path, "db", "upgrade").returncode == 0
    code = ("import threading; from habitory.factory import check_start; check_start(); "
            "print(sorted(t.name for t in threading.enumerate()))")
    result = _start(tmp_path, [sys.executable, "-c", code])
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['MainThread']"


@pytest.mark.parametrize("name", ["HABITORY_SECURE_COOKIES", "HABITORY_OPEN_REGISTRATION",
                                  "HABITORY_CHECK_MIGRATIONS", "HABITORY_EMBEDDED_WORKER"])
def test_a_yes_or_no_setting_refuses_what_is_neither(tmp_path, monkeypatch, name):
    for typo in ("ture", "y", "enabled", "2", "flase"):
        monkeypatch.setenv(name, typo)
        with pytest.raises(config.SettingError, match=f"{name} must be yes or no.*{typo!r}"):
            config.from_environment(str(tmp_path))
    said = {" On ": True, "TRUE": True, "yes": True, "1": True,
            "Off": False, "FALSE": False, "no": False, "0": False, "": False}
    for value, meaning in said.items():
        monkeypatch.setenv("HABITORY_SECURE_COOKIES", value)
        monkeypatch.setenv(name, value)
        assert config.from_environment(str(tmp_path))["SESSION_COOKIE_SECURE"] is meaning


def test_code_that_builds_the_app_itself_gets_the_exception(tmp_path, monkeypatch):
    """Tests and the trainer pass a configuration: they get the error, the process lives on."""
    monkeypatch.setenv("HABITORY_SECURE_COOKIES", "ture")
    with pytest.raises(config.SettingError, match="HABITORY_SECURE_COOKIES"):
        create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path)})

"""A database that does not answer: /healthz says 503 within seconds, pages fail fast."""

from __future__ import annotations

import contextlib
import socket
import sqlite3
import threading
import time

import pytest
import sqlalchemy as sa

from habitory import create_app
from habitory.database import engine_options
from habitory.extensions import db

from .conftest import PASSWORD


def _app(tmp_path, url, **config):
    return create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x",
                       "SQLALCHEMY_DATABASE_URI": url, **config})


def _timed_get(client, path, limit=15.0):
    """GET in a thread, so a hang fails the test instead of stalling the suite."""
    result = {}

    def get():
        started = time.perf_counter()
        result["response"] = client.get(path)
        result["seconds"] = time.perf_counter() - started

    thread = threading.Thread(target=get, daemon=True)
    thread.start()
    thread.join(limit)
    assert "response" in result, f"{path} did not answer within {limit} s"
    return result["response"], result["seconds"]


def _assert_down(response):
    assert response.status_code == 503
    assert response.json["status"] == "error" and response.json["database"] == "unreachable"


def test_healthz_is_503_at_once_when_postgresql_refuses(tmp_path):
    app = _app(tmp_path, "postgresql+psycopg://postgres@127.0.0.1:1/nothing")
    response, seconds = _timed_get(app.test_client(), "/healthz")
    _assert_down(response)
    assert seconds < 5


@contextlib.contextmanager
def _silent_server():
    """A port that takes connections and never says a word (a frozen database host)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    try:
        yield listener.getsockname()[1]
    finally:
        listener.close()


def test_healthz_is_503_within_seconds_when_the_database_never_answers(tmp_path):
    with _silent_server() as port:
        app = _app(tmp_path, f"postgresql+psycopg://postgres@127.0.0.1:{port}/frozen",
                   HEALTHZ_TIMEOUT=2)
        client = app.test_client()
        response, seconds = _timed_get(client, "/healthz")
        _assert_down(response)
        assert seconds < 4
        # The first probe still hangs: the next check says so at once instead of piling up.
        again, seconds = _timed_get(client, "/healthz")
        _assert_down(again)
        assert seconds < 1


def test_connections_give_up_after_the_connect_timeout(tmp_path):
    with _silent_server() as port:
        app = _app(tmp_path, f"postgresql+psycopg://postgres@127.0.0.1:{port}/frozen",
                   DATABASE_CONNECT_TIMEOUT=2)
        started = time.perf_counter()
        with app.app_context(), pytest.raises(sa.exc.OperationalError):
            db.session.execute(sa.text("SELECT 1"))
        assert time.perf_counter() - started < 6


@contextlib.contextmanager
def _locked(path):
    """Another process holding the SQLite file exclusively (a long write, a stuck backup)."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("CREATE TABLE IF NOT EXISTS held (x)")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_healthz_is_503_quickly_when_sqlite_is_locked(tmp_path):
    path = tmp_path / "locked.sqlite3"
    with contextlib.closing(sqlite3.connect(path)) as setup:
        setup.execute("PRAGMA journal_mode=WAL")
    app = _app(tmp_path, f"sqlite:///{path}", HEALTHZ_TIMEOUT=1)
    client = app.test_client()
    with _locked(path):
        response, seconds = _timed_get(client, "/healthz")
        _assert_down(response)
        assert seconds < 3
    deadline = time.monotonic() + 15  # the first probe gives up within the busy timeout
    while client.get("/healthz").status_code != 200:
        assert time.monotonic() < deadline, "/healthz did not recover after the lock"
        time.sleep(0.2)


def test_pages_fail_fast_with_a_503_while_the_database_is_stuck(app_config):
    """PostgreSQL cancels a statement after DATABASE_STATEMENT_TIMEOUT; the page says the
    database is not answering (503), not a 500. On SQLite the busy timeout bounds a wait."""
    app_config["DATABASE_STATEMENT_TIMEOUT"] = 1
    app = create_app(app_config)
    client = app.test_client()
    client.post("/register", data={"email": "ada@example.com", "password": PASSWORD,
                                   "confirm": PASSWORD, "timezone": "UTC"})
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            with engine.connect() as connection:
                assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10000
            return
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SHOW statement_timeout").scalar() == "1s"
        blocker = sa.create_engine(app_config["SQLALCHEMY_DATABASE_URI"])
        try:
            with blocker.connect() as holder:
                holder.exec_driver_sql("LOCK TABLE users IN ACCESS EXCLUSIVE MODE")
                response, seconds = _timed_get(client, "/settings")
                holder.rollback()
        finally:
            blocker.dispose()
        engine.dispose()
    assert response.status_code == 503 and seconds < 4
    assert "database is not answering" in response.get_data(as_text=True)


def test_admin_commands_get_no_statement_timeout():
    """`flask db upgrade` may legitimately run a long statement (an index on a big table)."""
    config = {"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://h/db?options=-c%20search_path%3Dx",
              "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
              "DATABASE_CONNECT_TIMEOUT": 5, "DATABASE_STATEMENT_TIMEOUT": 15}
    serving = engine_options(config, statement_timeout=True)
    assert serving["pool_pre_ping"] is True
    assert serving["connect_args"] == {
        "connect_timeout": 5, "options": "-c search_path=x -c statement_timeout=15000"}
    admin = engine_options(config, statement_timeout=False)
    assert admin["connect_args"] == {"connect_timeout": 5}
    assert config["SQLALCHEMY_ENGINE_OPTIONS"] == {"pool_pre_ping": True}  # not changed
    sqlite = engine_options({**config, "SQLALCHEMY_DATABASE_URI": "sqlite://"}, True)
    assert "connect_args" not in sqlite


def test_a_full_disk_says_so_instead_of_try_again_in_a_minute(client, user, monkeypatch):
    """Waiting will not help when the disk is full: the page says the host must free space."""
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from habitory.domain import habits

    def full(*args, **kwargs):
        raise OperationalError("INSERT INTO habits ...", {}, sqlite3.OperationalError(
            "database or disk is full"))

    monkeypatch.setattr(habits, "create", full)
    response = client.post("/habits", data={"name": "Read"})
    assert response.status_code == 503 and "Retry-After" not in response.headers
    page = response.get_data(as_text=True)
    assert "run out of disk space" in page and "try again in a minute" not in page

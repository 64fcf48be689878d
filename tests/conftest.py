"""Fixtures in the flaskr style: app, client, auth, plus a clock and a query counter; `user`
(a registered, logged-in account on a frozen clock) and `make_habit` (habits with history).

The suite runs on SQLite, and again on PostgreSQL when TEST_DATABASE_URL is set. With
HABITORY_REQUIRE_ALL_SUITES=1 (CI), a missing PostgreSQL or browser, or any skipped test,
fails the run instead of passing quietly.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
from datetime import UTC, date, datetime

import flask_migrate
import pytest
import sqlalchemy as sa
from flask import g
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from habitory import clock, create_app
from habitory.extensions import db
from habitory.factory import GC_THRESHOLDS
from habitory.models import CheckIn, Habit, User

from .push_support import PushService

PG_URL = os.environ.get("TEST_DATABASE_URL")
REQUIRE_ALL = os.environ.get("HABITORY_REQUIRE_ALL_SUITES") == "1"
# The Redis database the queue tests empty and use (test_multihost.py uses 5 and 6).
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/7")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
PASSWORD = "correct horse battery"
TODAY = date(2026, 11, 25)  # the `user` fixture's day, a Wednesday


def pytest_configure(config):
    # The collector as a served app runs it (factory.py). With Python's defaults, a full pass
    # over the session's heap ran ~every 5 tests and took up to 2 s on a loaded CI host:
    # a fifth of the suite's time, and inside timed requests.
    gc.set_threshold(*GC_THRESHOLDS)
    if REQUIRE_ALL and not PG_URL:
        raise pytest.UsageError(
            "HABITORY_REQUIRE_ALL_SUITES=1 but TEST_DATABASE_URL is not set: "
            "the PostgreSQL half of the suite would not run."
        )


def pytest_sessionfinish(session, exitstatus):
    """In CI a skipped test is a failure: a suite that silently did not run proves nothing."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if REQUIRE_ALL and skipped:
        reporter.write_line(
            f"FAILED: {len(skipped)} test(s) were skipped, and CI requires every suite to run:",
            red=True,
        )
        for report in skipped:
            reporter.write_line(f"  {report.nodeid}: {report.longrepr}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def _clean_postgres(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request, tmp_path_factory):
    """A migrated database, once per backend and session."""
    if request.param == "sqlite":
        url = "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")
    else:
        url = PG_URL
        _clean_postgres(url)
    app = create_app(_config(url, tmp_path_factory.mktemp("instance")))
    with app.app_context():
        flask_migrate.upgrade()
        db.engine.dispose()
    return url


def _config(url: str, instance) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "INSTANCE_PATH": str(instance),
        "SQLALCHEMY_DATABASE_URI": url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "OPEN_REGISTRATION": True,
        # scrypt costs ~100 ms a hash; the suite hashes hundreds of passwords. test_auth checks
        # that the real app uses scrypt.
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        # Training and prediction refreshes run in a worker thread; tests that need them turn
        # it on with the ml_background fixture, the rest keep requests free of background work.
        "ML_BACKGROUND": False,
        # When it is on, train in the thread: a child process would not see frozen clocks.
        # tests/test_training_process.py covers the child process.
        "ML_TRAIN_PROCESS": False,
        "MODELS_DIR": str(instance / "models"),
        # Jobs wait in an SQLite queue in the test's instance folder; tests run them with
        # habitory.jobs.queue.drain() (tests/test_multihost.py runs real workers on Redis).
        "QUEUE_URL": None,
        "EMBEDDED_WORKER": False,
    }


@pytest.fixture
def app_config(database_url, tmp_path):
    """The configuration the app fixture is built from; tests may change it first.

    Every row is removed afterwards, also for tests that build their own app from it.
    """
    yield _config(database_url, tmp_path / "instance")
    engine = sa.create_engine(database_url)
    with engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())
    engine.dispose()


def fresh_context_per_request(application) -> None:
    """The test holds an app context open, which requests would otherwise share: give each
    request its own `g` (logged-in user, CSRF token, caches); the test then reads fresh rows,
    as in production."""

    @application.teardown_request
    def _like_a_fresh_context(_error):
        for name in list(g):
            g.pop(name, None)
        db.session.rollback()
        db.session.expire_all()


@pytest.fixture
def app(app_config):
    """A fresh app on the migrated database."""
    application = create_app(app_config)
    fresh_context_per_request(application)
    with application.app_context():
        yield application
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def ml_background(app):
    """Trainings queued as in production (the 20th completion enqueues one); the test runs
    the queue with habitory.jobs.queue.drain()."""
    app.config["ML_BACKGROUND"] = True
    return app


@pytest.fixture
def make_app(app_config):
    """make_app(**config) -> another app on the test database, as a second gunicorn worker
    would be (or one with CSRF or rate limits on). Its engine is disposed at teardown: a
    pooled connection left to the garbage collector is a ResourceWarning on PostgreSQL."""
    made = []

    def make(**changes):
        application = create_app({**app_config, **changes})
        made.append(application)
        return application

    yield make
    for application in made:
        with application.app_context():
            db.engine.dispose()


@pytest.fixture
def csrf_app(make_app):
    """An app with CSRF protection on, as in production, each request in its own context."""
    application = make_app(WTF_CSRF_ENABLED=True)
    fresh_context_per_request(application)
    with application.app_context():
        yield application


@pytest.fixture
def client(app):
    return app.test_client()


def cookies_of(client) -> dict[str, str]:
    """The client's cookies, to hand to another browser (client_with)."""
    return {c.key: c.value for c in client._cookies.values()}


def client_with(app, cookies: dict[str, str]):
    """Another browser holding these cookies (a copied or stolen session)."""
    other = app.test_client()
    for key, value in cookies.items():
        other.set_cookie(key, value)
    return other


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class AuthActions:
    def __init__(self, client):
        self._client = client

    def register(self, email="ada@example.com", password=PASSWORD, timezone="UTC"):
        return self._client.post(
            "/register",
            data={"email": email, "password": password, "confirm": password, "timezone": timezone},
        )

    def login(self, email="ada@example.com", password=PASSWORD, remember=False):
        data = {"email": email, "password": password}
        if remember:
            data["remember"] = "y"
        return self._client.post("/login", data=data)

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


HTMX = {"HX-Request": "true"}


@pytest.fixture
def frozen_now(monkeypatch):
    """Set the current instant: frozen_now(2026, 11, 25, 9, 30) (UTC)."""

    def freeze(*args):
        moment = datetime(*args, tzinfo=UTC)
        monkeypatch.setattr(clock, "now_utc", lambda: moment)
        return moment

    return freeze


@pytest.fixture
def count_queries(app):
    """Context manager collecting the SQL statements run inside it."""

    @contextlib.contextmanager
    def counting():
        statements: list[str] = []

        def record(conn, cursor, statement, *args):
            statements.append(statement)

        sa.event.listen(db.engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", record)

    return counting


@pytest.fixture
def user(client, auth, frozen_now) -> User:
    """Ada, registered through the form (timezone UTC) and logged in on `client`, on a clock
    frozen at TODAY 12:00 UTC."""
    frozen_now(TODAY.year, TODAY.month, TODAY.day, 12, 0)
    auth.register()
    return db.session.scalar(sa.select(User).where(User.email == "ada@example.com"))


@pytest.fixture
def make_habit(app):
    """make_habit(owner, name, created=TODAY, done=(), **columns) -> Habit: a habit written
    straight to the database (no request), after the owner's other habits, with a "done"
    check-in on each day of `done`. `owner` is a User or a user id."""

    def make(owner, name: str, created: date = TODAY, done=(), **columns) -> Habit:
        owner_id = owner if isinstance(owner, int) else owner.id
        if "position" not in columns:
            last = db.session.scalar(
                sa.select(sa.func.max(Habit.position)).where(Habit.user_id == owner_id))
            columns["position"] = (last or 0) + 1
        habit = Habit(user_id=owner_id, created_on=created, **columns)
        habit.rename(name)
        db.session.add(habit)
        db.session.flush()
        if done:
            db.session.execute(sa.insert(CheckIn), [
                {"habit_id": habit.id, "day": day, "state": "done"} for day in done])
        db.session.commit()
        return habit

    return make


def upload_body(fields: dict, name: str, content: bytes) -> dict:
    """Keyword arguments for client.post() of a multipart body with one file, encoded in memory:
    for a large body the test client itself spools to a temporary file that it never closes
    (a ResourceWarning, and the suite fails on warnings)."""
    boundary, body = encode_multipart({**fields, "file": FileStorage(io.BytesIO(content), name)})
    return {"data": body, "content_type": f"multipart/form-data; boundary={boundary}"}


@pytest.fixture
def push_service(app):
    """A push service on loopback, and the app allowed to post to it."""
    app.config["PUSH_ALLOW_HTTP"] = True  # loopback has no TLS; production requires https
    service = PushService()
    yield service
    service.close()


@pytest.fixture
def redis_queue():
    """REDIS_URL, emptied before and after; skipped without Redis, except in CI."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        if REQUIRE_ALL:
            raise
        pytest.skip(f"no Redis at {REDIS_URL}")
    client.flushdb()
    yield REDIS_URL
    client.flushdb()
    client.close()

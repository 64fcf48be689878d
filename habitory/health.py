"""Liveness: GET /healthz answers, within HEALTHZ_TIMEOUT seconds, whether the database does,
and whether the job queue does (with how many jobs wait)."""

from __future__ import annotations

import threading

import sqlalchemy as sa
from flask import Blueprint, current_app, jsonify

from .database import SQLITE_BUSY_TIMEOUT_MS
from .extensions import db, limiter

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@limiter.exempt
def healthz():
    """200 with a JSON body when the database answers in time, 503 when it does not.

    The probe runs in a thread the answer does not wait for past the timeout: whatever hangs
    (a connection to a frozen host, a pool with no free connection, a lock), the load balancer
    hears 503 in seconds. While one probe still hangs, later checks say 503 at once rather
    than start more.
    """
    app = current_app._get_current_object()
    engine = db.engine
    outcome = _bounded(app, "habitory_healthz_probe", app.config["HEALTHZ_TIMEOUT"],
                       lambda: _query(engine, app.config["HEALTHZ_TIMEOUT"]))
    if outcome is _TIMEOUT or isinstance(outcome, str):
        return _down("timeout" if outcome is _TIMEOUT else outcome)
    return _with_queue(app)


def _with_queue(app):
    """The database answered: now the queue. A Redis that is down is a 503 (nothing would be
    trained or reminded); the embedded SQLite queue lives beside the database."""
    # Through the extension, not an import: health and jobs are sibling doors.
    outcome = _bounded(app, "habitory_healthz_queue_probe", app.config["QUEUE_HEALTH_TIMEOUT"],
                       app.extensions["habitory_queue"].huey.pending_count)
    if outcome is _TIMEOUT or isinstance(outcome, str):
        detail = "timeout" if outcome is _TIMEOUT else outcome
        return jsonify(status="error", database="ok", queue="unreachable", detail=detail), 503
    return jsonify(status="ok", database="ok", queue="ok", jobs_waiting=outcome)


_TIMEOUT = object()


def _bounded(app, lock_name: str, seconds: float, probe):
    """probe()'s result, the name of the exception it raised (any error means "down" to a load
    balancer), or _TIMEOUT. It runs in a thread the answer does not wait for past `seconds`;
    while one still hangs, the next check is a timeout at once rather than one more thread."""
    running = app.extensions.setdefault(lock_name, threading.Lock())
    if not running.acquire(blocking=False):
        return _TIMEOUT
    outcome: list = []

    def run() -> None:
        try:
            outcome.append(probe())
        except Exception as exc:
            outcome.append(type(exc).__name__)
        finally:
            running.release()

    thread = threading.Thread(target=run, name=lock_name.replace("_", "-"), daemon=True)
    thread.start()
    thread.join(seconds)
    return outcome[0] if outcome else _TIMEOUT


def _down(detail: str):
    return jsonify(status="error", database="unreachable", detail=detail), 503


def _query(engine: sa.Engine, seconds: float) -> None:
    """One bounded round trip that needs the database itself, not only the connection."""
    milliseconds = max(1, round(seconds * 1000))
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            # SELECT 1 never touches the file: read the schema, which a lock holder blocks.
            connection.exec_driver_sql(f"PRAGMA busy_timeout={milliseconds}")
            try:
                connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
            finally:
                connection.exec_driver_sql(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            return
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SET LOCAL statement_timeout = {milliseconds}")
        connection.execute(sa.text("SELECT 1"))

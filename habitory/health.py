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
    seconds = current_app.config["HEALTHZ_TIMEOUT"]
    running = current_app.extensions.setdefault("habitory_healthz_probe", threading.Lock())
    if not running.acquire(blocking=False):
        return _down("timeout")
    engine, outcome = db.engine, []

    def probe() -> None:
        try:
            _query(engine, seconds)
            outcome.append(None)
        except Exception as exc:  # any driver error means "down" to a load balancer
            outcome.append(type(exc).__name__)
        finally:
            running.release()

    thread = threading.Thread(target=probe, name="healthz-probe", daemon=True)
    thread.start()
    thread.join(seconds)
    if not outcome:
        return _down("timeout")
    if outcome[0] is not None:
        return _down(outcome[0])
    return _with_queue()


def _with_queue():
    """The database answered: now the queue. A Redis that is down is a 503 (nothing would be
    trained or reminded); the embedded SQLite queue lives beside the database."""
    app = current_app._get_current_object()
    seconds = app.config["QUEUE_HEALTH_TIMEOUT"]
    running = app.extensions.setdefault("habitory_healthz_queue_probe", threading.Lock())
    if not running.acquire(blocking=False):  # a probe still hangs: don't start another
        return jsonify(status="error", database="ok", queue="unreachable",
                       detail="timeout"), 503
    outcome: list = []

    def probe() -> None:
        try:
            # Through the extension, not an import: health and jobs are sibling doors.
            outcome.append(app.extensions["habitory_queue"].huey.pending_count())
        except Exception as exc:  # any storage error means the queue cannot take jobs
            outcome.append(type(exc).__name__)
        finally:
            running.release()

    thread = threading.Thread(target=probe, name="healthz-queue-probe", daemon=True)
    thread.start()
    thread.join(seconds)
    if not outcome or isinstance(outcome[0], str):
        detail = outcome[0] if outcome else "timeout"
        return jsonify(status="error", database="ok", queue="unreachable", detail=detail), 503
    return jsonify(status="ok", database="ok", queue="ok", jobs_waiting=outcome[0])


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

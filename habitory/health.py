"""Liveness: GET /healthz answers, within HEALTHZ_TIMEOUT seconds, whether the database does,
whether the instance folder can still take a write, and whether the job queue answers (with
how many jobs wait, and when a consumer was last seen).

Anyone may ask (a load balancer has no login), so a stranger hears the status code and the
coarse states and how many jobs wait; the other numbers and the reasons (free space, when a
worker was last seen, exception names) are for the operator, asking on the host itself."""

from __future__ import annotations

import contextlib
import ipaddress
import os
import secrets
import shutil
import threading
import time
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Blueprint, current_app, jsonify, request

from .config import sqlite_file
from .database import SQLITE_BUSY_TIMEOUT_MS
from .extensions import db, limiter

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@limiter.exempt
def healthz():
    """200 with a JSON body when the database answers in time, and the instance folder takes
    a write, and the queue answers; 503 when one does not.

    The probe runs in a thread the answer does not wait for past the timeout: whatever hangs
    (a connection to a frozen host, a pool with no free connection, a lock), the load balancer
    hears 503 in seconds. While one probe still hangs, later checks say 503 at once rather
    than start more.
    """
    app = current_app._get_current_object()
    engine = db.engine
    # One deadline for the three checks: a probe that waited for each in turn could take
    # 8 s, past the HEALTHZ_TIMEOUT a load balancer is told to expect.
    deadline = time.monotonic() + app.config["HEALTHZ_TIMEOUT"]
    outcome = _bounded(app, "habitory_healthz_probe", app.config["HEALTHZ_TIMEOUT"],
                       lambda: _query(engine, app.config["HEALTHZ_TIMEOUT"]))
    if outcome is _TIMEOUT or isinstance(outcome, str):
        body, status = _down("timeout" if outcome is _TIMEOUT else outcome)
    else:
        body, status = _with_queue(app, lambda: max(0.05, deadline - time.monotonic()))
    response = jsonify(body if _asked_on_the_host() else _public(body))
    # Never kept by a cache: a stale "ok" misleads, and the answer depends on who asks.
    response.headers["Cache-Control"] = "no-store"
    return response, status


# What a stranger is told: enough for a load balancer and an uptime monitor to act on, and
# how many jobs wait (issue 12's contract: a monitor watches the queue grow).
PUBLIC_FIELDS = ("status", "database", "disk", "queue", "jobs_waiting", "workers")
_FORWARDING_HEADERS = ("X-Forwarded-For", "Forwarded", "X-Real-IP", "X-Forwarded-Host")


def _asked_on_the_host() -> bool:
    """A request from this machine's loopback, to a loopback name, that no proxy forwarded:
    the operator's `curl http://127.0.0.1:8000/healthz` or a local monitor.

    A proxy on the same host connects from loopback too. It says for whom (whether or not
    HABITORY_PROXY_HOPS trusts what it says), or else it names the site or its upstream in
    Host: either way the request is a stranger's."""
    if any(name in request.headers for name in _FORWARDING_HEADERS):
        return False
    return _is_loopback(request.remote_addr) and (
        _host_name() == "localhost" or _is_loopback(_host_name()))


def _host_name() -> str:
    try:
        return urlsplit("//" + request.host).hostname or ""
    except ValueError:  # "[::1" and the like: no name at all
        return ""


def _is_loopback(text: str | None) -> bool:
    try:
        address = ipaddress.ip_address(text or "")
    except ValueError:  # a name, a Unix socket's peer, or nothing: not known to be local
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return (mapped or address).is_loopback


def _public(body: dict) -> dict:
    """The answer without its numbers and reasons; the same status and states."""
    shown = {name: body[name] for name in PUBLIC_FIELDS if name in body}
    if shown.get("workers") not in (None, "ok", "unknown"):
        shown["workers"] = "none seen"  # how long ago is the operator's business
    return shown


def _with_queue(app, time_left) -> tuple[dict, int]:
    """The database answered: now the disk and the queue. A disk that cannot take a write is a
    503 (every check-in would fail); so is a Redis that is down (nothing would be trained or
    reminded); the embedded SQLite queue lives beside the database."""
    body, problems = {"status": "ok", "database": "ok"}, []
    disk = _bounded(app, "habitory_healthz_disk_probe", time_left(),
                    lambda: _disk(_folders(app), app.config["HEALTHZ_MIN_FREE_MB"]))
    if disk is _TIMEOUT or isinstance(disk, str):
        body["disk"] = "unreachable"
        problems.append("instance folder: " + ("timeout" if disk is _TIMEOUT else disk))
    else:
        body["disk"], body["disk_free_mb"], problem = disk
        if problem:
            problems.append(problem)
    # Through the extension, not an import: health and jobs are sibling doors.
    jobs = app.extensions["habitory_queue"]
    where = _queue_place(app.config)
    outcome = _bounded(app, "habitory_healthz_queue_probe",
                       min(app.config["QUEUE_HEALTH_TIMEOUT"], time_left()),
                       lambda: _queue_probe(jobs, where))
    if outcome is _TIMEOUT or isinstance(outcome, str):
        # Every field the README promises, said as unknown: a monitor that reads them finds
        # them, and does not take "no field" for "no job waiting".
        body.update(queue="unreachable", jobs_waiting=None, workers="unknown",
                    workers_last_seen_seconds=None)
        problems.insert(0, f"{where}: timeout" if outcome is _TIMEOUT else outcome)
    else:
        body["queue"], (body["jobs_waiting"], seen) = "ok", outcome
        # No consumer seen is a warning in the body, never a 503: the web nodes serve pages
        # perfectly well, and a load balancer that took them all out of rotation for want of
        # a worker would turn late reminders into an outage. `status` stays "ok" (clients
        # read it as healthy); a monitor alerts on `workers` != "ok". Reported whether or
        # not jobs wait: the periodic jobs (reminders, rules) are enqueued by consumers, so
        # with none running the queue stays empty and no reminder goes out.
        body["workers_last_seen_seconds"] = None if seen is None else round(seen)
        if seen is None:
            body["workers"] = "none seen yet"
        elif seen > app.config["WORKER_SILENT_SECONDS"]:
            body["workers"] = f"none seen in {round(seen)} s"
        else:
            body["workers"] = "ok"
    if problems:
        body.update(status="error", detail="; ".join(problems))
        return body, 503
    return body, 200


def _queue_place(config) -> str:
    """Where the queue is, for the operator's detail: host and port, never a password."""
    url = config.get("QUEUE_URL")
    if not url:
        return "queue (SQLite, in the instance folder)"
    try:
        parts = urlsplit(url)
        return f"queue ({parts.scheme}://{parts.hostname or ''}:{parts.port or 6379}{parts.path})"
    except ValueError:
        return "queue"


def _queue_probe(jobs, where: str):
    """The jobs waiting and the consumers' last heartbeat, or what went wrong, said whole: the
    exception's class alone ("ConnectionError") told the operator neither where nor why."""
    try:
        return jobs.huey.pending_count(), jobs.last_seen_seconds_ago()
    except Exception as exc:
        reason = " ".join(str(exc).split())[:200]
        return f"{where}: {type(exc).__name__}" + (f": {reason}" if reason else "")


MB = 1024 * 1024


def _folders(app) -> dict[str, str]:
    """The folders whose writes the app needs, by what to call them in a public answer (no
    paths): the instance folder (SQLite queue, keys, models, uploads) and an SQLite
    database's own, when it lives elsewhere."""
    folders = {"the instance folder": app.instance_path}
    database_file = sqlite_file(app.config["SQLALCHEMY_DATABASE_URI"])
    if database_file:
        folder = os.path.dirname(database_file)
        if os.path.realpath(folder) != os.path.realpath(app.instance_path):
            folders["the database's folder"] = folder
    return folders


def _disk(folders: dict[str, str], min_free_mb: int) -> tuple[str, int, str | None]:
    """("ok" | "full" | "unwritable", the least free MB, what is wrong or None).

    Free space alone misses a read-only remount or an exhausted quota, so each folder also
    takes a small write (a file of its own, deleted at once)."""
    least = None
    for name, folder in folders.items():
        try:
            free = shutil.disk_usage(folder).free // MB
        except OSError as error:  # moved away or unmounted while serving: it takes no write
            return "unwritable", least or 0, f"{name} cannot take a write: {error.strerror}"
        least = free if least is None else min(least, free)
        if free < min_free_mb:
            return "full", least, (f"{name} has {free} MB free, below "
                                   f"HABITORY_HEALTHZ_MIN_FREE_MB ({min_free_mb} MB)")
        probe = os.path.join(folder, f".healthz-{secrets.token_hex(6)}")
        try:
            fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as error:
            return "unwritable", least, f"{name} cannot take a write: {error.strerror}"
        try:
            try:
                os.write(fd, b"\0" * 4096)  # a block: allocating one is what a full disk refuses
            finally:
                os.close(fd)  # on NFS or under a quota the write's failure may come only here
        except OSError as error:
            return "unwritable", least, f"{name} cannot take a write: {error.strerror}"
        finally:
            with contextlib.suppress(OSError):
                os.unlink(probe)
    return "ok", least or 0, None


_TIMEOUT = object()
_FLIGHTS_GUARD = threading.Lock()


class _Flight:
    """One probe running in its thread, and what it found once it is done."""

    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds
        self.done = threading.Event()
        self.outcome: list = []


def _bounded(app, name: str, seconds: float, probe):
    """probe()'s result, the name of the exception it raised (any error means "down" to a load
    balancer), or _TIMEOUT. It runs in a thread the answer does not wait for past `seconds`.

    A check that arrives while another's probe runs waits for that probe's outcome rather
    than start one more: checks that come together (two load balancers and a monitor, or a
    burst from anyone, since /healthz has no rate limit) all hear the truth, and the database
    and the disk are asked once. Only a probe already past its own time hangs: then the next
    check is a timeout at once, and no new thread piles up behind it."""
    flights = app.extensions.setdefault("habitory_healthz_flights", {})
    with _FLIGHTS_GUARD:
        flight = flights.get(name)
        if flight is not None and not flight.done.is_set():
            if time.monotonic() > flight.deadline:
                return _TIMEOUT
        else:
            flight = flights[name] = _Flight(seconds)
            threading.Thread(target=_fly, args=(flight, probe), name=name.replace("_", "-"),
                             daemon=True).start()
    flight.done.wait(max(0.0, flight.deadline - time.monotonic()))  # no longer than the probe
    return flight.outcome[0] if flight.outcome else _TIMEOUT


def _fly(flight: _Flight, probe) -> None:
    try:
        flight.outcome.append(probe())
    except Exception as exc:
        flight.outcome.append(type(exc).__name__)
    finally:
        flight.done.set()


def _down(detail: str) -> tuple[dict, int]:
    return {"status": "error", "database": "unreachable", "detail": detail}, 503


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

"""The job queue: Huey, on SQLite in the instance folder or on Redis (HABITORY_QUEUE_URL).

Web processes only enqueue; consumers (a thread of each web process by default, or
`flask --app habitory worker` processes) run the jobs. Huey removes a job from the queue when
a consumer takes it, so a consumer killed mid-job loses it: the database, not the queue, says
what is due (domain.predictions.due_work), and the periodic sweep enqueues it again. Every job
is safe to run twice.
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import Flask, current_app
from huey import Huey, PriorityRedisHuey, SqliteHuey

NAME = "habitory"
QUEUED_STALE_SECONDS = 15 * 60  # a job queued longer than this without starting was lost
EXTENSION = "habitory_queue"
# Every consumer (a `flask worker`, a web process's embedded thread) writes the time into the
# queue's own storage this often, so /healthz can tell a queue nobody consumes.
HEARTBEAT_KEY = "consumers.heartbeat"
HEARTBEAT_SECONDS = 15
# Query parameters whose value is a secret (redis-py takes password=, sentinel_password=...).
_SECRET_PARAMETER = re.compile(r"pass|pwd|secret|token|key|auth|cred", re.IGNORECASE)
MASK = "***"


@dataclass
class Jobs:
    """An app's queue and the tasks registered on it (habitory/jobs/tasks.py)."""

    huey: Huey
    tasks: dict[str, Any] = field(default_factory=dict)

    def last_seen_seconds_ago(self) -> float | None:
        """Seconds since a consumer last wrote its heartbeat, None if none ever did (raises
        when the queue's storage does not answer)."""
        seen = self.huey.get(HEARTBEAT_KEY, peek=True)
        return None if seen is None else max(0.0, clock() - float(seen))


def build(config: dict) -> Huey:
    """Redis when QUEUE_URL names it, else SQLite next to the app's database."""
    url = config.get("QUEUE_URL")
    if url:
        if not url.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("HABITORY_QUEUE_URL must be a redis:// URL, "
                             f"not {masked_url(url)!r}")
        # No results: jobs write to the database, nothing ever reads a return value. The
        # priority queue (Redis 5+) lets the minute's reminders pass a backlog of trainings;
        # SQLite's storage orders by priority already.
        return PriorityRedisHuey(NAME, url=url, results=False)
    return SqliteHuey(NAME, filename=config["QUEUE_SQLITE_PATH"], results=False)


def masked_url(url: str) -> str:
    """The URL as it may be printed (a banner, a log line, an error): the password in it, and
    the value of every query parameter that names a secret, replaced by ***."""
    parts = urlsplit(url)
    # rpartition, not urlsplit's own parse: a password may hold an unescaped "@".
    userinfo, at, host = parts.netloc.rpartition("@")
    if at:
        name, colon, _ = userinfo.partition(":")
        netloc = f"{name}:{MASK}@{host}" if colon else f"{MASK}@{host}"
    else:
        netloc = parts.netloc
    query = urlencode([(key, MASK if _SECRET_PARAMETER.search(key) else value)
                       for key, value in parse_qsl(parts.query, keep_blank_values=True)],
                      safe="*")
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


def of(app: Flask | None = None) -> Jobs:
    """The app's queue (the current app's by default)."""
    app = app or current_app
    return app.extensions[EXTENSION]


def enqueue_once(kind: str, user_id: int, app: Flask | None = None) -> bool:
    """Queue a user's "train" or "refresh" unless one is already waiting; True if queued.

    The marker is cleared when the job starts (mark_started), so a job that was taken and then
    killed is queued again by the next sweep; a marker older than QUEUED_STALE_SECONDS belongs
    to a job that was lost before it started.
    """
    jobs = of(app)
    key = f"queued.{kind}.{int(user_id)}"
    now = clock()
    if not jobs.huey.put_if_empty(key, now):
        since = jobs.huey.get(key, peek=True)
        if since is not None and now - float(since) < QUEUED_STALE_SECONDS:
            return False
        jobs.huey.put(key, now)
    jobs.tasks[kind](int(user_id))
    return True


def heartbeat(huey: Huey) -> None:
    """A consumer is alive and polling this queue (the latest write wins: any one will do)."""
    huey.put(HEARTBEAT_KEY, clock())


def mark_started(huey: Huey, kind: str, user_id: int) -> None:
    """The job left the queue: a sweep may queue it again if it does not finish."""
    huey.delete(f"queued.{kind}.{int(user_id)}")


def clock() -> float:
    """Seconds since the epoch (tests move it)."""
    return time.time()


def first_in_period(huey: Huey, name: str, seconds: int = 60) -> bool:
    """True for the first caller of this period: however many consumers enqueue a periodic
    job, its work runs once per period (the storage's put_if_empty is atomic)."""
    period = int(clock() // seconds)
    if not huey.put_if_empty(f"period.{name}.{period}", 1):
        return False
    huey.delete(f"period.{name}.{period - 2}")  # keep the storage from growing
    return True


def catch_up_minutes(huey: Huey, name: str, *, least: int = 2, most: int = 10,
                     record: bool = True) -> int:
    """How many minutes back this run of a periodic job should look: the minutes since its
    last run (kept in the queue's storage, so across restarts too), and one more; at least
    `least`, at most `most`. With record=False the caller records the run itself once it
    worked (ran()), so a run that failed is looked back over by the next one."""
    now = clock()
    last = huey.get(f"last.{name}", peek=True)
    if record:
        ran(huey, name, now)
    if last is None:
        return least
    return max(least, min(most, math.ceil((now - float(last)) / 60) + 1))


def ran(huey: Huey, name: str, at: float) -> None:
    """The periodic job `name` did its work as of `at` (seconds since the epoch)."""
    huey.put(f"last.{name}", at)


def drain(app: Flask | None = None, limit: int = 1000) -> int:
    """Run the waiting jobs here, one after another (tests, `flask run-jobs`); how many ran."""
    huey = of(app).huey
    done = 0
    while done < limit:
        task = huey.dequeue()
        if task is None:
            break
        huey.execute(task)
        done += 1
    return done


def waiting(app: Flask | None = None) -> int:
    """How many jobs wait in the queue (raises when its storage does not answer)."""
    return of(app).huey.pending_count()

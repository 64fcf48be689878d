"""The in-process scheduler: reminders at their minute, daily rules, background training.

Each gunicorn worker starts one thread; a database lease lets only one of them work at a time,
and unique keys make a duplicate run harmless anyway. Deployments that prefer cron set
HABITORY_SCHEDULER=0 and call `flask --app habitory run-rules` every minute instead.
"""

from __future__ import annotations

import logging
import threading

from flask import Flask

from habitory.domain import rules_run
from habitory.extensions import db
from habitory.jobs import background, leases

log = logging.getLogger(__name__)
TICK_SECONDS = 30
LEASE_SECONDS = 90
_started: set[int] = set()


def tick(app: Flask) -> None:
    """One round of due work, if this process holds the scheduler lease."""
    with app.app_context():
        try:
            if not leases.acquire("scheduler", LEASE_SECONDS):
                return
            # Each step on its own: reminders that fail must not cost everyone their rules
            # and predictions (and a bad tick must not kill the thread).
            for step in (rules_run.run_reminders, rules_run.run_rules_for_everyone,
                         background.on_tick):
                try:
                    step()
                except Exception:
                    db.session.rollback()
                    log.exception("scheduler step %s failed", step.__name__)
        except Exception:  # the lease itself: the next tick tries again
            db.session.rollback()
            log.exception("scheduler tick failed")
        finally:
            db.session.remove()


def start(app: Flask) -> None:
    """Start the background thread once per process."""
    if id(app) in _started:
        return
    _started.add(id(app))
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(TICK_SECONDS):
            tick(app)

    thread = threading.Thread(target=loop, name="habitory-scheduler", daemon=True)
    thread.start()
    app.extensions["habitory_scheduler_stop"] = stop

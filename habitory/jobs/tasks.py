"""The jobs: a user's training and prediction refresh, and the periodic work (reminders, the
daily rules, the sweep of due trainings and stale predictions), registered on the app's queue.

Periodic jobs are enqueued by every consumer's Huey scheduler once a minute; first_in_period
lets one of them work per minute however many web nodes and workers run, and the domain's
unique keys (notifications' dedup_key) make even a second run harmless.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Flask, current_app
from huey import Huey, crontab

from habitory import api_idempotency_model
from habitory.domain import events, rules_run
from habitory.domain.predictions import due_work
from habitory.extensions import db
from habitory.jobs import queue, trainer_process

log = logging.getLogger(__name__)
SWEEP_LIMIT = 200  # users per sweep; the next minute's sweep takes the rest
# Reminders are due at their minute: the periodic job passes any backlog of trainings.
PERIODIC_PRIORITY, SWEEP_PRIORITY = 100, 50
# Minutes a reminder may come late after the consumers were down: later, "It is 08:00: …"
# would be news from the past.
REMINDER_CATCH_UP = 10


def _in_context(app: Flask, name: str, work: Callable[[], object]) -> bool:
    """Run a job's work in an app context; its failure is logged, never kills the consumer.
    Whether it worked."""
    with app.app_context():
        try:
            work()
            return True
        except Exception:
            db.session.rollback()
            log.exception("job %s failed", name)
            return False
        finally:
            db.session.remove()


def _user_job(app: Flask, kind: str, user_id: int) -> None:
    if app.config.get("ML_TRAIN_PROCESS"):
        # The embedded consumer lives in a web process: train in a child at a lower priority,
        # so neither scikit-learn nor the CPU of a training lands in the process that serves.
        trainer_process.run(app, kind, user_id)
        return
    from habitory.jobs import forecast  # scikit-learn: only where jobs run (ARCHITECTURE.md)

    forecast.run_safely(kind, user_id)


def sweep(app: Flask) -> int:
    """Queue every due training and refresh (a lost or killed one too), and purge the
    expired API idempotency keys; how many queued.

    The embedded consumer queues one "due" job for all of them instead: it runs them in one
    child process, whose start-up (~2 s of CPU, scikit-learn's imports) is paid once.
    """
    work = due_work(limit=SWEEP_LIMIT)
    if work and app.config.get("ML_TRAIN_PROCESS"):
        queued = int(queue.enqueue_once("due", 0, app))
    else:
        queued = sum(queue.enqueue_once(kind, user_id, app) for kind, user_id in work)
    # The API's idempotency keys answer retries for a day; after that they only take room.
    api_idempotency_model.purge_expired()
    return queued


def _due(app: Flask) -> None:
    if app.config.get("ML_TRAIN_PROCESS"):
        trainer_process.run(app, "due", None)
        return
    from habitory.jobs import forecast  # scikit-learn: only where jobs run (ARCHITECTURE.md)

    forecast.run_due()


def register(app: Flask, huey: Huey) -> dict:
    """Define the jobs on `huey` for `app`; returns them by name."""

    @huey.task(name="train")
    def train(user_id: int) -> None:
        queue.mark_started(huey, "train", user_id)
        _in_context(app, f"train {user_id}", lambda: _user_job(app, "train", user_id))

    @huey.task(name="refresh")
    def refresh(user_id: int) -> None:
        queue.mark_started(huey, "refresh", user_id)
        _in_context(app, f"refresh {user_id}", lambda: _user_job(app, "refresh", user_id))

    @huey.task(name="due")
    def due(_: int = 0) -> None:
        queue.mark_started(huey, "due", 0)
        _in_context(app, "due", lambda: _due(app))

    @huey.task(name="sweep", priority=SWEEP_PRIORITY)
    def sweep_now() -> None:
        _in_context(app, "sweep", lambda: sweep(app))

    @huey.periodic_task(crontab(), name="minutely", priority=PERIODIC_PRIORITY)
    def minutely() -> None:
        if not queue.first_in_period(huey, "minutely"):
            return
        # Each step on its own: reminders that fail must not cost everyone their rules and
        # predictions. Reminders due while no consumer ran (a restart, an upgrade) still come,
        # up to REMINDER_CATCH_UP minutes late; each is sent once (its dedup key). So do those
        # of minutes whose run failed (the database did not answer): only a run that worked
        # counts as the last one.
        started = queue.clock()
        window = queue.catch_up_minutes(huey, "reminders", most=REMINDER_CATCH_UP,
                                        record=False)
        if _in_context(app, "reminders",
                       lambda: rules_run.run_reminders(window_minutes=window)):
            queue.ran(huey, "reminders", started)
        _in_context(app, "daily rules", rules_run.run_rules_for_everyone)
        _in_context(app, "sweep", lambda: sweep(app))

    return {"train": train, "refresh": refresh, "due": due, "sweep": sweep_now,
            "minutely": minutely}


def _on_training_due(user_id: int) -> None:
    """Every 20th completion: queue the user's training (the request never waits for it)."""
    if not current_app.config.get("ML_BACKGROUND", True):
        return
    try:
        queue.enqueue_once("train", user_id)
    except Exception:  # Redis down: the check-in is saved; the sweep queues it later
        log.exception("could not queue the training of user %s", user_id)


def connect_signals() -> None:
    """Hear the domain's announcements (once per process: blinker dedups)."""
    events.training_due.connect(_on_training_due)

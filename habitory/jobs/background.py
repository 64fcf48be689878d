"""Where trainings and refreshes run: a child process at low priority, or a worker thread.

A training is CPU-bound Python and NumPy for up to a second; in a thread of the serving process
it would hold the GIL against that worker's requests (a toggle went from 3 ms to 10 ms over
HTTP), and it would load scikit-learn (~60 MiB) into every web worker. So by default
(ML_TRAIN_PROCESS=1) each job, and each scheduler tick's batch of due work, runs in
`python -m habitory.jobs.trainer`, which reads the same database and models folder and takes
the user's lease itself. With ML_TRAIN_PROCESS=0 the jobs run on one thread of this process.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from flask import Flask, current_app

from habitory.domain import events
from habitory.domain.predictions import due_work, models_dir
from habitory.extensions import db

log = logging.getLogger(__name__)
CHILD_TIMEOUT_SECONDS = 600
LEASE_HELD = 3  # the trainer's exit status when another process is training the user
_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="habitory-ml")
        return _executor


def shutdown() -> None:
    """Finish the queued jobs and stop the worker thread; the next submit starts a new one."""
    global _executor
    with _executor_lock:
        executor, _executor = _executor, None
    if executor is not None:
        executor.shutdown(wait=True)


def _in_process(job: str, user_id: int | None) -> None:
    # Imported on first use, not at the top: scikit-learn comes with it, and web workers that
    # train in a child process (the default) must never load it (ARCHITECTURE.md, "Memory").
    from habitory.jobs import forecast

    if user_id is None:
        forecast.run_due()
    else:
        forecast.run(job, user_id)


def _run(app: Flask, job: str, user_id: int | None) -> None:
    """A job on the worker thread: "train"/"refresh" one user, or "due" (user_id None)."""
    with app.app_context():
        try:
            if app.config.get("ML_TRAIN_PROCESS"):
                run_in_child(app, job, user_id)
            else:
                _in_process(job, user_id)
        except Exception:  # a failed job must not take the worker down
            db.session.rollback()
            log.exception("%s for user %s failed", job, user_id)
        finally:
            db.session.remove()


def run_in_child(app: Flask, job: str, user_id: int | None) -> bool:
    """Run a job in `python -m habitory.jobs.trainer` at a lower CPU priority, and wait."""
    env = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": app.secret_key,  # same user, same machine: the child must sign alike
        "HABITORY_INSTANCE": app.instance_path,
        "HABITORY_MODELS_DIR": str(models_dir()),
    }
    target = ["--due"] if user_id is None else [str(user_id)]
    if job == "refresh":
        target.append("--refresh")
    command = [sys.executable, "-m", "habitory.jobs.trainer", *target, "--background"]
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True,
                              timeout=CHILD_TIMEOUT_SECONDS)
    except (OSError, subprocess.TimeoutExpired) as error:
        log.error("%s for user %s in a child process failed: %s", job, user_id, error)
        return False
    if done.returncode == LEASE_HELD:
        return False  # another worker is training this user right now
    if done.returncode != 0:
        log.error("%s for user %s exited with %s: %s", job, user_id, done.returncode,
                  done.stderr[-2000:])
        return False
    return True


def submit(job: str, user_id: int | None = None) -> Future | None:
    """Queue a job for the worker thread (never on the request itself)."""
    app = current_app._get_current_object()
    if not app.config.get("ML_BACKGROUND", True):
        return None
    return _pool().submit(_run, app, job, user_id)


def _on_training_due(user_id: int) -> None:
    submit("train", user_id)


def on_tick() -> None:
    """The scheduler's tick: when trainings or refreshes are due, all of them in one job."""
    if due_work(limit=1):
        submit("due")


def register(app: Flask) -> None:
    """Connect the domain's signals to the worker (once per process: blinker dedups)."""
    events.training_due.connect(_on_training_due)

"""Predictions for tomorrow, on the app's side: train in the background, serve from a table.

The request path never trains or predicts: a toggle only bumps a counter and marks the
user's predictions stale; a worker thread (one per process, one training per user across
processes thanks to a lease) retrains after 20 new completions and refreshes predictions.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import sqlalchemy as sa
from flask import Flask, current_app

from . import leases
from .ai.model import UserModel, predict_next_day
from .ai.storage import delete_model, load_model, model_path
from .ai.trainer import RETRAIN_COMPLETIONS, RETRAIN_DAYS, train_user
from .clock import user_today
from .extensions import db
from .habits.queries import entries_for, habits_of, history_of
from .models import Prediction, User, utcnow

log = logging.getLogger(__name__)
TRAIN_LEASE_SECONDS = 600
LEASE_HELD = 3  # the trainer's exit status when another process is training the user
SOURCE_WORDS = {
    "model": "your personal model",
    "beta_binomial": "your history so far (too little data for a model yet)",
    "base_rate": "this habit's overall rate",
    "rolling_7": "the last 7 days",
    "same_as_yesterday": "what you did yesterday",
    "weekday_rate": "this weekday's rate",
    "strength": "the habit's strength",
}
_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()
_models: dict[int, tuple[float, UserModel | None]] = {}
_models_lock = threading.Lock()


def models_dir(app: Flask | None = None) -> Path:
    """HABITORY_MODELS_DIR / MODELS_DIR, or instance/models."""
    app = app or current_app
    folder = Path(app.config.get("MODELS_DIR") or Path(app.instance_path) / "models")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def load_histories(user: User):
    """The user's active habits as histories, and their local today."""
    habits = habits_of(user.id)
    entries = entries_for([h.id for h in habits])
    return {h.id: history_of(h, entries.get(h.id, {})) for h in habits}, user_today(user)


def cached_model(user_id: int) -> UserModel | None:
    """The user's verified model, loaded once per file version in this process."""
    path = model_path(models_dir(), user_id)
    try:
        mtime = path.stat().st_mtime
    except FileNotFoundError:
        return None
    with _models_lock:
        hit = _models.get(user_id)
        if hit and hit[0] == mtime:
            return hit[1]
    model = load_model(models_dir(), user_id, current_app.secret_key)
    with _models_lock:
        _models[user_id] = (mtime, model)
    return model


def train(user_id: int) -> dict | None:
    """Train now (the CLI, or the worker); None when another process is training this user."""
    lease = f"train:user:{user_id}"
    if not leases.acquire(lease, TRAIN_LEASE_SECONDS):
        return None
    try:
        user = db.session.get(User, user_id)
        if user is None:
            return None
        histories, today = load_histories(user)
        meta = train_user(histories, today, current_app.secret_key, models_dir(), user_id)
        user.model_trained_at = utcnow()
        user.completions_since_training = 0
        user.predictions_stale = True
        db.session.commit()
        refresh(user_id)
        return meta
    finally:
        leases.release(lease)


def refresh(user_id: int) -> list:
    """Recompute and store the predictions for the user's tomorrow."""
    user = db.session.get(User, user_id)
    if user is None:
        return []
    histories, today = load_histories(user)
    model = cached_model(user_id)
    if model is None and model_path(models_dir(), user_id).exists():
        # Corrupt, tampered, foreign or from another scikit-learn (or SECRET_KEY rotated): the
        # scheduler's next tick retrains users without a training date.
        user.model_trained_at = None
    predictions = predict_next_day(model, histories, today)
    tomorrow = today + timedelta(days=1)
    db.session.execute(sa.delete(Prediction).where(Prediction.user_id == user_id))
    if predictions:
        db.session.execute(sa.insert(Prediction), [
            {"habit_id": p.habit_id, "user_id": user_id, "for_day": tomorrow,
             "probability": p.probability, "source": p.source,
             "reasons": "\n".join(p.reasons)[:400], "at_risk": p.at_risk,
             "computed_at": utcnow()}
            for p in predictions if p.due
        ])
    user.predictions_stale = False
    db.session.commit()
    return predictions


def stored(user_id: int, tomorrow: date) -> dict[int, Prediction]:
    """The stored predictions for the user's tomorrow, by habit id (one query)."""
    params = {"user_id": user_id, "for_day": tomorrow}
    return {p.habit_id: p for p in db.session.scalars(_stored_query(), params)}


@lru_cache(maxsize=1)
def _stored_query() -> sa.Select:
    return sa.select(Prediction).where(Prediction.user_id == sa.bindparam("user_id"),
                                       Prediction.for_day == sa.bindparam("for_day"))


def forget(user_id: int) -> None:
    """Delete the user's model file (account deletion)."""
    delete_model(models_dir(), user_id)
    with _models_lock:
        _models.pop(user_id, None)


# --- the background side ------------------------------------------------------------------

def _pool() -> ThreadPoolExecutor:
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="habitory-ml")
        return _executor


def _run(app: Flask, job: str, user_id: int) -> None:
    with app.app_context():
        try:
            if job == "train" and app.config.get("ML_TRAIN_PROCESS"):
                train_in_child(app, user_id)
            elif job == "train":
                train(user_id)
            else:
                refresh(user_id)
        except Exception:  # a failed job must not take the worker down
            db.session.rollback()
            log.exception("%s for user %s failed", job, user_id)
        finally:
            db.session.remove()


def train_in_child(app: Flask, user_id: int) -> bool:
    """Train in `python -m habitory.ai.trainer`, at a lower CPU priority, and wait for it.

    A training is CPU-bound Python and NumPy for up to a second; in a thread of the serving
    process it would hold the GIL against that worker's requests (a toggle went from 3 ms to
    10 ms over HTTP). The child reads the same database and models folder; it takes the user's
    lease itself, so trainings stay one per user across every worker.
    """
    env = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": app.secret_key,  # same user, same machine: the child must sign alike
        "HABITORY_INSTANCE": app.instance_path,
        "HABITORY_MODELS_DIR": str(models_dir(app)),
    }
    command = [sys.executable, "-m", "habitory.ai.trainer", str(user_id), "--background"]
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True,
                              timeout=TRAIN_LEASE_SECONDS)
    except (OSError, subprocess.TimeoutExpired) as error:
        log.error("training user %s in a child process failed: %s", user_id, error)
        return False
    if done.returncode == LEASE_HELD:
        return False  # another worker is training this user right now
    if done.returncode != 0:
        log.error("training user %s exited with %s: %s", user_id, done.returncode,
                  done.stderr[-2000:])
        return False
    return True


def submit(job: str, user_id: int) -> Future | None:
    """Queue a training or a refresh for the worker thread (never on the request itself)."""
    app = current_app._get_current_object()
    if not app.config.get("ML_BACKGROUND", True):
        return None
    return _pool().submit(_run, app, job, user_id)


def after_change(user_id: int, became_done: bool) -> Future | None:
    """Called after a check-in changes, inside its transaction: count a completion, mark the
    predictions stale, commit; queue a training after every 20th completion.

    Predictions are only marked stale here: the scheduler's next tick (within 30 s) refreshes
    them, so a burst of ticks costs one refresh, not one per click.
    """
    # Always written, even when already stale: a refresh running meanwhile must not clear it.
    values = {"predictions_stale": True}
    if became_done:
        values["completions_since_training"] = User.completions_since_training + 1
    count = db.session.scalar(
        sa.update(User).where(User.id == user_id).values(**values)
        .returning(User.completions_since_training)
    )
    db.session.commit()
    # Every 20th: a burst of ticks while a training runs must not queue one per tick.
    if count and count % RETRAIN_COMPLETIONS == 0:
        return submit("train", user_id)
    return None


def due_work(limit: int = 20) -> list[tuple[str, int]]:
    """For the scheduler: models older than a week (or none yet), and stale predictions."""
    week_ago = utcnow() - timedelta(days=RETRAIN_DAYS)
    old = db.session.scalars(
        sa.select(User.id).where(sa.or_(User.model_trained_at.is_(None),
                                        User.model_trained_at < week_ago)).limit(limit)
    ).all()
    stale = db.session.scalars(
        sa.select(User.id).where(User.predictions_stale.is_(True)).limit(limit)
    ).all()
    return [("train", uid) for uid in old] + [("refresh", uid) for uid in stale
                                               if uid not in set(old)]


def scheduler_hook() -> None:
    """Run inside the scheduler tick: queue the due trainings and refreshes."""
    for job, user_id in due_work():
        submit(job, user_id)


def trainer_entry_point(argv: list[str]) -> int:
    """`python -m habitory.ai.trainer <user_id> [--json]`: train one user's model now, with the
    app's configuration (DATABASE_URL, SECRET_KEY, HABITORY_INSTANCE) like the flask commands."""
    import argparse
    import json

    from . import create_app

    parser = argparse.ArgumentParser(prog="python -m habitory.ai.trainer",
                                     description="Train one user's habit model now.")
    parser.add_argument("user_id", type=int)
    parser.add_argument("--json", action="store_true", help="print the full metadata")
    parser.add_argument("--background", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.background:  # started by a serving process: its requests come first
        os.nice(10)
    app = create_app({"SCHEDULER_ENABLED": False, "ML_BACKGROUND": False})
    with app.app_context():
        if db.session.get(User, args.user_id) is None:
            print(f"trainer: no user with id {args.user_id}", file=sys.stderr)
            return 2
        meta = train(args.user_id)
        if meta is None:
            print(f"trainer: user {args.user_id} is being trained by another process",
                  file=sys.stderr)
            return LEASE_HELD
    if args.json:
        print(json.dumps(meta, indent=2))
    else:
        print(f"user {args.user_id}: {meta['rows']} rows, serving {meta['served']}, "
              f"{meta['seconds']} s, saved in {model_path(models_dir(app), args.user_id)}")
    return 0

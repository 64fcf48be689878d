"""Computing predictions: train a user's model and refresh their stored predictions.

This is the only module of the app that imports scikit-learn (through habitory.ml): it runs
in the trainer's child process (habitory/jobs/trainer.py), in the CLI's train/predict/evaluate
commands, or in a worker thread when ML_TRAIN_PROCESS is off. Web workers only read the stored
predictions (domain/predictions.py), so they never load it.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from habitory.domain import history
from habitory.domain.predictions import due_work, models_dir
from habitory.extensions import db
from habitory.jobs import leases
from habitory.ml.model import UserModel, predict_next_day
from habitory.ml.paths import model_path
from habitory.ml.storage import load_model
from habitory.ml.training import train_user
from habitory.models import Prediction, User, utcnow

log = logging.getLogger(__name__)
TRAIN_LEASE_SECONDS = 600
_models: dict[int, tuple[float, UserModel | None]] = {}
_models_lock = threading.Lock()


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
        histories, today = history.of_user(user)
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
    histories, today = history.of_user(user)
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
             "today_probability": p.today, "computed_at": utcnow()}
            for p in predictions if p.due
        ])
    user.predictions_stale = False
    db.session.commit()
    return predictions


def run(job: str, user_id: int) -> None:
    """One job in this process: "train" or "refresh" a user."""
    if job == "train":
        train(user_id)
    else:
        refresh(user_id)


def run_due() -> int:
    """Every due training and refresh (domain.predictions.due_work), one user after another;
    a user whose job fails is logged and skipped. Returns how many ran."""
    done = 0
    for job, user_id in due_work():
        try:
            run(job, user_id)
            done += 1
        except Exception:  # one user's bad data must not stop everyone's predictions
            db.session.rollback()
            log.exception("%s for user %s failed", job, user_id)
            if job == "train":  # don't pick the same user first again on every tick
                db.session.execute(sa.update(User).where(User.id == user_id)
                                   .values(model_trained_at=utcnow()))
            db.session.execute(sa.update(User).where(User.id == user_id)
                               .values(predictions_stale=False))
            db.session.commit()
    return done

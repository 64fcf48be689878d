"""Computing predictions: train a user's model and refresh their stored predictions.

This is the only module of the app that imports scikit-learn (through habitory.ml): it runs
in a queue worker (`flask --app habitory worker`), in the trainer child process the embedded
worker starts (habitory/jobs/trainer.py), and in the CLI's train/predict/evaluate commands. Web
workers only read the stored predictions (domain/predictions.py), so they never load it.

Every job here may run twice (the queue delivers at least once): a training replaces the model
whole (domain/model_store.py), a refresh replaces the user's predictions in one transaction.
"""

from __future__ import annotations

import logging
import threading
from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app

from habitory.domain import history, logging_hours, model_store, rules_run
from habitory.domain.predictions import due_work
from habitory.extensions import db
from habitory.ml.model import AT_RISK, UserModel, predict_next_day
from habitory.ml.quit_words import in_quit_words
from habitory.ml.storage import decode_model, encode_model
from habitory.ml.training import fit_user
from habitory.models import Prediction, User, utcnow
from habitory.rules.risk import needed_tomorrow
from habitory.stats.phrases import Msg
from habitory.stats.schedule import HabitHistory

log = logging.getLogger(__name__)
_models: dict[int, tuple[tuple, UserModel | None]] = {}
_models_lock = threading.Lock()


def cached_model(user_id: int) -> UserModel | None:
    """The user's verified model, loaded once per stored version in this process."""
    version = model_store.version(user_id)
    if version is None:
        return None
    with _models_lock:
        hit = _models.get(user_id)
        if hit and hit[0] == version:
            return hit[1]
    data = model_store.read(user_id)
    model = None if data is None else decode_model(data, user_id, current_app.secret_key)
    with _models_lock:
        _models[user_id] = (version, model)
    return model


def train(user_id: int) -> dict | None:
    """Train now and store the model; None when the user no longer exists."""
    user = db.session.get(User, user_id)
    if user is None:
        return None
    counted = user.completions_since_training
    histories, today = history.of_user(user)
    log.info("training user %s started", user_id)
    model = fit_user(histories, today)
    model_store.write(user_id, encode_model(user_id, model, current_app.secret_key))
    # Completions made while it trained still count towards the next training.
    db.session.execute(sa.update(User).where(User.id == user_id).values(
        model_trained_at=utcnow(), predictions_stale=True,
        completions_since_training=sa.case(
            (User.completions_since_training > counted,
             User.completions_since_training - counted), else_=0)))
    db.session.commit()
    log.info("training user %s done: serving %s", user_id, model.served)
    refresh(user_id)
    return {**model.meta, "user_id": int(user_id)}


def refresh(user_id: int) -> list:
    """Recompute and store the predictions for the user's tomorrow."""
    user = db.session.get(User, user_id)
    if user is None:
        return []
    histories, today = history.of_user(user)
    model = cached_model(user_id)
    if model is None and user.model_trained_at is not None:
        # Trained, but the store has no usable model: corrupt, tampered, another user's, from
        # another scikit-learn, SECRET_KEY rotated, or the store was switched. Serve the
        # baseline now; the next sweep retrains users without a training date.
        user.model_trained_at = None
    predictions = predict_next_day(model, histories, today, *logging_hours.shares(user))
    tomorrow = today + timedelta(days=1)
    db.session.execute(sa.delete(Prediction).where(Prediction.user_id == user_id))
    rows = [
        {"habit_id": p.habit_id, "user_id": user_id, "for_day": tomorrow,
         "probability": p.probability, "source": p.source,
         "reasons": stored_reasons(in_quit_words(p.reasons)
                                   if histories[p.habit_id].kind == "quit" else p.reasons),
         **risk_columns(p, histories[p.habit_id], today),
         "today_probability": p.today, "computed_at": utcnow()}
        for p in predictions if p.due
    ]
    # An empty list would be one INSERT of no values (a row of NULLs, refused): when none of
    # the habits is due tomorrow there is simply nothing to store.
    if rows:
        db.session.execute(sa.insert(Prediction), rows)
    user.predictions_stale = False
    db.session.commit()
    try:  # a heads-up that fails must not cost the user their predictions
        rules_run.run_at_risk(user_id)
    except Exception:
        db.session.rollback()
        log.exception("at-risk heads-ups for user %s failed", user_id)
    return predictions


def run(job: str, user_id: int) -> None:
    """One job in this process: "train" or "refresh" a user."""
    if job == "train":
        train(user_id)
    else:
        refresh(user_id)


def run_safely(job: str, user_id: int) -> bool:
    """run(), but a user whose job fails is logged and set aside until new data arrives."""
    try:
        run(job, user_id)
        return True
    except Exception:  # one user's bad data must not stop everyone's predictions
        db.session.rollback()
        log.exception("%s for user %s failed", job, user_id)
        values = {"predictions_stale": False}
        if job == "train":  # don't pick the same user again on every sweep
            values.update(model_trained_at=utcnow(), completions_since_training=0)
        db.session.execute(sa.update(User).where(User.id == user_id).values(**values))
        db.session.commit()
        return False


def run_due() -> int:
    """Every due training and refresh (domain.predictions.due_work), one user after another.
    Returns how many ran."""
    return sum(run_safely(job, user_id) for job, user_id in due_work())


def risk_columns(p, history: HabitHistory, today: date) -> dict:
    """at_risk, if_done and if_not_done as stored: "at risk" only on a day the schedule asks
    for (rules.risk.needed_tomorrow), as the rules' heads-up card decides it.

    A low chance for one day of a 3x/week habit is no risk (see rules/risk.py). The pages
    label a chance under AT_RISK "at risk" when today's tick picks one of the two outcomes'
    chances (domain.predictions.served): an outcome whose chance is low on a tomorrow it
    would not make needed is left out, so the stored verdict is shown until the refresh.
    """
    at_risk, if_done, if_not_done = p.at_risk, p.if_done, p.if_not_done
    if at_risk:
        at_risk = needed_tomorrow(history, today)
    if if_done is not None and if_done < AT_RISK and not needed_tomorrow(history, today, "done"):
        if_done = None
    if (if_not_done is not None and if_not_done < AT_RISK
            and not needed_tomorrow(history, today, "not_done")):
        if_not_done = None
    return {"at_risk": at_risk, "if_done": if_done, "if_not_done": if_not_done}


def stored_reasons(reasons: list) -> str:
    """The reasons one a line, as data (Msg JSON) so that they read in the reader's language;
    as English text when the data would not fit the column (400 characters)."""
    data = "\n".join(r.to_json() if isinstance(r, Msg) else str(r) for r in reasons)
    return data if len(data) <= 400 else "\n".join(map(str, reasons))[:400]

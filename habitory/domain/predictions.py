"""Predictions for tomorrow as the app keeps them: read from a table, marked stale on change.

Computing them needs scikit-learn, which stays out of the processes that serve pages: this
module only reads what habitory/jobs/forecast.py stored, counts completions and says when a
retraining is due (domain.events.training_due). The policy: retrain after every
RETRAIN_COMPLETIONS completions, and when the model is older than RETRAIN_DAYS.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import sqlalchemy as sa

from habitory import clock
from habitory.domain import events, model_store
from habitory.domain.habit_queries import habits_of
from habitory.domain.model_store import models_dir  # noqa: F401  (its older home)
from habitory.extensions import db
from habitory.ml.today_settled import settle
from habitory.models import CheckIn, Habit, Prediction, User, utcnow

RETRAIN_COMPLETIONS = 20  # new completions since the last training that call for a new model
RETRAIN_DAYS = 7  # a model older than this is retrained
# Stored chances are refreshed when this old: tomorrow's chance depends on how much of today is
# left (ml.model.still_done), and a new day needs a new tomorrow.
PREDICTIONS_MAX_AGE = timedelta(hours=2)
AT_RISK = 0.4  # ml.model.AT_RISK (not imported from there: it loads scikit-learn)


@dataclass(frozen=True)
class Chance:
    """Tomorrow's chance for a habit as the pages show it: the stored prediction, or its
    chance for how today has gone since (see served)."""

    habit_id: int
    probability: float
    source: str
    reasons: str
    at_risk: bool
    today_probability: float | None


def served(prediction: Prediction, state_today: str | None,
           logged_today: bool | None = None) -> Chance:
    """The prediction as it stands now that today's check-in is `state_today` (None: no
    check-in) and the user has `logged_today` anything (by default: this check-in).

    One computed while today was open keeps the chance for each of today's two outcomes
    (forecast.refresh), so a tick is answered with its own number at once rather than with
    the chance from before it until the background refresh recomputes it. Its reasons follow:
    the clause on today's two outcomes says the one it became (or goes, when today settled
    some other way), and the break from logging ends today (ml/today_settled.py). Every door
    reads the chance through here, so they all say the same."""
    if logged_today is None:
        logged_today = state_today is not None
    chance = {"done": prediction.if_done, "not_done": prediction.if_not_done}.get(
        state_today or "")
    reasons = settle(prediction.reasons, state_today, chance is not None, logged_today)
    if chance is None:
        return Chance(prediction.habit_id, prediction.probability, prediction.source,
                      reasons, prediction.at_risk, prediction.today_probability)
    return Chance(prediction.habit_id, chance, prediction.source, reasons,
                  chance < AT_RISK, None)  # today is settled: no reminder weighs it


def stored(user_id: int, tomorrow: date) -> dict[int, Chance]:
    """The stored predictions for the user's tomorrow as they stand with today's check-ins,
    by habit id (one query)."""
    params = {"user_id": user_id, "for_day": tomorrow, "today": tomorrow - timedelta(days=1)}
    return {p.habit_id: served(p, state, bool(logged))
            for p, state, logged in db.session.execute(_stored_query(), params)}


@lru_cache(maxsize=1)
def _stored_query() -> sa.Select:
    # Anything logged today on an active habit, as the model counts a break from logging.
    logged = (sa.select(CheckIn.id).join(Habit, Habit.id == CheckIn.habit_id)
              .where(Habit.user_id == sa.bindparam("user_id"), Habit.archived.is_(False),
                     CheckIn.day == sa.bindparam("today")).exists())
    return (
        sa.select(Prediction, CheckIn.state, logged)
        .outerjoin(CheckIn, sa.and_(CheckIn.habit_id == Prediction.habit_id,
                                    CheckIn.day == sa.bindparam("today")))
        .where(Prediction.user_id == sa.bindparam("user_id"),
               Prediction.for_day == sa.bindparam("for_day"))
    )


@dataclass(frozen=True)
class Tomorrow:
    """One active habit and tomorrow's chance for it: None when tomorrow is not a due day
    (its weekday, or a quota already met), or nothing is computed yet."""

    habit_id: int
    name: str
    chance: Chance | None


def tomorrow_of(user_id: int, today: date) -> list[Tomorrow]:
    """The user's active habits in their order, each with tomorrow's chance as served: the one
    rule of every door that lists them (the API, `flask predict`, Insights)."""
    chances = stored(user_id, today + timedelta(days=1))
    return [Tomorrow(h.id, h.name, chances.get(h.id)) for h in habits_of(user_id)]


def listed(user_id: int, today: date) -> list[dict]:
    """Tomorrow's chance for each active habit due tomorrow, as the API and `flask predict
    --json` print it. A habit not due tomorrow is left out: a chance of doing it on a day it
    is not asked for would read as tomorrow's chance."""
    return [{"habit_id": t.habit_id, "habit": t.name, "probability": t.chance.probability,
             "source": t.chance.source} for t in tomorrow_of(user_id, today) if t.chance]


def mark_stale(user_id: int) -> None:
    """A habit came onto the user's list (made, brought back, imported without history): the
    stored chances do not name it, so they are stale until the sweep (every minute) refreshes
    them. The caller commits."""
    db.session.execute(sa.update(User).where(User.id == user_id)
                       .values(predictions_stale=True))


def after_change(user_id: int, became_done: bool) -> bool:
    """Called after a check-in changes, inside its transaction: count a completion, mark the
    predictions stale, commit. True (and training_due sent) after every 20th completion.

    Predictions are only marked stale here: the next periodic sweep refreshes them, so a
    burst of ticks costs one refresh, not one per click.
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
    due = bool(became_done and count and count % RETRAIN_COMPLETIONS == 0)
    if due:
        events.training_due.send(user_id)
    return due


def after_import(user_id: int, completions: int) -> None:
    """Called by an import that added check-ins, inside its transaction: mark the predictions
    stale and a training due, commit, and send training_due (the queue trains, then refreshes).

    Due whatever the count: a few imported days may be older than everything the model saw,
    and the sweep (due_work) must find the account if the queue lost the job. The imported
    completions still count, so a large import is not forgotten by a training already running
    (forecast.train subtracts what it counted).
    """
    total = User.completions_since_training + completions
    db.session.execute(sa.update(User).where(User.id == user_id).values(
        predictions_stale=True,
        completions_since_training=sa.case((total < RETRAIN_COMPLETIONS, RETRAIN_COMPLETIONS),
                                           else_=total)))
    db.session.commit()
    events.training_due.send(user_id)


def due_work(limit: int = 20) -> list[tuple[str, int]]:
    """For the periodic sweep: models older than a week (or none yet, or unreadable), users
    with RETRAIN_COMPLETIONS completions since their last training (a training that was
    queued and lost, or killed, runs again), and stale predictions (marked so by a change, or
    older than PREDICTIONS_MAX_AGE)."""
    week_ago = utcnow() - timedelta(days=RETRAIN_DAYS)
    old = db.session.scalars(
        sa.select(User.id).where(sa.or_(User.model_trained_at.is_(None),
                                        User.model_trained_at < week_ago,
                                        User.completions_since_training
                                        >= RETRAIN_COMPLETIONS)).limit(limit)
    ).all()
    aged = sa.select(Prediction.user_id).where(
        Prediction.computed_at < utcnow() - PREDICTIONS_MAX_AGE)
    stale = db.session.scalars(
        sa.select(User.id).where(sa.or_(User.predictions_stale.is_(True), User.id.in_(aged)))
        .order_by(User.predictions_stale.desc(), User.id).limit(limit)
    ).all()
    stale = [*stale, *(uid for uid in _day_turned(limit) if uid not in stale)][:limit]
    return [("train", uid) for uid in old] + [("refresh", uid) for uid in stale
                                               if uid not in set(old)]


def _day_turned(limit: int) -> list[int]:
    """Users whose day turned since their chances were computed: what was "tomorrow" is
    today, and Insights, Today and the risk-aware reminders would wait up to
    PREDICTIONS_MAX_AGE for tomorrow's. Only chances for a day no later than UTC's tomorrow
    can be behind (no zone is more than a day ahead of UTC's date)."""
    now = clock.now_utc()
    latest = db.session.execute(
        sa.select(User.id, User.timezone, User.day_start_hour,
                  sa.func.max(Prediction.for_day))
        .join(Prediction, Prediction.user_id == User.id)
        .where(Prediction.for_day <= now.date() + timedelta(days=1))
        .group_by(User.id, User.timezone, User.day_start_hour)
    ).all()
    return [uid for uid, zone, start, for_day in latest
            if for_day <= clock.local_today(zone, start or 0, now)][:limit]


def forget(user_id: int) -> None:
    """Delete the user's model, wherever it is kept (account deletion)."""
    model_store.delete(user_id)

"""A habit the forecast gives a low chance for tomorrow gets its heads-up card, once, through
the jobs as they run in production: predictions refreshed every two hours, the daily rules
once when the user's day turns."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from habitory import clock
from habitory.domain import rules_run
from habitory.extensions import db
from habitory.jobs import forecast
from habitory.ml import model as ml_model
from habitory.models import Habit, Notification, User

from .conftest import TODAY


@pytest.fixture
def low_chance(monkeypatch):
    """Every habit's chance is 20 %, whatever the model says."""
    real = ml_model.predict_next_day

    def predict(*args, **kwargs):
        return [p.__class__(**{**p.__dict__, "probability": 0.2}) if hasattr(p, "__dict__")
                else p for p in real(*args, **kwargs)]

    monkeypatch.setattr(forecast, "predict_next_day", predict)


def _at(day, hour, minute=0):
    return datetime(day.year, day.month, day.day, hour, minute, 30, tzinfo=UTC)


def _move_clock(monkeypatch, moment):
    monkeypatch.setattr(clock, "now_utc", lambda: moment)
    monkeypatch.setattr(rules_run, "now_utc", lambda: moment)


def _heads_ups(user_id):
    return db.session.scalars(sa.select(Notification.dedup_key).where(
        Notification.user_id == user_id, Notification.kind == "at_risk")).all()


def test_a_day_of_jobs_raises_the_heads_up_for_tomorrow_once(app, make_habit, monkeypatch,
                                                              low_chance):
    user = User(email="risk@example.com", password_hash="x", timezone="UTC")
    db.session.add(user)
    db.session.commit()
    habit = make_habit(user, "Run", created=TODAY - timedelta(days=60),
                       done=[TODAY - timedelta(days=d) for d in range(1, 60) if d % 2])
    # The evening before: predictions for TODAY were stored, the rules ran for the day before.
    _move_clock(monkeypatch, _at(TODAY - timedelta(days=1), 22))
    forecast.refresh(user.id)
    rules_run.run_rules([user])
    # The day turns: the daily rules run at once, then the predictions every two hours.
    for hour in (0, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22):
        _move_clock(monkeypatch, _at(TODAY, hour, 1))
        rules_run.run_rules_for_everyone()
        forecast.refresh(user.id)
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    assert _heads_ups(user.id).count(f"at_risk:{habit.id}:{tomorrow}") == 1


def test_no_heads_up_when_suggestions_are_off_or_the_habit_is_archived(app, make_habit,
                                                                      monkeypatch, low_chance):
    quiet = User(email="quiet@example.com", password_hash="x", timezone="UTC",
                 notify_suggestions=False)
    shelf = User(email="shelf@example.com", password_hash="x", timezone="UTC")
    db.session.add_all([quiet, shelf])
    db.session.commit()
    days = [TODAY - timedelta(days=d) for d in range(1, 60) if d % 2]
    make_habit(quiet, "Run", created=TODAY - timedelta(days=60), done=days)
    make_habit(shelf, "Run", created=TODAY - timedelta(days=60), done=days, archived=True)
    make_habit(shelf, "Read", created=TODAY - timedelta(days=60), done=days)
    _move_clock(monkeypatch, _at(TODAY, 12))
    for user in (quiet, shelf):
        forecast.refresh(user.id)
    assert _heads_ups(quiet.id) == []
    read = db.session.scalar(sa.select(Notification.habit_id).where(
        Notification.user_id == shelf.id, Notification.kind == "at_risk"))
    assert read is not None and db.session.get(Habit, read).name == "Read"

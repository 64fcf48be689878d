"""One user's bad data never stops another user's background work: in the same minute's periodic job
a bystander still gets their rules notifications, reminders and refreshed predictions."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
import sqlalchemy as sa

from habitory import clock
from habitory.domain import rules_run
from habitory.extensions import db
from habitory.jobs import forecast, queue
from habitory.models import CheckIn, Habit, Notification, Prediction, Reminder, User, utcnow

NOW = datetime(2026, 11, 25, 7, 0, 30, tzinfo=UTC)  # a reminder set for 07:00 is due
TODAY = NOW.date()


def _user(email: str) -> User:
    user = User(email=email, timezone="UTC", password_hash="x",
                model_trained_at=utcnow())  # only a refresh of the predictions is due
    db.session.add(user)
    db.session.flush()
    read = _habit(user, "Read")
    # Done every day until three days ago: the rules say "missed".
    db.session.execute(sa.insert(CheckIn), [
        {"habit_id": read.id, "day": TODAY - timedelta(days=d), "state": "done"}
        for d in range(3, 50)])
    walk = _habit(user, "Walk")
    db.session.add(Reminder(habit_id=walk.id, at=time(7, 0)))
    return user


def _habit(user: User, name: str, **columns) -> Habit:
    habit = Habit(user_id=user.id, position=1, created_on=TODAY - timedelta(days=60), **columns)
    habit.rename(name)
    db.session.add(habit)
    db.session.flush()
    return habit


def _poison(user: User, how: str) -> None:
    if how == "huge amount":  # an import before the limits; was an OverflowError everywhere
        water = _habit(user, "Water", kind="measurable", target=8.0)
        db.session.add(CheckIn(habit_id=water.id, day=TODAY - timedelta(days=1),
                               state="done", amount=1e306))
        db.session.add(Reminder(habit_id=water.id, at=time(7, 0)))
    elif how == "impossible schedule":  # 5 times in 1 day: its history cannot be built
        broken = _habit(user, "Broken", freq_num=5, freq_den=1)
        db.session.add(Reminder(habit_id=broken.id, at=time(7, 0)))
    elif how == "unknown kind":
        broken = _habit(user, "Broken", kind="telepathic")
        db.session.add(Reminder(habit_id=broken.id, at=time(7, 0)))
    elif how == "impossible day start":  # its local day cannot be computed
        user.day_start_hour = 10**9


@pytest.mark.parametrize("how", ["huge amount", "impossible schedule", "unknown kind",
                                 "impossible day start", "failing code"])
def test_a_poisoned_account_does_not_stop_the_bystanders_tick(app, monkeypatch, how):
    monkeypatch.setattr(clock, "now_utc", lambda: NOW)
    monkeypatch.setattr(rules_run, "now_utc", lambda: NOW)
    assert not app.config["ML_TRAIN_PROCESS"]  # the queued refreshes run in this process
    poisoned = _user("poisoned@example.com")  # first: its failure comes before the bystander
    bystander = _user("bystander@example.com")
    _poison(poisoned, how)
    db.session.commit()
    if how == "failing code":  # anything at all raising for one user, at every step
        def failing(real, user_of):
            def wrapper(*args, **kwargs):
                if user_of(*args, **kwargs) == poisoned.id:
                    raise RuntimeError("poisoned")
                return real(*args, **kwargs)
            return wrapper

        monkeypatch.setattr(rules_run, "insert_new",
                            failing(rules_run.insert_new, lambda user_id, items: user_id))
        monkeypatch.setattr(forecast, "refresh",
                            failing(forecast.refresh, lambda user_id: user_id))
    bystander_id = bystander.id

    queue.of(app).tasks["minutely"].call_local()  # the periodic job, as a consumer runs it
    queue.drain(app)  # the refreshes its sweep queued

    db.session.expire_all()
    kinds = set(db.session.scalars(
        sa.select(Notification.kind).where(Notification.user_id == bystander_id)))
    assert "missed" in kinds and "reminder" in kinds
    titles = set(db.session.scalars(
        sa.select(Notification.title).where(Notification.user_id == bystander_id,
                                            Notification.kind == "reminder")))
    assert titles == {"Time for Walk"}
    chances = db.session.scalars(
        sa.select(Prediction).where(Prediction.user_id == bystander_id)).all()
    assert chances and {p.for_day for p in chances} == {date(2026, 11, 26)}
    assert db.session.get(User, bystander_id).predictions_stale is False

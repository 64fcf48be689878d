"""The queue on Redis: a user's job touches that user alone, a job that raises leaves the
others running, two consumers share the work without doubling it."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa

from habitory.domain import model_store, rules_run
from habitory.extensions import db
from habitory.jobs import forecast, queue
from habitory.models import Notification, Prediction, Reminder, User

from .conftest import TODAY


def _account(email):
    user = User(email=email, password_hash="x", timezone="UTC")
    db.session.add(user)
    db.session.commit()
    return user


def _history(make_habit, user):
    days = [TODAY - timedelta(days=d) for d in range(1, 90) if d % 3]
    make_habit(user, "Read", created=TODAY - timedelta(days=90), done=days)


def _predictions(user_id):
    return db.session.execute(
        sa.select(Prediction.habit_id, Prediction.probability, Prediction.computed_at)
        .where(Prediction.user_id == user_id).order_by(Prediction.habit_id)).all()


def test_a_training_on_redis_touches_its_own_user_alone(make_app, make_habit, redis_queue):
    web, worker = make_app(QUEUE_URL=redis_queue), make_app(QUEUE_URL=redis_queue)
    with web.app_context():
        mine, theirs = _account("mine@example.com"), _account("theirs@example.com")
        _history(make_habit, mine)
        _history(make_habit, theirs)
        forecast.train(theirs.id)
        their_model = model_store.read(theirs.id)
        their_predictions = _predictions(theirs.id)
        assert queue.enqueue_once("train", mine.id, web)
        assert not queue.enqueue_once("train", mine.id, web)  # asked twice, queued once
    with worker.app_context():
        assert queue.drain(worker) == 1
        assert queue.drain(worker) == 0
        db.session.expire_all()
        assert db.session.get(User, mine.id).model_trained_at is not None
        assert _predictions(mine.id)
        assert model_store.read(theirs.id) == their_model
        assert _predictions(theirs.id) == their_predictions


def test_a_job_that_raises_is_logged_and_the_next_one_runs(make_app, make_habit, redis_queue,
                                                          monkeypatch, caplog):
    app = make_app(QUEUE_URL=redis_queue)
    with app.app_context():
        broken, fine = _account("broken@example.com"), _account("fine@example.com")
        _history(make_habit, fine)
        real = forecast.refresh

        def refresh(user_id):
            if user_id == broken.id:
                raise RuntimeError("bad data")
            return real(user_id)

        monkeypatch.setattr(forecast, "refresh", refresh)
        queue.enqueue_once("refresh", broken.id, app)
        queue.enqueue_once("refresh", fine.id, app)
        with caplog.at_level("ERROR"):
            assert queue.drain(app) == 2
        assert f"refresh for user {broken.id} failed" in caplog.text
        assert _predictions(fine.id)
        db.session.expire_all()
        assert db.session.get(User, broken.id).predictions_stale is False  # set aside
        # and queued again only when asked again (its marker was cleared when it started)
        assert queue.enqueue_once("refresh", broken.id, app)


def test_two_consumers_on_redis_send_a_reminder_once(make_app, make_habit, redis_queue,
                                                    monkeypatch):
    first, second = make_app(QUEUE_URL=redis_queue), make_app(QUEUE_URL=redis_queue)
    with first.app_context():
        user = _account("r@example.com")
        habit = make_habit(user, "Read", created=TODAY - timedelta(days=30))
        db.session.add(Reminder(habit_id=habit.id, at=time(8, 0)))
        db.session.commit()
    moment = datetime(TODAY.year, TODAY.month, TODAY.day, 8, 0, 30, tzinfo=UTC)
    monkeypatch.setattr(queue, "clock", lambda: moment.timestamp())
    monkeypatch.setattr(rules_run, "now_utc", lambda: moment)
    for app in (first, second, first):  # each consumer enqueues its copy of the minute
        with app.app_context():
            queue.of(app).tasks["minutely"].call_local()
    later = moment + timedelta(seconds=60)
    monkeypatch.setattr(queue, "clock", lambda: later.timestamp())
    monkeypatch.setattr(rules_run, "now_utc", lambda: later)
    with second.app_context():
        queue.of(second).tasks["minutely"].call_local()  # next minute, window overlaps
        kinds = db.session.scalars(sa.select(Notification.kind)
                                   .where(Notification.user_id == user.id)).all()
    assert kinds.count("reminder") == 1

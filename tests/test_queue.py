"""The job queue: a user's job waits once, a lost or killed job is queued again by the sweep,
the embedded consumer runs jobs with nothing else started, and /healthz reports the queue."""

from __future__ import annotations

import gc
import os
import time

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.jobs import queue, tasks
from habitory.jobs.consumer import EMBEDDED
from habitory.models import User

REQUIRE_ALL = os.environ.get("HABITORY_REQUIRE_ALL_SUITES") == "1"


def _account(email="q@example.com", **columns) -> User:
    user = User(email=email, password_hash="x", timezone="UTC", **columns)
    db.session.add(user)
    db.session.commit()
    return user


def test_a_users_job_waits_once_however_often_it_is_asked_for(app):
    user = _account()
    assert queue.enqueue_once("train", user.id)
    assert not queue.enqueue_once("train", user.id)
    assert queue.enqueue_once("refresh", user.id)  # another kind of job is its own
    assert queue.waiting() == 2


def test_a_job_lost_before_it_started_is_queued_again_after_a_while(app, monkeypatch):
    user = _account()
    assert queue.enqueue_once("train", user.id)
    queue.of(app).huey.dequeue()  # taken off the queue, and the taker vanished
    assert not queue.enqueue_once("train", user.id)  # its marker still says "waiting"
    later = time.time() + queue.QUEUED_STALE_SECONDS + 1
    monkeypatch.setattr(queue, "clock", lambda: later)
    assert queue.enqueue_once("train", user.id)
    assert queue.waiting() == 1


def test_a_training_killed_after_it_started_is_queued_again_by_the_sweep(app):
    user = _account()  # never trained: due
    assert tasks.sweep(app) == 1
    task = queue.of(app).huey.dequeue()
    queue.mark_started(queue.of(app).huey, "train", user.id)  # the job began, then SIGKILL
    assert task is not None and queue.waiting() == 0
    assert tasks.sweep(app) == 1  # the database still says the training is due
    assert queue.drain(app) == 1
    db.session.expire_all()
    assert db.session.get(User, user.id).model_trained_at is not None
    assert tasks.sweep(app) == 0  # done: nothing more to queue


def test_twenty_completions_make_a_training_due_until_it_has_run(app):
    user = _account(completions_since_training=20)
    db.session.execute(sa.update(User).values(model_trained_at=sa.func.current_timestamp()))
    db.session.commit()
    assert tasks.sweep(app) == 1
    queue.drain(app)
    db.session.expire_all()
    assert db.session.get(User, user.id).completions_since_training == 0


@pytest.fixture
def garbage_collector_restored():
    """The app freezes the collector when it starts serving: undo it after the test."""
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_the_embedded_consumer_runs_jobs_with_no_other_process(make_app,
                                                               garbage_collector_restored):
    """`make run`'s default: no queue configured, the web process itself consumes."""
    served = make_app(TESTING=False, CHECK_MIGRATIONS=False, EMBEDDED_WORKER=True,
                      SCHEDULER_ENABLED=False)
    consumer = served.extensions[EMBEDDED]
    try:
        with served.app_context():
            user = _account(model_trained_at=None)
            queue.enqueue_once("train", user.id, served)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                db.session.expire_all()
                if db.session.get(User, user.id).model_trained_at is not None:
                    break
                time.sleep(0.2)
            # The consumer thread took the job and trained the user, in this process.
            assert db.session.get(User, user.id).model_trained_at is not None
    finally:
        consumer.stop(graceful=True)
        with served.app_context():
            db.session.remove()


def test_healthz_reports_the_redis_queue_and_its_waiting_jobs(make_app, redis_queue):
    app = make_app(QUEUE_URL=redis_queue)
    with app.app_context():
        user = _account()
        queue.enqueue_once("train", user.id, app)
        queue.enqueue_once("refresh", user.id, app)
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert {key: response.json[key] for key in ("status", "database", "queue", "jobs_waiting")} \
        == {"status": "ok", "database": "ok", "queue": "ok", "jobs_waiting": 2}


def test_healthz_is_503_when_the_configured_redis_is_down(make_app):
    app = make_app(QUEUE_URL="redis://127.0.0.1:1/5", QUEUE_HEALTH_TIMEOUT=2)
    started = time.perf_counter()
    response = app.test_client().get("/healthz")
    assert time.perf_counter() - started < 5
    assert response.status_code == 503
    assert response.json["queue"] == "unreachable" and response.json["database"] == "ok"
    # The operator is told where and why (it said "ConnectionError"), and every promised field
    # is there; a stranger gets the same states without the detail.
    detail = response.json["detail"]
    assert detail.startswith("queue (redis://127.0.0.1:1/5): ConnectionError: "), detail
    assert "refused" in detail.lower() or "connect" in detail.lower(), detail
    assert (response.json["jobs_waiting"], response.json["workers"]) == (None, "unknown")
    public = app.test_client().get("/healthz", headers={"X-Forwarded-For": "203.0.113.9"})
    assert public.status_code == 503 and "detail" not in public.json
    assert (public.json["queue"], public.json["jobs_waiting"], public.json["workers"]) == \
        ("unreachable", None, "unknown")


def test_healthz_detail_never_shows_the_queues_password(make_app):
    app = make_app(QUEUE_URL="redis://:s3cret-pw@127.0.0.1:1/5", QUEUE_HEALTH_TIMEOUT=2)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert "s3cret-pw" not in response.get_data(as_text=True)


def test_a_queue_url_that_is_not_redis_is_refused(make_app):
    with pytest.raises(ValueError, match="HABITORY_QUEUE_URL must be a redis://"):
        make_app(QUEUE_URL="amqp://127.0.0.1/")


def test_a_toggle_still_saves_when_redis_is_down(make_app, make_habit, caplog):
    """The 20th completion cannot queue its training: the check-in is kept, the page answers,
    and the database still says the training is due, for the sweep once Redis is back."""
    from datetime import timedelta

    from habitory.domain import days
    from habitory.domain.predictions import due_work
    from habitory.models import CheckIn

    from .conftest import TODAY

    app = make_app(QUEUE_URL="redis://127.0.0.1:1/5", ML_BACKGROUND=True)
    with app.app_context():
        user = _account(completions_since_training=19,
                        model_trained_at=sa.func.current_timestamp())
        habit = make_habit(user, "Read")
        with caplog.at_level("ERROR", logger="habitory.jobs.tasks"):
            days.set_day(habit, TODAY - timedelta(days=1), "done")
        assert "could not queue the training" in caplog.text
        assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) == 1
        assert ("train", user.id) in due_work()


@pytest.mark.parametrize("storage", ["sqlite", "redis"])
def test_the_minutes_reminders_pass_a_backlog_of_trainings(make_app, storage, request):
    """A reminder is due at its minute: the periodic job jumps ahead of waiting trainings."""
    config = {"QUEUE_URL": request.getfixturevalue("redis_queue")} if storage == "redis" else {}
    app = make_app(**config)
    with app.app_context():
        jobs = queue.of(app)
        for user_id in range(1, 6):
            jobs.tasks["train"](user_id)
        jobs.huey.enqueue(jobs.tasks["minutely"].s())
        assert jobs.huey.dequeue().name == "minutely"

"""The embedded consumer trains in a child process, so it never holds the web worker's GIL."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
import sqlalchemy as sa

from habitory.clock import user_today
from habitory.domain.predictions import models_dir
from habitory.extensions import db
from habitory.jobs import forecast, queue, trainer_process
from habitory.ml.paths import model_path
from habitory.models import Prediction, User


@pytest.fixture(autouse=True)
def model_files(app_config):
    """The files store on PostgreSQL too: these tests look at the model file."""
    app_config["MODEL_STORE"] = "files"


@pytest.fixture
def user_on_the_real_clock(client, auth, make_habit) -> User:
    """A user with 90 days of two habits, on the real clock (the child has no frozen one)."""
    auth.register()
    user = db.session.scalar(sa.select(User))
    start = user_today(user) - timedelta(days=90)
    for i, every in enumerate((1, 3)):
        make_habit(user, f"Habit {i}", start, [start + timedelta(days=d) for d in range(90)
                                               if d % every == 0 and d % 7 != 5])
    return user


def test_the_embedded_consumer_trains_in_a_child_process(app, user_on_the_real_clock,
                                                          monkeypatch):
    user = user_on_the_real_clock
    in_this_process = []
    monkeypatch.setattr(forecast, "run_safely", lambda *args: in_this_process.append(args))
    app.config.update(ML_TRAIN_PROCESS=True)  # what a web process's consumer runs with
    queue.of(app).tasks["train"](user.id)
    assert queue.drain(app) == 1
    assert in_this_process == []  # not in this process
    assert model_path(models_dir(), user.id).exists()
    db.session.expire_all()
    trained = db.session.get(User, user.id)
    assert trained.model_trained_at is not None and trained.completions_since_training == 0
    tomorrow = user_today(trained) + timedelta(days=1)
    stored = db.session.scalars(sa.select(Prediction)).all()
    assert len(stored) == 2 and {p.for_day for p in stored} == {tomorrow}
    assert all(0.02 <= p.probability <= 0.98 for p in stored)


def test_a_failing_child_is_logged_not_raised(app, user_on_the_real_clock, monkeypatch, caplog):
    user = user_on_the_real_clock
    monkeypatch.setitem(app.config, "SQLALCHEMY_DATABASE_URI", "sqlite:////nonexistent/x.db")
    with caplog.at_level(logging.ERROR, logger="habitory.jobs.trainer_process"):
        assert trainer_process.run(app, "train", user.id) is False
    assert f"train for user {user.id} exited with" in caplog.text
    assert not model_path(models_dir(), user.id).exists()


def test_the_embedded_sweep_runs_every_due_job_in_one_child(app, auth, make_habit,
                                                            user_on_the_real_clock):
    """One child process for all due work: its start-up is paid once, not once per user."""
    from habitory.jobs import tasks

    other = User(email="second@example.com", password_hash="x", timezone="UTC")
    db.session.add(other)
    db.session.commit()
    app.config.update(ML_TRAIN_PROCESS=True)
    assert tasks.sweep(app) == 1 and queue.waiting(app) == 1  # both users: one job
    assert tasks.sweep(app) == 0  # already waiting
    assert queue.drain(app) == 1
    db.session.expire_all()
    assert all(u.model_trained_at is not None for u in db.session.scalars(sa.select(User)))
    assert tasks.sweep(app) == 0  # nothing left due

"""Predictions wired into the app: commands, background training, the dashboard and Insights."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta
from datetime import time as dt_time

import pytest
import sqlalchemy as sa

from habitory.domain.predictions import due_work, models_dir
from habitory.extensions import db
from habitory.jobs import forecast, queue, tasks
from habitory.ml.paths import model_path
from habitory.models import CheckIn, Habit, Prediction, Reminder, User

from .conftest import PASSWORD, TODAY


@pytest.fixture(autouse=True)
def model_files(app_config):
    """These tests look at model files: the files store, on PostgreSQL too (its default is the
    database; tests/test_model_store.py covers that one)."""
    app_config["MODEL_STORE"] = "files"


@pytest.fixture
def history(user, make_habit):
    """Ada's Read (daily, missed each seventh day), Run (every third day) and Rarely (every
    ninth day), each with 120 days of history."""
    start = TODAY - timedelta(days=120)
    for name, every in (("Read", 1), ("Run", 3), ("Rarely", 9)):
        make_habit(user, name, start, [start + timedelta(days=d) for d in range(120)
                                       if d % every == 0 and (name != "Read" or d % 7 != 6)])


def test_train_and_predict_commands(runner, app, user, history):
    result = runner.invoke(args=["train", str(user.id)])
    assert result.exit_code == 0, result.output
    assert f"user {user.id}:" in result.output and "serving" in result.output
    assert model_path(models_dir(), user.id).exists()
    result = runner.invoke(args=["predict", "--email", "ada@example.com", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {r["habit"] for r in rows} == {"Read", "Run", "Rarely"}
    for row in rows:
        assert set(row) == {"habit_id", "habit", "probability", "source"}
        assert 0.02 <= row["probability"] <= 0.98
    by_name = {r["habit"]: r["probability"] for r in rows}
    assert by_name["Read"] > by_name["Rarely"]
    text = runner.invoke(args=["predict", "--email", "ada@example.com"]).output
    assert "Read:" in text and "%" in text


def test_predict_trains_a_user_never_trained_and_only_then(runner, app, user, history,
                                                           monkeypatch):
    """A shell right after an import, no worker running: predict answers with a model."""
    assert not model_path(models_dir(), user.id).exists()
    result = runner.invoke(args=["predict", "--email", "ada@example.com", "--json"])
    assert result.exit_code == 0, result.output
    assert "model" in {row["source"] for row in json.loads(result.output)}
    assert model_path(models_dir(), user.id).exists()
    trained = []
    monkeypatch.setattr(forecast, "train", lambda uid: trained.append(uid))
    again = runner.invoke(args=["predict", "--email", "ada@example.com", "--json"])
    assert again.exit_code == 0 and trained == []  # trained once: the queue does the rest


def test_train_command_needs_a_user_or_all(runner, user, history):
    assert runner.invoke(args=["train"]).exit_code != 0
    assert runner.invoke(args=["train", "99999"]).exit_code != 0
    assert runner.invoke(args=["train", "--all"]).exit_code == 0


def test_evaluate_json_shape(runner, user, history):
    result = runner.invoke(args=["evaluate", "--all", "--days", "14", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    (row,) = report["users"]
    assert {"user_id", "rows", "model", "baselines", "served"} <= set(row)
    assert set(row["model"]) >= {"brier", "log_loss", "auc", "calibration"}
    assert set(row["baselines"]) == {"base_rate", "rolling_7", "same_as_yesterday",
                                     "weekday_rate", "strength"}
    assert {"median_skill_vs_best_baseline", "median_skill_vs_base_rate", "share_improved",
            "calibration"} <= set(report["summary"])
    assert row["reminders"]["threshold"] == 0.6 and row["reminders"]["reminders"] == row["rows"]
    plain = runner.invoke(args=["evaluate", "--user", str(user.id), "--days", "14"])
    assert plain.exit_code == 0 and "summary:" in plain.output
    assert "reminders saved" in plain.output


def test_evaluate_reminder_threshold_is_a_percentage(runner, user, history):
    strict = runner.invoke(args=["evaluate", "--all", "--remind-below", "99", "--json"])
    assert strict.exit_code == 0, strict.output
    (row,) = json.loads(strict.output)["users"]
    assert row["reminders"]["threshold"] == 0.99 and row["reminders"]["saved"] == 0
    for bad in ("0", "100", "sixty"):
        refused = runner.invoke(args=["evaluate", "--all", "--remind-below", bad])
        assert refused.exit_code == 2 and "--remind-below" in refused.output


def test_evaluate_replays_reminders_at_the_users_own_times(runner, user, history):
    """Read is ticked off at 07:30 on its days: a 12:00 reminder is due only on the days still
    open at noon (its misses), and the model's whole-day chance is not enough to skip them."""
    read = db.session.scalar(sa.select(Habit).where(Habit.name == "Read"))
    for check_in in db.session.scalars(sa.select(CheckIn).where(CheckIn.habit_id == read.id)):
        d = check_in.day
        check_in.updated_at = datetime(d.year, d.month, d.day, 7, 30)  # Ada's zone is UTC
    db.session.add(Reminder(habit_id=read.id, at=dt_time(12, 0)))
    db.session.commit()
    result = runner.invoke(args=["evaluate", "--all", "--days", "28", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    (row,) = report["users"]
    timed = row["reminders"]["at_reminder_times"]
    assert set(timed) == {"threshold", "reminders", "saved", "saved_share",
                          "saved_then_missed", "saved_then_missed_share"}
    # 28 days of Read, one in seven missed: four misses, the only days open at noon.
    assert timed["reminders"] == 4 and timed["saved"] == 0
    assert row["reminders"]["reminders"] == row["rows"]  # the whole-day replay, as before
    assert report["summary"]["median_saved_share_at_reminder_times"] == 0
    text = runner.invoke(args=["evaluate", "--all", "--days", "28"]).output
    assert "at their times" in text


def test_evaluate_without_reminder_times_has_none_to_replay(runner, user, history):
    result = runner.invoke(args=["evaluate", "--all", "--days", "14", "--json"])
    report = json.loads(result.output)
    assert report["users"][0]["reminders"]["at_reminder_times"] is None
    assert report["summary"]["median_saved_share_at_reminder_times"] is None


def test_dashboard_and_insights_show_tomorrows_chance(client, app, user, history):
    forecast.train(user.id)
    stored = db.session.scalars(sa.select(Prediction)).all()
    assert len(stored) == 3 and all(p.for_day == TODAY + timedelta(days=1) for p in stored)
    html = client.get("/").get_data(as_text=True)
    assert "chance you do it tomorrow" in html
    insights = client.get("/insights").get_data(as_text=True)
    assert "Tomorrow" in insights and "Estimated from" in insights
    rarely_id = db.session.scalar(sa.select(Habit.id).where(Habit.name == "Rarely"))
    rarely = next(p for p in stored if p.habit_id == rarely_id)
    if rarely.at_risk:
        assert ">at risk<" in insights


def test_a_tampered_model_file_falls_back_and_never_errors(client, app, runner, user,
                                                            history):
    forecast.train(user.id)
    path = model_path(models_dir(), user.id)
    data = bytearray(path.read_bytes())
    data[-10] ^= 0xFF
    path.write_bytes(bytes(data))
    forecast._models.clear()
    assert client.get("/").status_code == 200
    rows = json.loads(runner.invoke(args=["predict", "--email", "ada@example.com",
                                          "--json"]).output)
    assert {r["source"] for r in rows} == {"beta_binomial"}


def test_the_20th_completion_queues_a_training_that_the_request_does_not_run(
        app, client, user, history, ml_background, monkeypatch):
    fitted = []
    real = forecast.fit_user
    monkeypatch.setattr(forecast, "fit_user",
                        lambda *args, **kwargs: fitted.append(1) or real(*args, **kwargs))
    hid = db.session.scalar(sa.select(Habit.id).where(Habit.name == "Rarely"))
    days = [TODAY - timedelta(days=d) for d in range(1, 60)]
    free = [d for d in days if db.session.scalar(sa.select(CheckIn.id).where(
        CheckIn.habit_id == hid, CheckIn.day == d)) is None][:20]
    for day in free[:19]:
        client.post(f"/habits/{hid}/toggle", data={"day": day.isoformat(), "state": "done"})
    assert queue.waiting() == 0
    began = time.perf_counter()
    response = client.post(f"/habits/{hid}/toggle", data={"day": free[19].isoformat(),
                                                          "state": "done"})
    assert response.status_code == 303
    assert time.perf_counter() - began < 5
    assert fitted == [] and queue.waiting() == 1  # queued, not run by the request
    assert db.session.scalar(sa.select(User.model_trained_at)) is None
    assert tasks.sweep(app) == 0 and queue.waiting() == 1  # the sweep does not queue it twice

    assert queue.drain() == 1
    db.session.expire_all()
    user_row = db.session.scalar(sa.select(User))
    assert fitted == [1] and user_row.model_trained_at is not None
    assert user_row.completions_since_training == 0
    assert model_path(models_dir(), user_row.id).exists()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Prediction)) == 3


def test_deleting_the_account_deletes_the_model(client, app, user, history):
    forecast.train(user.id)
    path = model_path(models_dir(), user.id)
    assert path.exists()
    response = client.post("/settings/delete", data={"delete-current": PASSWORD})
    assert response.status_code == 303
    assert not path.exists()


def test_python_m_trainer_entry_point(app, tmp_path, database_url):
    """`python -m habitory.ai.trainer <user_id>`, the name earlier releases documented (the work
    is in habitory/jobs/trainer.py), trains with the app's configuration."""
    import os
    import subprocess
    import sys

    user = User(email="cli-trainer@example.com", password_hash="x", timezone="UTC")
    db.session.add(user)
    db.session.commit()
    env = dict(os.environ, DATABASE_URL=database_url, HABITORY_INSTANCE=str(tmp_path),
               SECRET_KEY="trainer-secret", HABITORY_SCHEDULER="0",
               HABITORY_MODEL_STORE="files")
    result = subprocess.run([sys.executable, "-m", "habitory.ai.trainer", str(user.id)],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert f"user {user.id}:" in result.stdout and "serving" in result.stdout
    assert (tmp_path / "models" / f"user_{user.id}.pkl").exists()
    missing = subprocess.run([sys.executable, "-m", "habitory.ai.trainer", "999999"],
                             env=env, capture_output=True, text=True, timeout=120)
    assert missing.returncode == 2 and "no user with id" in missing.stderr


def test_a_broken_model_file_is_scheduled_for_retraining(app, user, history):
    forecast.train(user.id)
    path = model_path(models_dir(), user.id)
    path.write_bytes(b"not a model")
    forecast._models.clear()
    forecast.refresh(user.id)
    assert db.session.scalar(sa.select(User.model_trained_at)) is None
    assert ("train", user.id) in due_work()

"""What the rules and queue commands print: counts a script can read, in plain English."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

from habitory import clock
from habitory.domain import rules_run
from habitory.extensions import db
from habitory.models import Habit, Reminder, User


def _user(email="cli@example.com"):
    user = User(email=email, timezone="UTC", password_hash="x")
    db.session.add(user)
    db.session.commit()
    return user


def test_run_rules_says_one_reminder_and_several_notifications(app, runner, monkeypatch):
    user = _user()
    habit = Habit(user_id=user.id, position=1, created_on=date(2026, 10, 1))
    habit.rename("Read")
    db.session.add(habit)
    db.session.flush()
    db.session.add(Reminder(habit_id=habit.id, at=time(8, 0)))
    db.session.commit()
    moment = datetime(2026, 11, 25, 8, 0, 30, tzinfo=UTC)
    monkeypatch.setattr(clock, "now_utc", lambda: moment)
    monkeypatch.setattr(rules_run, "now_utc", lambda: moment)
    result = runner.invoke(args=["run-rules"])
    assert result.exit_code == 0
    assert re.fullmatch(r"Created \d+ notifications? and 1 reminder\.\n", result.output)
    again = runner.invoke(args=["run-rules", "--user", str(user.id)])
    assert again.output == f"Created 0 notifications for user {user.id}.\n"


def test_run_jobs_counts_in_words(app, runner):
    assert runner.invoke(args=["run-jobs"]).output == "0 jobs run\n"


def test_predict_for_an_account_without_habits_says_so(app, runner):
    _user("empty@example.com")
    result = runner.invoke(args=["predict", "--email", "empty@example.com"])
    assert result.exit_code == 0 and "no active habits" in result.output
    as_json = runner.invoke(args=["predict", "--email", "empty@example.com", "--json"])
    assert as_json.output == "[]\n"


def test_predict_for_an_unknown_email_is_an_error_naming_it(app, runner):
    result = runner.invoke(args=["predict", "--email", "nobody@example.com"])
    assert result.exit_code == 1 and "nobody@example.com" in result.output


def test_train_all_goes_on_past_a_user_whose_training_fails(app, runner, monkeypatch):
    from habitory.jobs import forecast

    broken, fine = _user("broken@example.com"), _user("fine@example.com")
    real = forecast.train

    def train(user_id):
        if user_id == broken.id:
            raise ValueError("impossible schedule")
        return real(user_id)

    monkeypatch.setattr(forecast, "train", train)
    result = runner.invoke(args=["train", "--all"])
    assert result.exit_code == 1
    assert f"user {fine.id}: " in result.output and "serving" in result.output
    assert f"user {broken.id}: failed: ValueError: impossible schedule" in result.output
    assert f"Training failed for user {broken.id} (see the log)." in result.output
    assert "Traceback" not in result.output

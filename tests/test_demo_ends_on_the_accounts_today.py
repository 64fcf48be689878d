"""seed-demo's history ends on the demo account's own today: run at 23:43 UTC for an account
in Berlin (00:43 there, the next day), its Today already shows that day's ticks."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from habitory.extensions import db
from habitory.habits import commands
from habitory.models import CheckIn, Habit, User

from .api_support import bearer


def test_history_ends_on_the_berlin_day_not_the_utc_one(runner, client, frozen_now):
    frozen_now(2026, 12, 9, 23, 43)  # 00:43 on the 10th in Berlin
    result = runner.invoke(args=["seed-demo", "--days", "30", "--timezone", "Europe/Berlin",
                                 "--password", "demo-password"])
    assert result.exit_code == 0, result.output
    assert "over 30 days (to 2026-12-10)" in result.output
    owner = db.session.scalar(sa.select(User.id).where(User.email == "demo@example.com"))
    days = db.session.scalars(sa.select(CheckIn.day).join(Habit).where(
        Habit.user_id == owner)).all()
    assert max(days) == date(2026, 12, 10) and min(days) >= date(2026, 11, 11)
    starts = set(db.session.scalars(sa.select(Habit.created_on).where(Habit.user_id == owner)))
    assert starts == {date(2026, 11, 11)}  # 30 days: the 11th of November to the 10th

    today = client.get("/api/v1/today", headers=bearer(owner)).get_json()
    assert today["date"] == "2026-12-10"
    logged = [h for h in today["habits"] if h["state"] is not None]
    assert logged, today  # the demo's own today is not empty
    assert today["done"] >= 1


def test_the_demo_says_one_notification_as_one(runner, frozen_now, monkeypatch):
    monkeypatch.setattr(commands, "seed_notifications", lambda user, today: 1)
    frozen_now(2026, 12, 9, 12, 0)
    result = runner.invoke(args=["seed-demo", "--days", "7"])
    assert result.exit_code == 0, result.output
    assert "(to 2026-12-09), 1 notification." in result.output

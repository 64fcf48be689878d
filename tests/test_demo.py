"""flask seed-demo: a full account in seconds, never over an existing one by accident."""

from __future__ import annotations

import re

import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import CheckIn, Habit, Notification, User, utcnow


def test_seed_demo_creates_a_realistic_account(runner, client):
    result = runner.invoke(args=["seed-demo", "--days", "120", "--password", "demo-password"])
    assert result.exit_code == 0, result.output
    assert "email: demo@example.com  password: demo-password" in result.output
    habits = db.session.scalars(sa.select(Habit)).all()
    assert 6 <= len(habits) <= 8
    kinds = {h.kind for h in habits}
    assert kinds == {"yes_no", "measurable", "quit"}
    assert any(h.weekdays for h in habits) and any(h.freq_den == 7 for h in habits)
    states = set(db.session.scalars(sa.select(CheckIn.state)))
    assert {"done", "skipped", "not_done"} <= states
    count = db.session.scalar(sa.select(sa.func.count(CheckIn.id)))
    assert count > 300 and f"{count} check-ins" in result.output
    login = client.post("/login", data={"email": "demo@example.com", "password": "demo-password"})
    assert login.status_code == 303
    for path in ("/", "/calendar", f"/habits/{habits[0].id}"):
        assert client.get(path).status_code == 200


def test_seed_demo_refuses_an_existing_account_unless_replacing(runner):
    assert runner.invoke(args=["seed-demo", "--days", "30"]).exit_code == 0
    again = runner.invoke(args=["seed-demo", "--days", "30"])
    assert again.exit_code != 0 and "--replace" in again.output
    replaced = runner.invoke(args=["seed-demo", "--days", "30", "--replace"])
    assert replaced.exit_code == 0
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 1
    password = re.search(r"password: (\S+)", replaced.output).group(1)
    assert len(password) >= 8


def test_replace_asks_before_deleting_an_account_that_is_no_demo(runner, client, auth):
    """A host who typed a real person's email with --replace (the README's line, copied) got
    that account deleted without a word."""
    auth.register("real@example.com")
    client.post("/habits", data={"name": "Piano"})
    refused = runner.invoke(args=["seed-demo", "--email", "real@example.com", "--days", "7",
                                  "--replace"], input="n\n")
    assert refused.exit_code == 1
    assert "no demo account" in refused.output and "“Piano”" in refused.output
    assert "Nothing was changed" in refused.output
    assert db.session.scalar(sa.select(Habit.name)) == "Piano"
    assert runner.invoke(args=["seed-demo", "--email", "real@example.com", "--days", "7",
                               "--replace"], input="y\n").exit_code == 0
    assert "Piano" not in db.session.scalars(sa.select(Habit.name)).all()


def test_replace_with_yes_does_not_ask(runner, client, auth):
    auth.register("real@example.com")
    client.post("/habits", data={"name": "Piano"})
    done = runner.invoke(args=["seed-demo", "--email", "real@example.com", "--days", "7",
                               "--replace", "--yes"])
    assert done.exit_code == 0, done.output
    assert "Piano" not in db.session.scalars(sa.select(Habit.name)).all()


def test_seed_demo_fills_notifications_at_once(runner, client):
    # Before, the account's Notifications stayed almost empty for minutes (run-rules: 0).
    # The real clock: run-rules reads it, as seed-demo does.
    result = runner.invoke(args=["seed-demo", "--days", "365", "--password", "demo-password"])
    assert result.exit_code == 0, result.output
    cards = db.session.scalars(sa.select(Notification)).all()
    assert re.search(rf"{len(cards)} notifications", result.output)
    assert len(cards) >= 8
    assert len({c.kind for c in cards}) >= 3  # alerts, suggestions, milestones...
    unread = [c for c in cards if c.read_at is None]
    assert 1 <= len(unread) < len(cards)  # the recent ones wait, the older ones were read
    days = {c.created_at.date() for c in cards}
    assert len(days) >= 5 and max(c.created_at for c in cards) <= utcnow()
    owner = db.session.scalar(sa.select(User.id))
    habit_ids = set(db.session.scalars(sa.select(Habit.id).where(Habit.user_id == owner)))
    assert {c.habit_id for c in cards if c.habit_id} <= habit_ids
    # The page shows them, and the next run sends none of them twice.
    client.post("/login", data={"email": "demo@example.com", "password": "demo-password"})
    page = client.get("/notifications").get_data(as_text=True)
    assert all(c.title in page or c.read_at is not None for c in unread)
    again = runner.invoke(args=["run-rules", "--user", str(owner)])
    assert again.exit_code == 0 and "Created 0 notifications" in again.output

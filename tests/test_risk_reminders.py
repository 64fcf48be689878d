"""Risk-aware reminders: "only when I'm likely to miss it" sends a habit's reminder only on
days its predicted chance is below the habit's threshold; set in the habit's form."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
import sqlalchemy as sa

from habitory.domain.rules_run import run_reminders
from habitory.extensions import db
from habitory.models import Habit, Notification, Prediction, Reminder, User

TODAY = date(2026, 11, 25)
AT_EIGHT = datetime(2026, 11, 25, 8, 0, 10, tzinfo=UTC)
FULL = {"form": "full", "kind": "yes_no", "schedule": "daily", "colour": "teal"}


def owner(email: str) -> User:
    user = User(email=email, timezone="UTC", password_hash="x")
    db.session.add(user)
    db.session.flush()
    return user


def habit_with_reminder(user: User, name: str, *, chance: float | None,
                        for_day: date = TODAY + timedelta(days=1), **columns) -> Habit:
    habit = Habit(user_id=user.id, position=1, created_on=date(2026, 10, 1), **columns)
    habit.rename(name)
    db.session.add(habit)
    db.session.flush()
    db.session.add(Reminder(habit_id=habit.id, at=time(8, 0)))
    if chance is not None:
        db.session.add(Prediction(habit_id=habit.id, user_id=user.id, for_day=for_day,
                                  probability=0.5, source="model", today_probability=chance))
    return habit


def reminded(user: User) -> set[str]:
    return set(db.session.scalars(sa.select(Notification.title).where(
        Notification.user_id == user.id, Notification.kind == "reminder")))


def test_only_habits_likely_to_be_missed_are_reminded(app):
    user = owner("r@example.com")
    habit_with_reminder(user, "Likely", chance=0.85, remind_at_risk=True)
    habit_with_reminder(user, "Unlikely", chance=0.35, remind_at_risk=True)
    habit_with_reminder(user, "Own threshold", chance=0.85, remind_at_risk=True,
                        remind_below=90)
    habit_with_reminder(user, "Always", chance=0.95)  # the mode is off: reminded as before
    habit_with_reminder(user, "No chance yet", chance=None, remind_at_risk=True)
    # A chance computed yesterday is for yesterday: not a reason to stay quiet today.
    habit_with_reminder(user, "Old chance", chance=0.95, for_day=TODAY, remind_at_risk=True)
    db.session.commit()
    assert run_reminders(AT_EIGHT) == 5
    assert reminded(user) == {"Time for Unlikely", "Time for Own threshold", "Time for Always",
                              "Time for No chance yet", "Time for Old chance"}


def test_the_threshold_is_inclusive_of_likely(app):
    user = owner("t@example.com")
    habit_with_reminder(user, "At sixty", chance=0.60, remind_at_risk=True)
    db.session.commit()
    assert run_reminders(AT_EIGHT) == 0


def test_one_query_for_every_risk_aware_habit(app, count_queries):
    for n in range(6):
        user = owner(f"q{n}@example.com")
        habit_with_reminder(user, f"Habit {n}", chance=0.9 if n % 2 else 0.1,
                            remind_at_risk=True)
    db.session.commit()
    with count_queries() as statements:
        assert run_reminders(AT_EIGHT) == 3
    assert sum("FROM predictions" in s for s in statements) == 1


def test_form_saves_and_shows_the_mode(client, user):
    response = client.post("/habits", data={**FULL, "name": "Read", "remind_at_risk": "y",
                                            "remind_below": "45", "reminders": "08:00"})
    assert response.status_code == 303
    habit = db.session.scalar(sa.select(Habit).where(Habit.name == "Read"))
    assert habit.remind_at_risk is True and habit.remind_below == 45
    page = client.get(f"/habits/{habit.id}/edit").get_data(as_text=True)
    assert "Only when I&#39;m likely to miss it" in page or "Only when I'm likely" in page
    assert 'value="45"' in page and 'name="remind_at_risk" type="checkbox" value="y"' in page
    client.post(f"/habits/{habit.id}/edit", data={**FULL, "name": "Read", "reminders": "08:00"})
    db.session.expire_all()
    assert habit.remind_at_risk is False and habit.remind_below == 60  # unticked, blank


def test_new_habits_remind_always_with_a_60_percent_threshold(client, user):
    client.post("/habits", data={**FULL, "name": "Walk"})
    habit = db.session.scalar(sa.select(Habit).where(Habit.name == "Walk"))
    assert habit.remind_at_risk is False and habit.remind_below == 60
    assert 'value="60"' in client.get("/habits/new").get_data(as_text=True)


@pytest.mark.parametrize(("value", "message"), [
    ("abc", "The threshold must be a whole percentage, like 60."),
    ("0", "The threshold must be between 1 and 99 %."),
    ("100", "The threshold must be between 1 and 99 %."),
    ("55.5", "The threshold must be a whole percentage, like 60."),
])
def test_a_bad_threshold_is_refused_with_a_message(client, user, value, message):
    response = client.post("/habits", data={**FULL, "name": "Read", "remind_at_risk": "y",
                                            "remind_below": value})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(Habit).where(Habit.name == "Read")) is None


def test_another_users_habit_cannot_be_switched(client, user, auth):
    other = owner("mallory@example.com")
    theirs = habit_with_reminder(other, "Theirs", chance=None)
    db.session.commit()
    response = client.post(f"/habits/{theirs.id}/edit", data={
        **FULL, "name": "Theirs", "remind_at_risk": "y", "remind_below": "10"})
    assert response.status_code == 404
    db.session.expire_all()
    assert theirs.remind_at_risk is False and theirs.remind_below == 60

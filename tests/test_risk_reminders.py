"""Risk-aware reminders: "only when I'm likely to miss it" sends a habit's reminder only on
days its predicted chance is below the habit's threshold; set in the habit's form."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
import sqlalchemy as sa

from habitory.domain.rules_run import run_reminders
from habitory.extensions import db
from habitory.models import CheckIn, Habit, Notification, Prediction, Reminder, User

TODAY = date(2026, 11, 25)
AT_EIGHT = datetime(2026, 11, 25, 8, 0, 10, tzinfo=UTC)
FULL = {"form": "full", "kind": "yes_no", "schedule": "daily", "colour": "teal"}


def owner(email: str) -> User:
    user = User(email=email, timezone="UTC", password_hash="x")
    db.session.add(user)
    db.session.flush()
    return user


def habit_with_reminder(user: User, name: str, *, chance: float | None,
                        for_day: date = TODAY + timedelta(days=1), at: time = time(8, 0),
                        **columns) -> Habit:
    habit = Habit(user_id=user.id, position=1, created_on=date(2026, 10, 1), **columns)
    habit.rename(name)
    db.session.add(habit)
    db.session.flush()
    db.session.add(Reminder(habit_id=habit.id, at=at))
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
    # Computed yesterday for "tomorrow" (no refresh since the day turned): its chance for
    # today is the row's own (50 %), not the chance it gave yesterday (95 %).
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
        habit = habit_with_reminder(user, f"Habit {n}", chance=0.9 if n % 2 else 0.1,
                                    remind_at_risk=True)
        ticked_at(habit, 20)  # evening habits: at 08:00 nothing is overdue
    db.session.commit()
    with count_queries() as statements:
        assert run_reminders(AT_EIGHT) == 3
    assert sum("FROM predictions" in s for s in statements) == 1
    # When each habit is usually ticked off: one query for every user, not one each.
    assert sum("checkins.updated_at" in s for s in statements) == 1


def ticked_at(habit: Habit, hour: int, days: int = 30, late_by: int = 0) -> None:
    """The habit done on each of the last `days` days, ticked off at hour:30 UTC, `late_by`
    days after the day (an import or a backfill when > 0)."""
    for back in range(1, days + 1):
        day = TODAY - timedelta(days=back)
        changed = datetime(day.year, day.month, day.day, hour, 30) + timedelta(days=late_by)
        db.session.add(CheckIn(habit_id=habit.id, day=day, state="done", updated_at=changed))


NOON = datetime(2026, 11, 25, 12, 0, 10, tzinfo=UTC)


def test_a_habit_usually_ticked_off_by_the_reminder_is_reminded_when_it_is_not(app):
    user = owner("hours@example.com")
    morning = habit_with_reminder(user, "Morning run", chance=0.85, at=time(12, 0),
                                  remind_at_risk=True)
    evening = habit_with_reminder(user, "Evening read", chance=0.85, at=time(12, 0),
                                  remind_at_risk=True)
    imported = habit_with_reminder(user, "Imported", chance=0.85, at=time(12, 0),
                                   remind_at_risk=True)
    ticked_at(morning, 7)  # every morning at 07:30: by noon, its day has usually happened
    ticked_at(evening, 21)  # every evening at 21:30: at noon, nothing is overdue
    ticked_at(imported, 7, late_by=2)  # the times of an import say nothing of the hour
    db.session.commit()
    assert run_reminders(NOON) == 1
    assert reminded(user) == {"Time for Morning run"}


def test_a_morning_reminder_before_the_usual_hour_stays_quiet(app):
    user = owner("early@example.com")
    habit = habit_with_reminder(user, "Morning run", chance=0.85, at=time(6, 0),
                                remind_at_risk=True)
    ticked_at(habit, 7)
    db.session.commit()
    assert run_reminders(datetime(2026, 11, 25, 6, 0, 10, tzinfo=UTC)) == 0


def test_the_hours_are_the_owners_own_and_in_their_timezone(app):
    # 22:30 UTC the evening before is 07:30 in Tokyo on the day itself: a morning habit there
    # (read in UTC, every tick would look like a backfill from the day before).
    tokyo = owner("tokyo@example.com")
    tokyo.timezone = "Asia/Tokyo"
    habit = habit_with_reminder(tokyo, "Run", chance=0.85, at=time(12, 0), remind_at_risk=True)
    ticked_at(habit, 22, late_by=-1)
    # Someone else's mornings don't make this evening habit look overdue.
    other = owner("other@example.com")
    theirs = habit_with_reminder(other, "Read", chance=0.85, at=time(3, 0),
                                 remind_at_risk=True)
    ticked_at(theirs, 21)
    db.session.commit()
    assert run_reminders(datetime(2026, 11, 25, 3, 0, 10, tzinfo=UTC)) == 1  # noon in Tokyo
    assert reminded(tokyo) == {"Time for Run"} and reminded(other) == set()


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


def test_the_habit_page_says_when_it_reminds_and_todays_chance(client, user):
    client.post("/habits", data={**FULL, "name": "Read", "reminders": "21:00, 07:30"})
    habit = db.session.scalar(sa.select(Habit).where(Habit.name == "Read"))
    page = client.get(f"/habits/{habit.id}").get_data(as_text=True)
    assert "Reminders at 07:30, 21:00</p>" in page  # every day: no chance to weigh
    client.post(f"/habits/{habit.id}/edit", data={**FULL, "name": "Read", "reminders": "21:00",
                                                  "remind_at_risk": "y", "remind_below": "70"})
    db.session.add(Prediction(habit_id=habit.id, user_id=user.id, for_day=TODAY + timedelta(1),
                              probability=0.5, source="model", today_probability=0.834))
    db.session.commit()
    page = client.get(f"/habits/{habit.id}").get_data(as_text=True)
    assert ("Reminder at 21:00 · only when you are likely to miss it (a chance below 70%) · "
            "today’s chance 83%</p>") in page
    client.post(f"/habits/{habit.id}/edit", data={**FULL, "name": "Read"})
    assert 'id="habit-reminders"' not in client.get(f"/habits/{habit.id}").get_data(
        as_text=True)


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

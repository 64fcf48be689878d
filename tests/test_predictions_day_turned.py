"""When a user's day turns, yesterday's "tomorrow" is today: the sweep refreshes their chances
at once (it waited up to two hours, and Insights' Tomorrow cards and Today's chances were gone
meanwhile), a new timezone, day start or week start does the same, and "only when I'm likely
to miss it" reads the stored chance for today instead of reminding regardless."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from habitory.domain import accounts
from habitory.domain.predictions import due_work
from habitory.domain.rules_run import run_reminders
from habitory.extensions import db
from habitory.models import Habit, Notification, Prediction, Reminder, User, utcnow


def _person(email: str, zone: str = "UTC", day_start: int = 0) -> User:
    user = User(email=email, timezone=zone, day_start_hour=day_start, password_hash="x",
                model_trained_at=utcnow(), predictions_stale=False)
    db.session.add(user)
    db.session.flush()
    return user


def _habit(user: User, name: str, *, for_day: date, probability: float,
           today_probability: float | None = None, at: time | None = None) -> Habit:
    habit = Habit(user_id=user.id, position=1, created_on=date(2026, 10, 1),
                  remind_at_risk=True)
    habit.rename(name)
    db.session.add(habit)
    db.session.flush()
    if at is not None:
        db.session.add(Reminder(habit_id=habit.id, at=at))
    db.session.add(Prediction(habit_id=habit.id, user_id=user.id, for_day=for_day,
                              probability=probability, source="model",
                              today_probability=today_probability, computed_at=utcnow()))
    return habit


def _refreshed(frozen_now, *moment) -> set[int]:
    frozen_now(*moment)
    return {uid for kind, uid in due_work() if kind == "refresh"}


def test_the_sweep_refreshes_a_user_whose_day_turned(app, frozen_now):
    frozen_now(2026, 12, 7, 23, 50)
    utc = _person("utc@example.com")
    _habit(utc, "Read", for_day=date(2026, 12, 8), probability=0.9)
    # Auckland is already on 8 Dec at 23:50 UTC: its chances were computed for 9 Dec.
    auckland = _person("nz@example.com", "Pacific/Auckland")
    _habit(auckland, "Read", for_day=date(2026, 12, 9), probability=0.9)
    db.session.commit()
    assert _refreshed(frozen_now, 2026, 12, 7, 23, 50) == set()
    # Ten minutes later it is 8 Dec in UTC: "tomorrow" (8 Dec) is today for the first user.
    assert _refreshed(frozen_now, 2026, 12, 8, 0, 0, 30) == {utc.id}


def test_a_late_day_start_turns_the_day_later(app, frozen_now):
    frozen_now(2026, 12, 7, 20, 0)
    owl = _person("owl@example.com", day_start=4)
    _habit(owl, "Read", for_day=date(2026, 12, 8), probability=0.9)
    db.session.commit()
    assert _refreshed(frozen_now, 2026, 12, 8, 2, 0) == set()  # still 7 Dec for the owl
    assert _refreshed(frozen_now, 2026, 12, 8, 4, 0, 30) == {owl.id}


def test_a_new_timezone_day_start_or_week_start_makes_the_chances_stale(app, frozen_now):
    frozen_now(2026, 12, 7, 12, 0)
    user = _person("moves@example.com")
    _habit(user, "Read", for_day=date(2026, 12, 8), probability=0.9)
    db.session.commit()
    accounts.save_preferences(user, "UTC", 0)  # nothing changed: nothing to redo
    assert not db.session.get(User, user.id).predictions_stale
    for change in (lambda: accounts.save_preferences(user, "Europe/Paris", 0),
                   lambda: accounts.save_preferences(user, "Europe/Paris", 3),
                   lambda: accounts.save_locale(user, None, "sunday")):
        db.session.execute(sa.update(User).values(predictions_stale=False))
        db.session.commit()
        change()
        assert db.session.get(User, user.id).predictions_stale


def test_a_risk_aware_reminder_after_the_day_turned_reads_todays_stored_chance(app):
    """Computed yesterday evening for "tomorrow": at 00:30 that row is today's chance."""
    user = _person("night@example.com")
    today = date(2026, 12, 8)
    _habit(user, "Stretch", for_day=today, probability=0.9, today_probability=0.2,
           at=time(0, 30))
    _habit(user, "Read", for_day=today, probability=0.4, today_probability=0.99,
           at=time(0, 30))
    _habit(user, "Older", for_day=today - timedelta(days=1), probability=0.99,
           today_probability=0.99, at=time(0, 30))
    db.session.commit()
    assert run_reminders(datetime(2026, 12, 8, 0, 30, 10, tzinfo=UTC)) == 2
    titles = set(db.session.scalars(sa.select(Notification.title).where(
        Notification.kind == "reminder")))
    assert titles == {"Time for Read", "Time for Older"}

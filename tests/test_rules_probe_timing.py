"""Rules and reminders at the right local time: far timezones, a day that starts late,
archived and deleted habits, and a second user's data left alone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from habitory.domain.rules_run import run_reminders, run_rules
from habitory.extensions import db
from habitory.models import CheckIn, Habit, Notification, Reminder, User


def at(*args):
    return datetime(*args, tzinfo=UTC)


def person(email, tz="UTC", day_start_hour=0, **flags):
    user = User(email=email, timezone=tz, password_hash="x", day_start_hour=day_start_hour,
                **flags)
    db.session.add(user)
    db.session.flush()
    return user


def habit_of(user, name="Read", created=date(2026, 10, 1), done=(), **columns):
    habit = Habit(user_id=user.id, position=1, created_on=created, **columns)
    habit.rename(name)
    db.session.add(habit)
    db.session.flush()
    for day in done:
        db.session.add(CheckIn(habit_id=habit.id, day=day, state="done"))
    db.session.flush()
    return habit


def cards(user):
    return db.session.scalars(sa.select(Notification).where(Notification.user_id == user.id)
                              .order_by(Notification.id)).all()


def days(first, last):
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def test_a_late_day_start_in_a_far_timezone_keeps_the_night_on_the_day_before(app):
    # 12:00 UTC on 25 Nov is 02:00 on the 26th at UTC+14: with a 4 AM day start it is still
    # the 25th there, so "yesterday" is the 24th.
    user = person("owl@example.com", "Pacific/Kiritimati", day_start_hour=4)
    habit_of(user, done=days(date(2026, 10, 1), date(2026, 11, 22)))
    db.session.commit()
    run_rules([user], at(2026, 11, 25, 12, 0))
    db.session.refresh(user)
    assert user.rules_ran_on == date(2026, 11, 25)
    (missed,) = [n for n in cards(user) if n.kind == "missed"]
    assert missed.dedup_key.endswith(":2026-11-24")
    assert "(Tuesday)" in missed.body or "since" in missed.body


def test_a_reminder_after_midnight_before_the_day_start_belongs_to_the_day_before(app):
    # Night owl, day starts at 3 AM, reminder at 01:00: ticked off on the 24th (their day),
    # the 01:00 reminder of the night of the 24th→25th must stay quiet.
    user = person("night@example.com", "Europe/Berlin", day_start_hour=3)
    habit = habit_of(user, done=[date(2026, 11, 24)])
    db.session.add(Reminder(habit_id=habit.id, at=time(1, 0)))
    db.session.commit()
    assert run_reminders(at(2026, 11, 25, 0, 0, 20)) == 0  # 01:00:20 in Berlin
    assert run_reminders(at(2026, 11, 26, 0, 0, 20)) == 1  # the 25th was not ticked
    (card,) = cards(user)
    assert card.dedup_key == f"reminder:{habit.id}:2026-11-25:0100"


def test_reminders_in_the_farthest_timezones_come_at_their_local_minute(app):
    east = person("east@example.com", "Pacific/Kiritimati")  # UTC+14
    west = person("west@example.com", "Pacific/Pago_Pago")  # UTC-11
    for user in (east, west):
        db.session.add(Reminder(habit_id=habit_of(user).id, at=time(9, 0)))
    db.session.commit()
    assert run_reminders(at(2026, 11, 24, 19, 0, 5)) == 1  # 09:00 on the 25th at UTC+14
    assert [c.dedup_key.split(":")[2] for c in cards(east)] == ["2026-11-25"]
    assert cards(west) == []
    assert run_reminders(at(2026, 11, 25, 20, 0, 5)) == 1  # 09:00 on the 25th at UTC-11
    assert [c.dedup_key.split(":")[2] for c in cards(west)] == ["2026-11-25"]


def test_archived_and_deleted_habits_raise_nothing(app):
    user = person("arch@example.com")
    other = habit_of(user, "Kept", done=days(date(2026, 10, 1), date(2026, 11, 24)))
    gone = habit_of(user, "Shelved", archived=True)
    db.session.add(Reminder(habit_id=gone.id, at=time(8, 0)))
    dropped = habit_of(user, "Dropped")
    db.session.add(Reminder(habit_id=dropped.id, at=time(8, 0)))
    db.session.flush()
    db.session.delete(dropped)
    db.session.commit()
    run_rules([user], at(2026, 11, 25, 8, 0, 5))
    assert run_reminders(at(2026, 11, 25, 8, 0, 5)) == 0
    assert {n.habit_id for n in cards(user)} <= {other.id, None}


def test_one_users_run_never_touches_anothers_cards(app):
    mine = person("mine@example.com")
    theirs = person("theirs@example.com")
    habit_of(mine, done=days(date(2026, 10, 1), date(2026, 11, 22)))
    habit_of(theirs, done=days(date(2026, 10, 1), date(2026, 11, 22)))
    db.session.commit()
    run_rules([mine], at(2026, 11, 25, 8, 0), force=True)
    assert cards(mine) and cards(theirs) == []
    db.session.refresh(theirs)
    assert theirs.rules_ran_on is None

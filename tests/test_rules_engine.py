"""Findings become notifications once, at the right local time; reminders at their minute."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

import pytest
import sqlalchemy as sa

from habitory import clock
from habitory.domain import rules_run
from habitory.domain.rules_run import run_reminders, run_rules
from habitory.extensions import db
from habitory.models import CheckIn, Habit, Notification, Reminder, User


def make_user(email, tz, created=date(2026, 10, 1), **flags):
    user = User(email=email, timezone=tz, password_hash="x", **flags)
    db.session.add(user)
    db.session.flush()
    habit = Habit(user_id=user.id, position=1, created_on=created)
    habit.rename("Read")
    db.session.add(habit)
    db.session.flush()
    return user, habit


def tick(habit, *days):
    for day in days:
        db.session.add(CheckIn(habit_id=habit.id, day=day, state="done"))


def notifications(user):
    return db.session.scalars(
        sa.select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
    ).all()


def at(*args):
    return datetime(*args, tzinfo=UTC)


def test_missed_alert_is_created_once(app):
    user, habit = make_user("a@example.com", "UTC")
    tick(habit, *(date(2026, 11, d) for d in range(1, 23)))  # done until the 22nd
    db.session.commit()
    now = at(2026, 11, 25, 6, 0)
    assert run_rules([user], now) >= 1
    missed = [n for n in notifications(user) if n.kind == "missed"]
    assert len(missed) == 1 and "Read" in missed[0].title + missed[0].body
    assert run_rules([user], now) == 0  # the same local day: not evaluated again
    assert run_rules([user], now, force=True) == 0  # and forced, nothing new (dedup keys)
    assert len(notifications(user)) == len(set(n.dedup_key for n in notifications(user)))


def test_disabled_categories_create_nothing(app):
    user, habit = make_user("a@example.com", "UTC", notify_alerts=False,
                            notify_suggestions=False, notify_milestones=False)
    db.session.commit()
    run_rules([user], at(2026, 11, 25, 6, 0))
    assert notifications(user) == []


@pytest.mark.parametrize(
    ("tz", "local_today"),
    [("Pacific/Kiritimati", date(2026, 11, 26)), ("Pacific/Pago_Pago", date(2026, 11, 24))],
)
def test_rules_use_each_users_own_day(app, tz, local_today):
    # 10:30 UTC on 25 Nov is 00:30 on the 26th at UTC+14, and 23:30 on the 24th at UTC-11.
    user, habit = make_user(f"{tz[-4:]}@example.com", tz)
    done_until = local_today.toordinal() - 3  # the last two days before today are missed
    tick(habit, *(date.fromordinal(o) for o in range(date(2026, 10, 1).toordinal(),
                                                     done_until + 1)))
    db.session.commit()
    run_rules([user], at(2026, 11, 25, 10, 30))
    db.session.refresh(user)
    assert user.rules_ran_on == local_today
    missed = [n for n in notifications(user) if n.kind == "missed"]
    yesterday = date.fromordinal(local_today.toordinal() - 1).isoformat()
    assert len(missed) == 1 and yesterday in missed[0].dedup_key


def test_reminder_at_its_minute_when_not_done(app, monkeypatch):
    user, habit = make_user("r@example.com", "Europe/Paris")
    db.session.add(Reminder(habit_id=habit.id, at=time(8, 0)))
    db.session.commit()
    assert run_reminders(at(2026, 11, 25, 6, 59)) == 0  # 07:59 in Paris
    assert run_reminders(at(2026, 11, 25, 7, 0, 30)) == 1  # 08:00:30 in Paris
    assert run_reminders(at(2026, 11, 25, 7, 1)) == 0  # already sent today
    (reminder,) = [n for n in notifications(user) if n.kind == "reminder"]
    assert reminder.title == "Time for Read" and "8:00\u202fAM" in reminder.body


def test_no_reminder_when_done_skipped_or_unscheduled(app):
    user, habit = make_user("r@example.com", "UTC")
    db.session.add(Reminder(habit_id=habit.id, at=time(8, 0)))
    db.session.add(CheckIn(habit_id=habit.id, day=date(2026, 11, 25), state="done"))
    other = Habit(user_id=user.id, position=2, created_on=date(2026, 10, 1), weekdays=0b1)
    other.rename("Mondays only")  # 25 Nov 2026 is a Wednesday
    db.session.add(other)
    db.session.flush()
    db.session.add(Reminder(habit_id=other.id, at=time(8, 0)))
    db.session.commit()
    assert run_reminders(at(2026, 11, 25, 8, 0, 10)) == 0


def test_reminders_can_be_turned_off(app):
    user, habit = make_user("r@example.com", "UTC", notify_reminders=False)
    db.session.add(Reminder(habit_id=habit.id, at=time(8, 0)))
    db.session.commit()
    assert run_reminders(at(2026, 11, 25, 8, 0, 10)) == 0


def _rules_clock(monkeypatch, moment):
    """The jobs' clock too (rules_run reads it by its own name): on the real clock, a habit
    made on a fixed day and never ticked turns dormant (nothing logged in the rules' 60 days),
    and quiet, as the months pass."""
    monkeypatch.setattr(clock, "now_utc", lambda: moment)
    monkeypatch.setattr(rules_run, "now_utc", lambda: moment)


def test_run_rules_command(app, runner, monkeypatch):
    user, habit = make_user("cli@example.com", "UTC")
    db.session.commit()
    _rules_clock(monkeypatch, at(2026, 11, 25, 9, 0))
    result = runner.invoke(args=["run-rules", "--user", str(user.id)])
    assert result.exit_code == 0
    assert re.fullmatch(rf"Created \d+ notifications? for user {user.id}\.\n", result.output)
    first = len(notifications(user))
    assert first >= 1
    result = runner.invoke(args=["run-rules"])
    assert result.exit_code == 0 and "Created 0 notifications and 0 reminders." in result.output
    assert runner.invoke(args=["run-rules", "--user", "99999"]).exit_code != 0


def test_the_periodic_job_works_once_a_minute_however_many_consumers_enqueue_it(
        app, monkeypatch):
    from habitory.jobs import queue

    user, habit = make_user("s@example.com", "UTC")
    db.session.commit()
    _rules_clock(monkeypatch, at(2026, 11, 25, 9, 0))
    minute = 29_000_000 * 60.0
    monkeypatch.setattr(queue, "clock", lambda: minute)
    ran = []
    real = rules_run.run_rules_for_everyone
    monkeypatch.setattr(rules_run, "run_rules_for_everyone",
                        lambda *args: ran.append(1) or real(*args))
    minutely = queue.of(app).tasks["minutely"]
    minutely.call_local()  # the first consumer's copy this minute
    assert notifications(user) != [] and ran == [1]
    minutely.call_local()
    minutely.call_local()  # the other consumers' copies of the same minute
    assert ran == [1]
    monkeypatch.setattr(queue, "clock", lambda: minute + 60)
    minutely.call_local()
    assert ran == [1, 1]  # the next minute works again


def _reminders(user):
    return [n for n in notifications(user) if n.kind == "reminder"]


def test_reminders_due_while_the_consumers_were_down_still_come_once(app, monkeypatch):
    """The last run was at 07:59; the consumers restart at 08:04: the 08:00 reminder comes
    now (it would have been skipped for good), and only once however often the job runs."""
    from habitory.jobs import queue

    user, habit = make_user("r@example.com", "UTC")
    db.session.add(Reminder(habit_id=habit.id, at=time(8, 0)))
    db.session.commit()
    huey = queue.of(app).huey
    last_run = at(2026, 11, 25, 7, 59).timestamp()
    monkeypatch.setattr(queue, "clock", lambda: last_run)
    assert queue.catch_up_minutes(huey, "reminders") == 2  # the run before the restart
    restart = at(2026, 11, 25, 8, 4, 30)
    monkeypatch.setattr(queue, "clock", lambda: restart.timestamp())
    monkeypatch.setattr(rules_run, "now_utc", lambda: restart)

    queue.of(app).tasks["minutely"].call_local()

    assert [n.title for n in _reminders(user)] == ["Time for Read"]
    later = restart.timestamp() + 60
    monkeypatch.setattr(queue, "clock", lambda: later)
    queue.of(app).tasks["minutely"].call_local()
    assert len(_reminders(user)) == 1


def test_catch_up_looks_back_over_the_gap_and_no_further_than_ten_minutes(app, monkeypatch):
    from habitory.jobs import queue

    huey = queue.of(app).huey
    moments = iter([0.0, 30.0, 330.0, 330.0 + 3 * 3600])
    monkeypatch.setattr(queue, "clock", lambda: next(moments))
    assert [queue.catch_up_minutes(huey, "test") for _ in range(4)] == [2, 2, 6, 10]


def test_run_rules_from_cron_every_five_minutes_catches_up(app, runner, monkeypatch):
    user, habit = make_user("c@example.com", "UTC")
    db.session.add(Reminder(habit_id=habit.id, at=time(8, 0)))
    db.session.commit()
    monkeypatch.setattr(rules_run, "now_utc", lambda: at(2026, 11, 25, 8, 4, 30))
    assert runner.invoke(args=["run-rules"]).exit_code == 0
    assert _reminders(user) == []  # the default looks two minutes back
    result = runner.invoke(args=["run-rules", "--catch-up", "6"])
    assert result.exit_code == 0 and "1 reminder." in result.output
    assert runner.invoke(args=["run-rules", "--catch-up", "61"]).exit_code == 2


def test_a_reminder_just_before_midnight_reached_after_it_comes_for_its_own_day(app):
    user, habit = make_user("m@example.com", "Europe/Berlin")
    db.session.add(Reminder(habit_id=habit.id, at=time(23, 59)))
    db.session.commit()
    # 00:00:30 in Berlin on 26 November: the job runs late, the 25th's reminder is due.
    assert run_reminders(at(2026, 11, 25, 23, 0, 30)) == 1
    (reminder,) = _reminders(user)
    assert reminder.dedup_key.endswith(":2026-11-25:2359")
    assert run_reminders(at(2026, 11, 25, 23, 1, 0)) == 0  # once


def test_a_reminder_at_a_time_the_clocks_skip_still_comes(app):
    """Berlin skips 02:00-03:00 on 29 March 2026: a 02:30 reminder comes at 03:30 CEST
    (01:30 UTC), when as much time has passed; before, it never came that day."""
    user, habit = make_user("d@example.com", "Europe/Berlin", created=date(2026, 3, 1))
    db.session.add(Reminder(habit_id=habit.id, at=time(2, 30)))
    db.session.commit()
    assert run_reminders(at(2026, 3, 29, 1, 29)) == 0
    assert run_reminders(at(2026, 3, 29, 1, 30, 20)) == 1
    assert _reminders(user)[0].dedup_key.endswith(":2026-03-29:0230")


def test_the_second_habit_invitation_tells_a_streak_of_years_whole(app):
    """One habit ticked every day for five years: the invitation says so, not 401 days (the
    engine reads 400 days back for everyone else)."""
    from datetime import timedelta

    today = date(2026, 11, 25)
    user, habit = make_user("five@example.com", "UTC", created=today - timedelta(days=1826))
    db.session.execute(sa.insert(CheckIn), [
        {"habit_id": habit.id, "day": today - timedelta(days=back), "state": "done"}
        for back in range(1, 1827)])
    db.session.commit()
    run_rules([user], at(2026, 11, 25, 6, 0))
    (invitation,) = [n for n in notifications(user) if n.kind == "welcome"]
    assert "1,826 days in a row" in invitation.body, invitation.body

"""Reminders as a host meets them: catch-up after downtime with several reminder times, clocks
that go back, a user who moves timezone between runs, a habit gone while the job runs."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import sqlalchemy as sa

from habitory.domain import rules_run
from habitory.domain.rules_run import run_reminders
from habitory.extensions import db
from habitory.models import Habit, Notification, Reminder, User


def at(*args):
    return datetime(*args, tzinfo=UTC)


def person(email, tz="UTC"):
    user = User(email=email, timezone=tz, password_hash="x")
    db.session.add(user)
    db.session.flush()
    return user


def habit_with(user, name, *times, created=date(2026, 3, 1)):
    habit = Habit(user_id=user.id, position=1, created_on=created)
    habit.rename(name)
    db.session.add(habit)
    db.session.flush()
    for moment in times:  # in the order given: the rows come back in no promised order
        db.session.add(Reminder(habit_id=habit.id, at=moment))
    db.session.flush()
    return habit


def reminders_of(user):
    return db.session.scalars(sa.select(Notification).where(
        Notification.user_id == user.id, Notification.kind == "reminder")
        .order_by(Notification.id)).all()


def test_a_catch_up_over_two_reminder_times_gives_one_card_naming_the_latest(app):
    """Down from 07:58 to 08:09: a habit reminded at 08:00 and 08:05 gets one card, for 08:05
    (two cards at once for one habit would be noise; the latest is the one still news),
    whichever order its reminders were stored in."""
    user = person("catch@example.com")
    early_first = habit_with(user, "Read", time(8, 0), time(8, 5))
    late_first = habit_with(user, "Walk", time(8, 5), time(8, 0))
    db.session.commit()

    assert run_reminders(at(2026, 11, 25, 8, 9, 30), window_minutes=11) == 2

    cards = {c.habit_id: c for c in reminders_of(user)}
    assert set(cards) == {early_first.id, late_first.id}
    for card in cards.values():
        assert card.dedup_key.endswith(":2026-11-25:0805")
        assert "8:05" in card.body
    # The next minute's run (a shorter window) adds nothing.
    assert run_reminders(at(2026, 11, 25, 8, 10, 30), window_minutes=2) == 0


def test_without_downtime_each_reminder_time_still_comes_at_its_minute(app):
    user = person("each@example.com")
    habit_with(user, "Read", time(8, 0), time(8, 5))
    db.session.commit()
    assert run_reminders(at(2026, 11, 25, 8, 0, 20)) == 1
    assert run_reminders(at(2026, 11, 25, 8, 5, 20)) == 1
    assert [c.dedup_key[-4:] for c in reminders_of(user)] == ["0800", "0805"]


def test_catch_up_with_both_times_pushes_once(app, monkeypatch):
    """The Web Push announcement carries one reminder per habit, the latest one."""
    user = person("push@example.com")
    habit_with(user, "Read", time(8, 5), time(8, 0))
    db.session.commit()
    heard = []
    monkeypatch.setattr(rules_run.events.reminders_stored, "send",
                        lambda sender, reminders: heard.extend(reminders))
    run_reminders(at(2026, 11, 25, 8, 9, 30), window_minutes=11)
    assert len(heard) == 1 and "8:05" in str(heard[0][1]["body"])


def test_a_reminder_in_the_hour_the_clocks_repeat_comes_once(app):
    """Berlin goes back from 03:00 to 02:00 on 25 October 2026: 02:30 happens twice."""
    user = person("fall@example.com", "Europe/Berlin")
    habit_with(user, "Read", time(2, 30))
    db.session.commit()
    assert run_reminders(at(2026, 10, 25, 0, 30, 20)) == 1  # 02:30 CEST
    assert run_reminders(at(2026, 10, 25, 1, 30, 20)) == 0  # 02:30 CET, the same wall time
    assert len(reminders_of(user)) == 1


def test_moving_west_between_runs_does_not_remind_twice_the_same_day(app):
    user = person("move@example.com", "Europe/Lisbon")  # UTC+0 in November
    habit_with(user, "Read", time(8, 0))
    db.session.commit()
    assert run_reminders(at(2026, 11, 25, 8, 0, 20)) == 1
    user.timezone = "America/New_York"  # the 25th's 08:00 comes again, five hours later
    db.session.commit()
    assert run_reminders(at(2026, 11, 25, 13, 0, 20)) == 0
    assert run_reminders(at(2026, 11, 26, 13, 0, 20)) == 1  # the next day at the new 08:00


def test_a_habit_deleted_while_the_reminders_run_costs_only_its_own_card(app, monkeypatch):
    user = person("gone@example.com")
    gone = habit_with(user, "Gone", time(8, 0))
    kept = habit_with(user, "Kept", time(8, 0))
    db.session.commit()
    gone_id, real = gone.id, rules_run.risk_reminders.likely_done

    def deleted_meanwhile(habits, now):
        # Another request deletes "Gone" after the job read it, before its card is written.
        db.session.execute(sa.delete(Reminder).where(Reminder.habit_id == gone_id))
        db.session.execute(sa.delete(Habit).where(Habit.id == gone_id))
        return real(habits, now)

    monkeypatch.setattr(rules_run.risk_reminders, "likely_done", deleted_meanwhile)
    assert run_reminders(at(2026, 11, 25, 8, 0, 20)) == 1
    assert [c.habit_id for c in reminders_of(user)] == [kept.id]


def test_reminders_due_while_the_database_was_down_still_come(app, monkeypatch):
    """The consumers kept running, but from 08:00 to 08:02 each minute's reminder run failed
    (the database did not answer): the run at 08:03 looks back to the last one that worked."""
    from habitory.jobs import queue

    user = person("outage@example.com")
    habit_with(user, "Read", time(8, 0))
    db.session.commit()
    real = rules_run.run_reminders

    def down(**_):
        raise RuntimeError("the database does not answer")

    def minute(hour, minute, works):
        moment = at(2026, 11, 25, hour, minute, 30)
        monkeypatch.setattr(queue, "clock", lambda: moment.timestamp())
        monkeypatch.setattr(rules_run, "now_utc", lambda: moment)
        monkeypatch.setattr(rules_run, "run_reminders", real if works else down)
        queue.of(app).tasks["minutely"].call_local()

    minute(7, 59, True)
    for m in (0, 1, 2):
        minute(8, m, False)
    minute(8, 3, True)
    assert [c.dedup_key[-4:] for c in reminders_of(user)] == ["0800"]


def test_two_consumers_reminding_at_once_make_and_push_each_reminder_once(app, monkeypatch):
    """A cron `run-rules` beside a worker (or two workers whose minute keys raced): both read
    the same due reminders; each card is stored, and pushed, once."""
    import threading

    user = person("race@example.com")
    for i in range(12):
        habit_with(user, f"Habit {i}", time(8, 0))
    db.session.commit()
    pushed, results, start = [], [], threading.Barrier(2)
    monkeypatch.setattr(rules_run.events.reminders_stored, "send",
                        lambda sender, reminders: pushed.extend(reminders))

    def consumer():
        with app.app_context():
            start.wait()
            results.append(run_reminders(at(2026, 11, 25, 8, 0, 20)))
            db.session.remove()

    threads = [threading.Thread(target=consumer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(results) == 2 and sum(results) == 12
    assert len(reminders_of(user)) == 12 and len(pushed) == 12

"""A dismissed card stays dismissed: the rules never raise it again for the same period."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import sqlalchemy as sa

from habitory.domain import notifications as notes
from habitory.domain.rules_run import run_reminders, run_rules
from habitory.extensions import db
from habitory.models import Habit, Notification, Reminder, User

from .conftest import HTMX


def at(*args):
    return datetime(*args, tzinfo=UTC)


def cards(user_id):
    return db.session.scalars(
        sa.select(Notification).where(Notification.user_id == user_id)).all()


def test_a_dismissed_invitation_is_not_raised_again_the_next_day(app):
    user = User(email="d@example.com", timezone="UTC", password_hash="x")
    db.session.add(user)
    db.session.commit()
    run_rules([user], at(2026, 11, 25, 6, 0))
    (card,) = cards(user.id)
    assert card.dedup_key.startswith("welcome:")
    notes.dismiss(card)
    assert run_rules([user], at(2026, 11, 26, 6, 0)) == 0  # same month: same key
    assert notes.page_of(user.id, 1) == ([], False)
    assert notes.unread_count(user.id) == 0


def test_a_dismissed_reminder_is_not_sent_again_in_its_catch_up_window(app):
    user = User(email="r@example.com", timezone="UTC", password_hash="x")
    db.session.add(user)
    db.session.flush()
    habit = Habit(user_id=user.id, position=1, created_on=date(2026, 10, 1))
    habit.rename("Read")
    db.session.add(habit)
    db.session.flush()
    db.session.add(Reminder(habit_id=habit.id, at=time(8, 0)))
    db.session.commit()
    assert run_reminders(at(2026, 11, 25, 8, 0, 10)) == 1
    (card,) = cards(user.id)
    notes.dismiss(card)
    assert run_reminders(at(2026, 11, 25, 8, 1, 10)) == 0


def test_a_dismissed_card_is_gone_from_the_page_the_api_and_its_actions(client, user):
    notes.insert_new(user.id, [notes.NewNotification(
        kind="missed", category="alerts", title="Gone soon", body="b", dedup_key="k:1")])
    db.session.commit()
    (card,) = cards(user.id)
    response = client.post(f"/notifications/{card.id}/delete", headers=HTMX)
    assert response.status_code == 200 and 'id="notification-badge"' in response.text
    assert "Gone soon" not in client.get("/notifications").text
    assert client.post(f"/notifications/{card.id}/read").status_code == 404
    assert client.post(f"/notifications/{card.id}/delete").status_code == 404
    assert notes.newer_unread(user.id, 0) == []
    assert notes.unread_of(user.id) == []


def test_dismissing_twice_at_once_is_harmless(app):
    user = User(email="twice@example.com", timezone="UTC", password_hash="x")
    db.session.add(user)
    db.session.commit()
    notes.insert_new(user.id, [notes.NewNotification(
        kind="missed", category="alerts", title="t", body="b", dedup_key="k:1")])
    db.session.commit()
    (card,) = cards(user.id)
    first, second = notes.owned(user.id, card.id), notes.owned(user.id, card.id)
    notes.dismiss(first)
    notes.dismiss(second)  # loaded before the first went: a double click, two tabs
    db.session.expire_all()
    (left,) = cards(user.id)
    assert left.dedup_key == "k:1" and left.read_at is not None and left.title == ""

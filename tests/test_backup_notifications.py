"""Issue 7's backup holds the notifications too (it wrote "notifications": []): written with
the habits, restored with them into an account without habits (a move to another server),
read or not, with their times, their habit and the key that keeps an alert from coming back;
never into an account in use. A hand-edited card is checked like every other field."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
import sqlalchemy as sa

from habitory.domain import accounts
from habitory.extensions import db
from habitory.models import Habit, Notification
from habitory.portability import backup
from habitory.portability.formats import BadImportFile

from .api_support import bearer


def _card(user_id, habit_id, key, title, *, read=False, message=None, kind="missed"):
    db.session.add(Notification(
        user_id=user_id, habit_id=habit_id, kind=kind, category="alerts", severity="warning",
        title=title, body=f"{title}, said at length.", message=message, dedup_key=key,
        created_at=datetime(2026, 11, 20, 7, 0), read_at=datetime(2026, 11, 21, 8, 0)
        if read else None))


def _account(user, make_habit):
    read = make_habit(user, "Read")
    message = json.dumps({"title": {"id": "%(name)s: missed twice", "params": {"name": "Read"}},
                          "body": "Keep going."})
    _card(user.id, read.id, "missed:1:2026-11", "Read: missed twice", message=message)
    _card(user.id, read.id, "low:1:2026-11", "Read is at 10% lately", read=True)
    _card(user.id, None, "milestone:-:days-100", "100 days logged", kind="milestone", read=True)
    db.session.commit()


def _export(client, user) -> dict:
    response = client.get("/api/v1/export?format=json", headers=bearer(user.id))
    assert response.status_code == 200
    return json.loads(response.get_data(as_text=True))


def _restore(runner, tmp_path, document, email="copy@example.com"):
    path = tmp_path / f"{email}.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    if accounts.by_email(email) is None:
        accounts.create(email, "password-123")
        db.session.commit()
    result = runner.invoke(args=["import-data", "--email", email, str(path)])
    assert result.exit_code == 0, result.output
    return accounts.by_email(email)


def _cards(user_id) -> list[tuple]:
    return db.session.execute(
        sa.select(Notification.kind, Notification.title, Notification.dedup_key,
                  Notification.read_at.is_not(None), Notification.created_at, Habit.name)
        .outerjoin(Habit, Habit.id == Notification.habit_id)
        .where(Notification.user_id == user_id).order_by(Notification.dedup_key)).all()


def test_the_backup_writes_the_accounts_notifications(client, user, make_habit):
    _account(user, make_habit)
    cards = _export(client, user)["notifications"]
    assert [c["title"] for c in cards] == ["Read: missed twice", "Read is at 10% lately",
                                           "100 days logged"]
    missed = cards[0]
    assert (missed["habit"], missed["kind"], missed["read_at"]) == ("Read", "missed", None)
    assert missed["created_at"] == "2026-11-20T07:00:00Z"
    assert missed["message"]["title"]["params"] == {"name": "Read"}


def test_a_restore_into_a_new_account_brings_them_back_as_they_were(client, runner, user,
                                                                    make_habit, tmp_path):
    _account(user, make_habit)
    copy = _restore(runner, tmp_path, _export(client, user))
    assert _cards(copy.id) == _cards(user.id)
    # They read as before, in the reader's language too (the message data came along).
    copy_client = client.application.test_client()
    copy_client.post("/login", data={"email": copy.email, "password": "password-123"})
    page = copy_client.get("/notifications", headers={"Accept-Language": "de"})
    assert page.status_code == 200 and "Read is at 10% lately" in page.get_data(as_text=True)


def test_an_account_in_use_keeps_its_own_and_the_preview_says_so(client, runner, user,
                                                                  make_habit, tmp_path):
    _account(user, make_habit)
    document = _export(client, user)
    bundle = backup.parse_habitory_json(json.dumps(document).encode())
    assert len(bundle.notifications) == 3
    before = _cards(user.id)
    db.session.execute(sa.delete(Notification).where(Notification.user_id == user.id))
    db.session.commit()
    from habitory.portability import store
    said = store.preview(user.id, bundle).warnings
    assert any("3 notifications are not restored" in str(w) for w in said), said
    _restore(runner, tmp_path, document, email=user.email)  # merged into its own habits
    assert _cards(user.id) == [] and before


@pytest.mark.parametrize("bad", [
    "not a list", [["x"]], [{"kind": "missed", "title": "t" * 161, "dedup_key": "k",
                             "created_at": "2026-11-20T07:00:00Z"}],
    [{"kind": "missed", "title": "t", "dedup_key": "", "created_at": "2026-11-20T07:00:00Z"}],
    [{"kind": "missed", "title": "t", "dedup_key": "k", "created_at": "yesterday"}],
])
def test_a_damaged_card_refuses_the_file_with_a_sentence(bad):
    document = {"format": "habitory-backup", "schema_version": 1, "habits": [],
                "notifications": bad}
    with pytest.raises(BadImportFile, match="notification"):
        backup.parse_habitory_json(json.dumps(document).encode())


def test_message_data_that_does_not_read_back_keeps_the_english(client, runner, user,
                                                                make_habit, tmp_path):
    _account(user, make_habit)
    document = _export(client, user)
    document["notifications"][0]["message"] = {"title": {"id": 5, "params": []}, "body": {}}
    copy = _restore(runner, tmp_path, document)
    stored = db.session.scalar(sa.select(Notification.message).where(
        Notification.user_id == copy.id, Notification.dedup_key == "missed:1:2026-11"))
    assert stored is None
    copy_client = client.application.test_client()
    copy_client.post("/login", data={"email": copy.email, "password": "password-123"})
    assert "Read: missed twice" in copy_client.get("/notifications").get_data(as_text=True)

"""Logging out on a shared phone stops its reminders: the logout form carries this browser's
push endpoint (static/js/app.js adds it) and the server forgets that subscription, and only
when it is the account's own."""

from __future__ import annotations

import sqlalchemy as sa

from habitory.domain import push
from habitory.extensions import db
from habitory.models import PushSubscription, User

from .conftest import PASSWORD

PHONE = "https://push.example.net/send/shared-phone"
LAPTOP = "https://push.example.net/send/laptop"
OTHERS = "https://push.example.net/send/grace-phone"


def _endpoints() -> set[str]:
    db.session.expire_all()
    return set(db.session.scalars(sa.select(PushSubscription.endpoint)))


def test_logging_out_forgets_this_devices_subscription_only(client, user):
    grace = User(email="grace@example.com", password_hash="-")
    db.session.add(grace)
    db.session.commit()
    for owner, endpoint in ((user.id, PHONE), (user.id, LAPTOP), (grace.id, OTHERS)):
        push.subscribe(owner, endpoint, "key", "auth")
    answer = client.post("/logout", data={"push_endpoint": PHONE})
    assert answer.status_code == 303
    assert _endpoints() == {LAPTOP, OTHERS}  # the other device and the other account keep theirs


def test_another_accounts_endpoint_sent_at_logout_is_left_alone(client, user):
    grace = User(email="grace@example.com", password_hash="-")
    db.session.add(grace)
    db.session.commit()
    push.subscribe(grace.id, OTHERS, "key", "auth")
    assert client.post("/logout", data={"push_endpoint": OTHERS}).status_code == 303
    assert _endpoints() == {OTHERS}


def test_a_hostile_endpoint_still_logs_out(client, user):
    push.subscribe(user.id, PHONE, "key", "auth")
    for endpoint in ("x\x00y", "h" * 5000, ""):
        client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert client.get("/settings").status_code == 200  # logged in
        answer = client.post("/logout", data={"push_endpoint": endpoint})
        assert answer.status_code == 303
        assert client.get("/settings").status_code in (302, 303)  # logged out
    assert _endpoints() == {PHONE}

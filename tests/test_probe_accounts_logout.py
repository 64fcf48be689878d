"""Logging out of a tab whose login already ended elsewhere still does what "Log out" says on
that device: its reminders stop too."""

from __future__ import annotations

import sqlalchemy as sa

from habitory.domain import push
from habitory.extensions import db
from habitory.models import PushSubscription

from .conftest import HTMX, PASSWORD, AuthActions

PHONE = "https://push.example.net/send/shared-phone"
LAPTOP = "https://push.example.net/send/laptop"


def _endpoints() -> set[str]:
    db.session.expire_all()
    return set(db.session.scalars(sa.select(PushSubscription.endpoint)))


def _password_changed_on_the_laptop(app) -> None:
    laptop = app.test_client()
    AuthActions(laptop).login()
    assert laptop.post("/settings/password", data={
        "password-current": PASSWORD, "password-password": "a-new-password",
        "password-confirm": "a-new-password"}).status_code == 303


def test_log_out_on_a_phone_whose_login_ended_elsewhere_stops_its_reminders(app, client, user):
    for endpoint in (PHONE, LAPTOP):
        push.subscribe(user.id, endpoint, "key", "auth")
    _password_changed_on_the_laptop(app)
    assert client.get("/settings").status_code == 302  # the phone's login has ended
    answer = client.post("/logout", data={"push_endpoint": PHONE})
    assert answer.status_code == 303 and answer.location == "/login"
    assert _endpoints() == {LAPTOP}


def test_log_out_over_htmx_after_an_email_change_elsewhere_stops_the_reminders(app, client,
                                                                                user):
    push.subscribe(user.id, PHONE, "key", "auth")
    laptop = app.test_client()
    AuthActions(laptop).login()
    laptop.post("/settings/email", data={"email-email": "ada@new.example",
                                         "email-current": PASSWORD})
    answer = client.post("/logout", data={"push_endpoint": PHONE}, headers=HTMX)
    assert answer.headers.get("HX-Redirect") == "/login"
    assert _endpoints() == set()


def test_a_logout_with_no_login_behind_it_touches_no_subscription(app, user):
    push.subscribe(user.id, PHONE, "key", "auth")
    stranger = app.test_client()
    assert stranger.post("/logout", data={"push_endpoint": PHONE}).status_code == 303
    assert _endpoints() == {PHONE}

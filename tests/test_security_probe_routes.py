"""Every route, found from app.url_map so that a new one is covered the day it is added:
each state-changing web route refuses a request without the CSRF token (form and htmx), and
each route that takes an id answers 404 for another user's, changing nothing of theirs."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from habitory.domain import tokens
from habitory.domain.notifications import NewNotification, insert_new
from habitory.extensions import db
from habitory.models import ApiToken, CheckIn, Habit, Notification, User

from .conftest import HTMX, PASSWORD

WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def _token(html: str) -> str:
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)


def _sign_up(client, email: str) -> str:
    """Register through the form with its token; the token of the logged-in pages."""
    token = _token(client.get("/register").get_data(as_text=True))
    response = client.post("/register", data={"csrf_token": token, "email": email,
                                              "password": PASSWORD, "confirm": PASSWORD})
    assert response.status_code == 303
    return _token(client.get("/").get_data(as_text=True))


def _belongings(client, token: str, email: str) -> dict[str, int]:
    """A habit with a check-in, a notification and an API token: the ids a route can take."""
    assert client.post("/habits", data={"name": "Secret diary", "csrf_token": token}
                       ).status_code == 303
    user = db.session.scalar(sa.select(User).where(User.email == email))
    habit = db.session.scalar(sa.select(Habit).where(Habit.user_id == user.id))
    assert client.post(f"/habits/{habit.id}/toggle", data={"csrf_token": token}
                       ).status_code == 303
    insert_new(user.id, [NewNotification(kind="missed", category="alerts", title="Private",
                                         body="Private body", dedup_key=f"k:{email}")])
    api_token, _secret = tokens.create(user.id, "Zebrafinch", "read-write")
    db.session.commit()
    notification = db.session.scalar(
        sa.select(Notification.id).where(Notification.user_id == user.id))
    return {"habit_id": habit.id, "notification_id": notification, "token_id": api_token.id,
            "user_id": user.id}


def _web_routes(app, methods):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(("/api/", "/static")):
            continue
        for method in sorted(rule.methods & methods):
            yield rule, method


def _url(rule, ids: dict[str, int]) -> str:
    url = rule.rule
    for name in rule.arguments:
        url = re.sub(rf"<(?:[^:>]+:)?{name}>", str(ids[name]), url)
    assert "<" not in url, f"{rule.rule}: an argument this test does not know"
    return url


def _snapshot(ids: dict[str, int]) -> tuple:
    db.session.expire_all()
    habit = db.session.get(Habit, ids["habit_id"])
    notification = db.session.get(Notification, ids["notification_id"])
    return (
        habit and (habit.name, habit.archived, habit.position),
        db.session.scalar(sa.select(sa.func.count(CheckIn.id))
                          .where(CheckIn.habit_id == ids["habit_id"])),
        notification and notification.read_at,
        db.session.get(ApiToken, ids["token_id"]) is not None,
        db.session.get(User, ids["user_id"]).session_token,
    )


def test_every_state_changing_web_route_needs_the_csrf_token(csrf_app):
    client = csrf_app.test_client()
    token = _sign_up(client, "ada@example.com")
    ids = _belongings(client, token, "ada@example.com")
    before = _snapshot(ids)
    checked = []
    for rule, method in _web_routes(csrf_app, WRITES):
        url = _url(rule, ids)
        for headers in ({}, HTMX, {**HTMX, "X-CSRFToken": "forged"}):
            response = client.open(url, method=method, headers=headers, data={
                "name": "x", "current": PASSWORD, "direction": "up", "state": "done",
                "endpoint": "https://push.example.com/x", "email": "ada@example.com",
                "password": PASSWORD})
            assert response.status_code == 400, (method, url, headers, response.status_code)
            checked.append(url)
    assert _snapshot(ids) == before  # nothing changed, and still logged in:
    assert client.get("/settings/account").status_code == 200
    assert {"/logout", "/settings/delete", "/settings/tokens", "/push/subscriptions",
            "/settings/language", "/login"} <= set(checked)


def test_session_cookies_never_authenticate_the_json_api(csrf_app):
    """The API is CSRF-exempt because it takes tokens only: a page's cookie must not do."""
    client = csrf_app.test_client()
    token = _sign_up(client, "ada@example.com")
    ids = _belongings(client, token, "ada@example.com")
    before = _snapshot(ids)
    for rule in csrf_app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            url = _url(rule, {**ids, "day": "2026-11-25"})
            response = client.open(url, method=method, json={"name": "x", "state": "done"})
            assert response.status_code == 401, (method, url, response.status_code)
    assert _snapshot(ids) == before


@pytest.fixture
def two_users(app):
    """The victim's belongings, and a client logged in as the intruder (CSRF off: the
    question here is ownership, not forgery)."""
    victim = app.test_client()
    victim.post("/register", data={"email": "victim@example.com", "password": PASSWORD,
                                   "confirm": PASSWORD})
    ids = _belongings(victim, "", "victim@example.com")
    intruder = app.test_client()
    intruder.post("/register", data={"email": "intruder@example.com", "password": PASSWORD,
                                     "confirm": PASSWORD})
    intruder.post("/habits", data={"name": "Mine"})
    return victim, intruder, ids


def test_every_route_with_an_id_is_404_for_another_users_and_changes_nothing(app, two_users):
    victim, intruder, ids = two_users
    before = _snapshot(ids)
    checked = set()
    for rule, method in _web_routes(app, WRITES | {"GET"}):
        if not rule.arguments:
            continue
        url = _url(rule, ids)
        for headers in ({}, HTMX):
            response = intruder.open(url, method=method, headers=headers, data={
                "name": "Hijacked", "direction": "up", "state": "done", "day": "2026-11-25",
                "note": "hijacked", "form": "full", "kind": "yes_no", "schedule": "daily",
                "colour": "teal"})
            assert response.status_code == 404, (method, url, headers, response.status_code)
            body = response.get_data(as_text=True)
            assert "Secret diary" not in body and "Private" not in body
            assert ("<html" in body) is not bool(headers), (method, url, headers)
            checked.add(rule.endpoint)
    assert _snapshot(ids) == before
    assert {"habits.edit_day", "habits.update", "notifications.read", "notifications.delete",
            "settings.revoke_api_token"} <= checked
    # And the victim still sees everything of theirs.
    assert "Secret diary" in victim.get("/").get_data(as_text=True)
    assert "Private" in victim.get("/notifications").get_data(as_text=True)


def test_lists_and_polls_never_show_another_users_things(app, two_users):
    _victim, intruder, ids = two_users
    for url in ("/", "/calendar", "/insights?period=all", "/notifications", "/habits/archived",
                "/settings/tokens", "/notifications/badge?after=0", "/settings/export",
                "/settings/export?format=csv"):
        response = intruder.get(url, headers=HTMX if "badge" in url else {})
        text = response.get_data(as_text=True) + str(response.headers)
        assert "Secret diary" not in text and "Private" not in text, url
        assert "Zebrafinch" not in text, url

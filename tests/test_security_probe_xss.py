"""Stored XSS: what a user types (habit names, descriptions, units, icons, tags, notes) and what a
notification says comes back as text, never as markup, on every page and fragment that shows
it, in every attribute and JSON island, and in every file the user downloads."""

from __future__ import annotations

import csv
import io
import json

import sqlalchemy as sa

from habitory.domain.notifications import NewNotification, insert_new
from habitory.extensions import db
from habitory.models import Habit, Notification

from .conftest import HTMX, TODAY

# Each closes an attribute or a tag if it is written unescaped anywhere.
MARK = "<img src=x onerror=alert(1)>"
QUOTE = "\"'><svg onload=alert(2)>"
SCRIPT = "</script><script>alert(3)</script>"


def _hostile_account(client, user):
    """One of each thing a user names, each with a payload in it, and a notification."""
    fields = {"form": "full", "name": f"A{MARK}", "kind": "measurable", "schedule": "daily",
              "colour": "teal", "target": "8", "unit": "u\"'><svg onload=1>",
              "direction": "at_least",
              "description": f"d{SCRIPT}", "icon": "x", "tags": "t<b>x</b>"}
    assert client.post("/habits", data=fields).status_code == 303
    habit = db.session.scalar(sa.select(Habit).where(Habit.user_id == user.id))
    response = client.post(f"/habits/{habit.id}/day", data={
        "day": TODAY.isoformat(), "state": "done", "amount": "3", "note": f"n{MARK}{QUOTE}"})
    assert response.status_code in (200, 303), response.get_data(as_text=True)[:500]
    insert_new(user.id, [NewNotification(kind="missed", category="alerts", title=f"T{MARK}",
                                         body=f"B{QUOTE}{SCRIPT}", dedup_key="xss",
                                         habit_id=habit.id)])
    db.session.commit()
    return habit


def _pages(app, habit_id: int, notification_id: int):
    """Every GET page of the app that a logged-in user can open, with its ids filled in."""
    ids = {"habit_id": habit_id, "notification_id": notification_id}
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.rule.startswith(("/static", "/api/")):
            continue
        values = {name: ids[name] for name in rule.arguments}
        yield rule.rule, values


def _assert_inert(text: str, where: str) -> None:
    for raw in ("<img src=x", "<svg onload", "<script>alert", "<b>x</b>"):
        assert raw not in text, f"{where} echoes {raw!r} unescaped"


def test_stored_payloads_are_text_on_every_page_and_fragment(app, client, user):
    habit = _hostile_account(client, user)
    nid = db.session.scalar(sa.select(Notification.id).where(Notification.dedup_key == "xss"))
    seen = set()
    for rule, values in _pages(app, habit.id, nid):
        with app.test_request_context():
            from flask import url_for
            endpoint = next(r.endpoint for r in app.url_map.iter_rules() if r.rule == rule)
            url = url_for(endpoint, **values)
        for headers in ({}, HTMX):
            response = client.get(url, headers=headers)
            assert response.status_code < 500, url
            body = response.get_data(as_text=True)
            if response.mimetype == "text/html":  # JSON and files are no page (nosniff)
                _assert_inert(body, f"GET {url} {headers}")
            for name, value in response.headers.items():
                _assert_inert(value, f"header {name} of GET {url}")
            if "A&lt;img" in body or "A\\u003cimg" in body:
                seen.add(url)
    # The payload was really shown somewhere (else the test would prove nothing).
    assert "/" in seen and f"/habits/{habit.id}" in seen


def test_the_badge_poll_sends_notification_text_as_json_not_markup(client, user):
    _hostile_account(client, user)
    response = client.get("/notifications/badge?after=0", headers=HTMX)
    trigger = json.loads(response.headers["HX-Trigger"])
    card = trigger["habitory:new-notifications"][0]
    # Plain text for the Notification API, which shows it as text.
    assert card["title"] == f"T{MARK}"


def test_csv_and_json_exports_do_not_hand_spreadsheets_a_formula(client, user):
    """CSV injection: a cell that starts with = + - @ (or a tab/CR) runs as a formula when a
    spreadsheet opens the file."""
    for name in ("=HYPERLINK(\"http://evil.example\",\"x\")", "+1+cmd", "@SUM(A1)"):
        assert client.post("/habits", data={"name": name}).status_code == 303
        habit = db.session.scalar(sa.select(Habit).where(Habit.name == name))
        assert client.post(f"/habits/{habit.id}/day", data={
            "day": TODAY.isoformat(), "state": "done", "note": "-2+3"}).status_code == 303
    response = client.get("/settings/export?format=csv")
    assert response.status_code == 200, response.status_code
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    cells = [cell for row in rows for cell in row]
    assert any("HYPERLINK" in c for c in cells)
    dangerous = [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")]
    assert not dangerous, dangerous



def test_notifications_the_rules_write_about_a_hostile_name_stay_text(app, client, user,
                                                                      make_habit, monkeypatch):
    """The coach's sentences carry the habit's name as a parameter (stored as message data,
    translated when read): the name is escaped wherever the sentence is drawn."""
    from datetime import timedelta

    from habitory import clock
    from habitory.domain import rules_run

    # The rules on the user's TODAY: on the real clock these habits, written in with their past
    # at once, would read as imported that day (and months on as dormant), and say nothing.
    monkeypatch.setattr(rules_run, "now_utc", clock.now_utc)
    days = [TODAY - timedelta(days=n) for n in range(1, 40)]
    make_habit(user, f"Run{MARK}", created=TODAY - timedelta(days=60), done=days)
    make_habit(user, f"Swim{QUOTE}", created=TODAY - timedelta(days=60), done=days[20:])
    assert rules_run.run_rules([user], force=True) > 0
    titles = " ".join(n.title + n.body for n in db.session.scalars(sa.select(Notification)))
    assert "Run<img" in titles or "Swim\"'" in titles  # a sentence names one of them
    for url in ("/notifications", "/", "/insights?period=all", "/insights", "/calendar"):
        for headers in ({}, HTMX):
            _assert_inert(client.get(url, headers=headers).get_data(as_text=True), url)
    # The charts' data (JSON in an attribute) names the habits, escaped for the attribute.
    insights = client.get("/insights?period=all").get_data(as_text=True)
    assert "data-chart-spec" in insights and "Run\\u003cimg" in insights
    _assert_inert(client.get("/notifications/badge?after=0", headers=HTMX).get_data(
        as_text=True), "badge")

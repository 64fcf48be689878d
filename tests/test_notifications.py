"""The notifications list, card actions, badge and settings: page and fragment, per user."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from habitory.domain.notifications import NewNotification, insert_new
from habitory.extensions import db
from habitory.models import Notification, User

from .conftest import HTMX


def notify(user_id, n, read=False, **extra):
    items = [NewNotification(kind=extra.get("kind", "missed"), category="alerts",
                             title=f"Alert {i}", body=f"Body {i}", dedup_key=f"k:{i}")
             for i in range(n)]
    insert_new(user_id, items)
    if read:
        db.session.execute(sa.update(Notification).values(read_at=sa.func.now()))
    db.session.commit()


def test_empty_list_explains_what_will_appear(client, user):
    html = client.get("/notifications").get_data(as_text=True)
    assert "Nothing here yet." in html and "no unread" in html


def test_dedup_key_makes_a_notification_appear_once(client, user):
    notify(user.id, 3)
    notify(user.id, 3)
    assert db.session.scalar(sa.select(sa.func.count(Notification.id))) == 3


def test_list_newest_first_unread_first_and_badge(client, user):
    notify(user.id, 3)
    first = db.session.scalar(sa.select(Notification).where(Notification.title == "Alert 0"))
    client.post(f"/notifications/{first.id}/read")
    html = client.get("/notifications").get_data(as_text=True)
    titles = re.findall(r"Alert \d", html)
    order = list(dict.fromkeys(titles))
    assert order[-1] == "Alert 0"  # read ones after unread
    assert 'data-unread="2"' in html and ">2<span class=\"sr-only\"> unread" in html


@pytest.mark.parametrize("htmx", [False, True])
def test_mark_as_read(client, user, htmx):
    notify(user.id, 2)
    nid = db.session.scalar(sa.select(Notification.id).where(Notification.title == "Alert 1"))
    response = client.post(f"/notifications/{nid}/read", headers=HTMX if htmx else {})
    if htmx:
        html = response.get_data(as_text=True)
        assert response.status_code == 200 and "<html" not in html
        assert f'id="notification-{nid}"' in html and 'data-unread="false"' in html
        assert 'id="notification-badge"' in html and 'hx-swap-oob="true"' in html
        assert 'data-unread="1"' in html
    else:
        assert response.status_code == 303
    assert db.session.get(Notification, nid).read_at is not None


@pytest.mark.parametrize("htmx", [False, True])
def test_mark_all_read_and_dismiss(client, user, htmx):
    notify(user.id, 4)
    response = client.post("/notifications/read-all", headers=HTMX if htmx else {})
    assert response.status_code == (200 if htmx else 303)
    assert db.session.scalar(sa.select(sa.func.count(Notification.id)).where(
        Notification.read_at.is_(None))) == 0
    nid = db.session.scalar(sa.select(Notification.id).limit(1))
    response = client.post(f"/notifications/{nid}/delete", headers=HTMX if htmx else {})
    assert response.status_code == (200 if htmx else 303)
    assert db.session.get(Notification, nid) is None


def test_load_more_past_fifty(client, user):
    notify(user.id, 120)
    first = client.get("/notifications").get_data(as_text=True)
    assert first.count('<li id="notification-') == 50 and "Load more" in first
    second = client.get("/notifications?page=2", headers=HTMX).get_data(as_text=True)
    assert second.count('<li id="notification-') == 50 and "<html" not in second
    third = client.get("/notifications?page=3", headers=HTMX).get_data(as_text=True)
    assert third.count('<li id="notification-') == 20 and "Load more" not in third


def test_badge_poll_reports_new_notifications_as_an_event(client, user):
    notify(user.id, 2)
    newest = db.session.scalar(sa.select(sa.func.max(Notification.id)))
    response = client.get(f"/notifications/badge?after={newest - 1}", headers=HTMX)
    assert 'data-unread="2"' in response.get_data(as_text=True)
    assert "habitory:new-notifications" in response.headers["HX-Trigger"]
    assert "HX-Trigger" not in client.get(f"/notifications/badge?after={newest}").headers


@pytest.mark.parametrize("after", [str(2**31), "9" * 20, "9" * 5000, "-1", "1e3", "abc"])
def test_badge_poll_refuses_an_after_no_notification_can_have(client, user, after):
    notify(user.id, 1)
    fragment = client.get(f"/notifications/badge?after={after}", headers=HTMX)
    assert fragment.status_code == 400
    assert fragment.headers["HX-Retarget"] == "#messages"
    assert "whole number from 0 to 2147483647" in fragment.get_data(as_text=True)
    page = client.get(f"/notifications/badge?after={after}")
    assert page.status_code == 400 and "<html" in page.get_data(as_text=True)


def test_badge_poll_takes_the_largest_id_and_no_after(client, user):
    notify(user.id, 1)
    for query in (f"?after={2**31 - 1}", "?after=", ""):
        response = client.get(f"/notifications/badge{query}", headers=HTMX)
        assert response.status_code == 200 and "HX-Trigger" not in response.headers, query
    assert "HX-Trigger" in client.get("/notifications/badge?after=0", headers=HTMX).headers


def test_notification_pages_out_of_range_are_clamped(client, user):
    notify(user.id, 1)
    for page in ("-5", "0", "abc", "9" * 5000, str(2**63)):
        response = client.get(f"/notifications?page={page}", headers=HTMX)
        assert response.status_code == 200, page


def test_badge_is_on_every_page(client, user):
    notify(user.id, 5)
    for path in ("/", "/calendar", "/settings"):
        assert 'id="notification-badge"' in client.get(path).get_data(as_text=True)


def test_other_users_notifications_are_404(client, auth, user):
    notify(user.id, 1)
    nid = db.session.scalar(sa.select(Notification.id))
    auth.logout()
    auth.register(email="intruder@example.com")
    for path in (f"/notifications/{nid}/read", f"/notifications/{nid}/delete"):
        assert client.post(path).status_code == 404
        assert client.post(path, headers=HTMX).status_code == 404
    assert "Alert 0" not in client.get("/notifications").get_data(as_text=True)
    client.post("/notifications/read-all")
    assert db.session.get(Notification, nid).read_at is None


def test_notification_settings(client, user):
    response = client.post("/settings/notifications", data={
        "notify_alerts": "y", "notify_reminders": "y", "missed_days": "3"})
    assert response.status_code == 303
    saved = db.session.get(User, user.id)
    assert (saved.notify_alerts, saved.notify_suggestions, saved.notify_milestones,
            saved.notify_reminders, saved.missed_days) == (True, False, False, True, 3)
    bad = client.post("/settings/notifications", data={"missed_days": "30"})
    assert bad.status_code == 422 and "between 1 and 7" in bad.get_data(as_text=True)

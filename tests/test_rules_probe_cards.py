"""The notifications page's counts stay true after each card action, with htmx and without."""

from __future__ import annotations

import re

import sqlalchemy as sa

from habitory.domain.notifications import NewNotification, insert_new
from habitory.extensions import db
from habitory.models import Notification

from .conftest import HTMX


def _cards(user_id, n):
    insert_new(user_id, [NewNotification(kind="missed", category="alerts", title=f"Alert {i}",
                                         body="b", dedup_key=f"k:{i}") for i in range(n)])
    db.session.commit()
    return db.session.scalars(sa.select(Notification.id).order_by(Notification.id)).all()


def _read_all_button(html):
    match = re.search(r'<div id="notification-read-all"[^>]*>.*?</div>', html, re.S)
    assert match, "the mark-all-read control is missing"
    return match.group(0)


def test_the_mark_all_read_count_follows_each_card_read_with_htmx(client, user):
    ids = _cards(user.id, 3)
    assert "Mark all read (3)" in _read_all_button(client.get("/notifications").text)
    first = client.post(f"/notifications/{ids[0]}/read", headers=HTMX).text
    control = _read_all_button(first)
    assert 'hx-swap-oob="true"' in control and "Mark all read (2)" in control
    client.post(f"/notifications/{ids[1]}/read", headers=HTMX)
    last = client.post(f"/notifications/{ids[2]}/read", headers=HTMX).text
    assert "Mark all read" not in _read_all_button(last)  # nothing left to mark


def test_dismissing_an_unread_card_updates_the_count_too(client, user):
    ids = _cards(user.id, 2)
    answer = client.post(f"/notifications/{ids[0]}/delete", headers=HTMX).text
    assert "Mark all read (1)" in _read_all_button(answer)
    assert 'data-unread="1"' in answer  # the badge


def test_without_javascript_the_page_after_a_read_says_the_new_count(client, user):
    ids = _cards(user.id, 2)
    response = client.post(f"/notifications/{ids[0]}/read", follow_redirects=True)
    assert "Mark all read (1)" in _read_all_button(response.text)


def test_dismissing_the_last_card_with_htmx_shows_the_empty_state(client, user):
    (only,) = _cards(user.id, 1)
    answer = client.post(f"/notifications/{only}/delete", headers=HTMX).text
    assert '<section id="notification-list"' in answer and "Nothing here yet." in answer
    assert answer.count('hx-swap-oob="true"') == 2  # the list and the badge, each once

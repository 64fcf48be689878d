"""Notification cards: mark read by mouse and by keyboard; the badge drops without a reload."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from browser_support import settled
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def give_notifications(app, email: str, count: int) -> None:
    from habitory.domain.notifications import NewNotification, insert_new
    from habitory.extensions import db
    from habitory.models import User

    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id).where(User.email == email))
        insert_new(user_id, [
            NewNotification(kind="missed", category="alerts", title=f"Read slipped {i}",
                            body=f"Not done for {i + 2} days.", dedup_key=f"test:{i}")
            for i in range(count)
        ])
        db.session.commit()


def test_cards_marked_read_by_mouse_and_keyboard(page, register, live_app, axe_check):
    email = register(page)
    give_notifications(live_app, email, 3)
    page.goto("/notifications")
    badge = page.locator("#notification-badge")
    expect(badge).to_have_attribute("data-unread", "3")
    axe_check(page)
    page.evaluate("() => { window.__sameDocument = true; }")

    cards = page.locator("#notification-list li[data-unread]")
    expect(cards).to_have_count(3)
    first = cards.nth(0)
    first.get_by_role("button", name="Mark as read").click()
    expect(badge).to_have_attribute("data-unread", "2")
    expect(page.locator("#notification-list li[data-unread='true']")).to_have_count(2)

    # Keyboard only: focus the next "Mark as read" button and press Enter.
    unread = page.locator("#notification-list li[data-unread='true']")
    button = unread.locator("button", has_text="Mark as read").first
    button.focus()
    page.keyboard.press("Enter")
    expect(badge).to_have_attribute("data-unread", "1")
    assert page.evaluate("() => window.__sameDocument === true"), "the page reloaded"

    page.get_by_role("button", name="Mark all read").click()
    expect(badge).to_have_attribute("data-unread", "0")
    expect(page.locator("#notification-list li[data-unread='true']")).to_have_count(0)
    page.reload()
    expect(page.locator("#notification-badge")).to_have_attribute("data-unread", "0")
    axe_check(page)  # read cards: their muted time and link still 4.5:1, light and dark


def test_badge_shows_on_today_and_dismiss_removes_a_card(page, register, live_app):
    email = register(page)
    give_notifications(live_app, email, 2)
    page.goto("/")
    expect(page.locator("#notification-badge")).to_contain_text("2")
    page.goto("/notifications")
    page.locator("#notification-list li").first.get_by_role("button", name="Dismiss").click()
    expect(page.locator("#notification-list li[data-unread]")).to_have_count(1)
    expect(page.locator("#notification-badge")).to_have_attribute("data-unread", "1")


SET_VISIBILITY = """state => {
    Object.defineProperty(document, "visibilityState", {value: state, configurable: true});
    document.dispatchEvent(new Event("visibilitychange"));
}"""


def test_the_badge_polls_only_while_the_tab_is_visible(page, register, live_app):
    """The bell polls itself (hx-trigger "every 60s"); under the CSP htmx cannot evaluate a
    [visible] filter, so notifications.js skips the polls of a hidden tab and polls as soon as
    it shows again, asking only for notifications newer than the page knows of."""
    email = register(page)
    badge = page.locator("#notification-badge")
    expect(badge).to_have_attribute("data-unread", "0")
    polls: list[str] = []
    page.on("request", lambda r: polls.append(r.url) if "/notifications/badge" in r.url else None)
    give_notifications(live_app, email, 2)

    page.evaluate(SET_VISIBILITY, "hidden")
    page.evaluate("() => htmx.trigger(document.body, 'habitory:visible')")  # as a tick would
    page.wait_for_timeout(300)
    assert polls == []
    expect(badge).to_have_attribute("data-unread", "0")

    page.evaluate(SET_VISIBILITY, "visible")
    expect(badge).to_have_attribute("data-unread", "2")
    assert len(polls) == 1 and polls[0].endswith("after=0")
    newest = page.locator("#notification-bell").get_attribute("data-latest-notification")
    assert int(newest) > 0  # the two new cards were announced once
    settled(page)  # the swapped-in badge is the next poller once htmx has wired it
    with page.expect_request(lambda r: "/notifications/badge" in r.url) as second:
        page.evaluate(SET_VISIBILITY, "visible")
    assert second.value.url.endswith(f"after={newest}")

"""In the browser: the mark-all-read count follows each card read, and dismissing the last
card shows the empty state, without a reload and without a console error."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from test_browser_notifications import give_notifications

pytestmark = pytest.mark.browser


def test_counts_follow_each_card_and_the_last_dismiss_shows_the_empty_state(
        page, register, live_app):
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    email = register(page)
    give_notifications(live_app, email, 2)
    page.goto("/notifications")
    page.evaluate("() => { window.__sameDocument = true; }")
    expect(page.locator("#read-all")).to_have_text("Mark all read (2)")
    page.locator("#notification-list li").first.get_by_role("button",
                                                           name="Mark as read").click()
    expect(page.locator("#read-all")).to_have_text("Mark all read (1)")
    for _ in range(2):
        page.locator("#notification-list li").first.get_by_role("button",
                                                               name="Dismiss").click()
        page.wait_for_timeout(300)
    expect(page.get_by_text("Nothing here yet.")).to_be_visible()
    expect(page.locator("#read-all")).to_have_count(0)
    expect(page.locator("#notification-badge")).to_have_attribute("data-unread", "0")
    assert page.evaluate("() => window.__sameDocument === true"), "the page reloaded"
    assert errors == []

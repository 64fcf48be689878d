"""Logging out on a shared phone: the browser's push subscription is unsubscribed and the
server forgets it, so reminders naming the habits stop reaching a phone nobody is logged in on."""

from __future__ import annotations

import pytest
from browser_support import wait_for_worker
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ENDPOINT = "https://push.example.net/send/shared-phone"
# Chromium here reaches no push service: a subscription stands in for one, and says (in this
# origin's localStorage, which outlives the page the logout leaves) when it was unsubscribed.
FAKE_SUBSCRIPTION = """
PushManager.prototype.getSubscription = async function () {
  if (localStorage.getItem("unsubscribed")) return null;
  return { endpoint: "ENDPOINT",
           unsubscribe: async () => { localStorage.setItem("unsubscribed", "yes"); return true; } };
};
""".replace("ENDPOINT", ENDPOINT)


def test_logging_out_stops_this_phones_reminders(new_page, register, live_app):
    import sqlalchemy as sa

    from habitory.domain import push
    from habitory.extensions import db
    from habitory.models import PushSubscription, User

    page = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page.context.add_init_script(FAKE_SUBSCRIPTION)
    email = register(page)
    wait_for_worker(page)
    with live_app.app_context():
        user_id = db.session.scalar(sa.select(User.id).where(User.email == email))
        push.subscribe(user_id, ENDPOINT, "key", "auth")
        push.subscribe(user_id, "https://push.example.net/send/laptop", "key", "auth")
    page.locator("details[data-menu] > summary").click()
    page.get_by_role("button", name="Log out").click()
    expect(page.locator("#messages")).to_contain_text("You are logged out")
    assert page.evaluate("() => localStorage.getItem('unsubscribed')") == "yes"
    with live_app.app_context():
        left = set(db.session.scalars(sa.select(PushSubscription.endpoint).where(
            PushSubscription.user_id == user_id)))
    assert left == {"https://push.example.net/send/laptop"}  # the laptop still gets them

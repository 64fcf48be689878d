"""Settings → "Send a test notification" with one device whose push service is gone: the page
comes back to the button and says there how many of the devices got it (phone and desktop,
light and dark, for a human to look at)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from push_support import Browser, PushService  # noqa: E402

VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "390": {"width": 390, "height": 844}}


def subscribe(app, email: str, *endpoints: str) -> None:
    from habitory.domain import push
    from habitory.extensions import db
    from habitory.models import User

    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id).where(User.email == email))
        for endpoint in endpoints:
            fields = Browser(endpoint).fields()
            push.subscribe(user_id, endpoint, fields["p256dh"], fields["auth"])


@pytest.mark.parametrize("size", VIEWPORTS)
def test_the_test_notification_says_which_share_of_the_devices_got_it(
        size, new_page, register, live_app, live_server, screenshot):
    mobile = size != "desktop"
    page = new_page(viewport=VIEWPORTS[size], is_mobile=mobile, has_touch=mobile)
    email = register(page)
    working, gone = PushService(), PushService()
    gone_url = gone.url("/send/old-phone")
    gone.close()  # the old phone's push service no longer answers
    live_app.config["PUSH_ALLOW_HTTP"] = True
    try:
        subscribe(live_app, email, working.url("/send/laptop"), gone_url)
        for theme in ("light", "dark"):
            page.context.add_cookies([{"name": "theme", "value": theme, "url": live_server}])
            page.goto("/settings")
            page.get_by_role("button", name="Send a test notification").click()
            message = page.get_by_text("A test notification went to 1 of your 2 devices")
            # Beside the button, where the page comes back to, not out of sight at the top.
            expect(message).to_be_in_viewport()
            screenshot(page, f"push-test-partial-{theme}-{size}")
        assert [path for path, _, _ in working.received] == ["/send/laptop"] * 2
    finally:
        live_app.config["PUSH_ALLOW_HTTP"] = False
        working.close()

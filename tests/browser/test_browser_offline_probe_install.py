"""Probe (2026-12-06): installing Habitory on a phone. Playwright's contexts are incognito,
where Chromium says nothing of installability but "in incognito": a profile on disk does."""

from __future__ import annotations

import pytest
from browser_support import wait_for_worker
from conftest import CHROMIUM, LAUNCH_ARGS, register_user
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_chromium_finds_habitory_installable(playwright_driver, live_server, tmp_path,
                                             browser_watch):
    context = playwright_driver.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS,
        base_url=live_server, viewport={"width": 390, "height": 844}, is_mobile=True,
        has_touch=True)
    try:
        page = context.pages[0] if context.pages else context.new_page()
        browser_watch.watch(page)
        register_user(page)
        wait_for_worker(page)
        cdp = context.new_cdp_session(page)
        assert cdp.send("Page.getAppManifest")["errors"] == []
        errors = []
        for _ in range(20):  # Chromium checks the icons and the worker in the background
            errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
            if not errors:
                break
            page.wait_for_timeout(250)
        assert errors == []
    finally:
        context.close()


FAKE_SUBSCRIPTION = """
PushManager.prototype.getSubscription = async function () {
  return { endpoint: "https://push.example.net/send/browser-of-the-phone",
           unsubscribe: async () => true };
};
"""


def test_settings_say_off_for_the_previous_users_subscription(new_page, register, live_app,
                                                              live_server):
    """The browser keeps whoever turned notifications on: Settings told the next user "On:
    reminders reach this device" for the previous user's subscription (and their reminders,
    with their habit names, kept arriving)."""
    import sqlalchemy as sa

    from habitory.domain import push
    from habitory.extensions import db
    from habitory.models import User

    page = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page.context.add_init_script(FAKE_SUBSCRIPTION)
    email = register(page)
    wait_for_worker(page)
    page.goto("/settings")
    status = page.locator("#push-settings [data-push-status]")
    expect(status).to_have_text("Off on this device.")
    expect(page.locator("[data-push-toggle]")).to_have_text("Turn on notifications on this device")
    with live_app.app_context():  # this user's own subscription: "on"
        user_id = db.session.scalar(sa.select(User.id).where(User.email == email))
        push.subscribe(user_id, "https://push.example.net/send/browser-of-the-phone", "k", "a")
    page.reload()
    expect(status).to_contain_text("On: reminders reach this device")
    expect(page.locator("[data-push-toggle]")).to_have_attribute("aria-pressed", "true")

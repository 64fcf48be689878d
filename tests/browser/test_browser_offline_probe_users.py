"""Probe (2026-12-06): a phone user on a train, the app installed, the connection dead, and
the same phone handed to someone else. The offline fallback page must be the current user's
(their queue, their menu), never the visitor's or the previous user's; a logout tapped in a
tunnel must not end on the browser's error page."""

from __future__ import annotations

import re

import pytest
from browser_support import PASSWORD, TODAY_URL, choose_language, screenshot, wait_for_worker
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def _log_out(page):
    page.locator("summary", has_text="Account menu").click()
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login"))


def _log_in(page, email):
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(TODAY_URL)


def _reinstall_worker(page):
    """A new release's worker installs while the user is logged in (as after a deploy)."""
    page.evaluate("""async () => {
        for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();
        for (const k of await caches.keys()) await caches.delete(k);
    }""")
    page.reload()
    wait_for_worker(page)
    page.reload()
    page.wait_for_timeout(300)


def test_the_offline_page_is_the_logged_in_users_with_their_waiting_changes(
        new_page, register, add_habit):
    """The worker installs on the sign-up page: its offline page offered "Log in / Sign up" to
    a logged-in user and hid the changes waiting."""
    page = new_page(**PHONE)
    register(page)
    read = add_habit(page, "Read")
    wait_for_worker(page)
    page.reload()
    page.wait_for_timeout(300)
    page.context.set_offline(True)
    try:
        page.locator(f"#toggle-{read}").click()
        expect(page.locator("#offline-status")).to_contain_text("1 change waiting")
        page.goto("/insights")  # never opened: the offline page
        expect(page.get_by_role("heading", name="Offline")).to_be_visible()
        expect(page.locator("#offline-status")).to_contain_text("1 change waiting")
        expect(page.get_by_role("link", name="Sign up")).to_have_count(0)
        screenshot(page, "probe-offline-fallback-390")
    finally:
        page.context.set_offline(False)
    # Back online: the tick is sent, and the page asked for comes in place of the offline one.
    expect(page.get_by_role("heading", name="Offline")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/insights$"))
    expect(page.locator("#offline-status")).to_be_hidden()


def test_the_next_user_never_sees_the_previous_users_offline_page_or_changes(
        new_page, register, add_habit, live_app):
    """A worker installed while Ann was logged in kept Ann's offline page (her email, her
    id): offline, Bob saw her menu and her waiting changes on it."""
    page = new_page(**PHONE)
    ann = register(page)
    habit = add_habit(page, "Ann's secret habit")
    _reinstall_worker(page)
    today = page.locator(f"#toggle-{habit}").get_attribute("value")
    page.evaluate("""async ([habit, day]) => {
        const user = document.getElementById("offline-status").dataset.user;
        await HabitoryQueue.queue({ user, habit, day, name: "Ann's secret habit",
            at: new Date().toISOString(), token: "stale", url: `/habits/${habit}/toggle`,
            fields: { day, state: "done" } });
    }""", [habit, today])
    _log_out(page)
    bob = register(page)
    assert bob != ann
    page.goto("/")
    wait_for_worker(page)
    page.reload()
    page.wait_for_timeout(300)
    page.context.set_offline(True)
    try:
        page.goto("/insights")
        expect(page.get_by_role("heading", name="Offline")).to_be_visible()
        html = page.content()
        assert ann not in html
        expect(page.locator("#offline-status [data-waiting-line]")).to_be_empty()
    finally:
        page.context.set_offline(False)
    # Reloaded online (the replay first: slow on a loaded machine).
    expect(page.get_by_role("heading", name="Offline")).to_have_count(0, timeout=15_000)
    page.goto("/")
    page.wait_for_timeout(500)
    expect(page.locator("#offline-status")).to_be_hidden()
    # Ann's change was never sent under Bob's session; it waits for Ann.
    left = page.evaluate("async () => (await HabitoryQueue.all(HabitoryQueue.CHANGES)).length")
    assert left == 1


def test_logging_out_in_a_tunnel_says_it_was_not_done_and_keeps_the_saved_pages(
        new_page, register, add_habit):
    """The logout form could not reach the server: Chromium's error page, before."""
    page = new_page(**PHONE)
    register(page)
    add_habit(page, "Read")
    wait_for_worker(page)
    page.reload()
    page.wait_for_timeout(300)
    page.context.set_offline(True)
    try:
        page.locator("summary", has_text="Account menu").click()
        page.get_by_role("button", name="Log out").click()
        expect(page.get_by_role("heading", name="Offline")).to_be_visible()
        expect(page.get_by_text("Not done: this needs a connection.")).to_be_visible()
        expect(page.get_by_text("This page was not saved")).to_be_hidden()
        screenshot(page, "probe-logout-offline-390")
        page.goto("/")  # still logged in, so Today's saved copy is still there
        expect(page.get_by_role("link", name="Read", exact=True)).to_be_visible()
        expect(page.locator("#offline-status")).to_contain_text("Offline — showing what you saw")
    finally:
        page.context.set_offline(False)
    # Back online, the saved copy trades itself for the live page: still logged in. (The
    # browser's "online" event, then a fetch of the page: more than 5 s on a loaded CI host.)
    expect(page.locator("html")).not_to_have_attribute("data-offline-saved-at", re.compile("."),
                                                       timeout=20_000)
    expect(page).to_have_url(TODAY_URL)
    expect(page.get_by_role("link", name="Read", exact=True)).to_be_visible()


def test_a_new_account_with_a_deleted_accounts_id_never_sees_its_waiting_changes(
        new_page, register, add_habit, live_app, browser_watch):
    """SQLite gave a new account the id of the newest one deleted (before migration 0024; a
    database restored from a backup can still): the queue, keyed by that id alone, showed Bob
    Ann's waiting changes and her refusals by name. The ids are handed out again here."""
    import sqlalchemy as sa

    from habitory.domain import accounts
    from habitory.extensions import db
    from habitory.models import User

    page = new_page(**PHONE)
    ann = register(page)
    habit = add_habit(page, "Ann's diary")
    wait_for_worker(page)
    today = page.locator(f"#toggle-{habit}").get_attribute("value")
    page.evaluate("""async ([habit, day]) => {
        const user = document.getElementById("offline-status").dataset.user;
        const base = { user, habit, day, name: "Ann's diary", at: new Date().toISOString() };
        await HabitoryQueue.queue(Object.assign({}, base, {
            token: "stale", url: `/habits/${habit}/toggle`, fields: { day, state: "done" } }));
        await HabitoryQueue.add(HabitoryQueue.REFUSED, Object.assign({}, base, { status: 404 }));
    }""", [habit, today])
    with live_app.app_context():  # Ann deletes her account on her laptop
        ann_id = db.session.scalar(sa.select(User.id).where(User.email == ann))
        accounts.delete(ann_id)
        for table, last in (("users", ann_id), ("habits", habit)):  # the next ones take them
            if db.engine.dialect.name == "sqlite":
                db.session.execute(sa.text("UPDATE sqlite_sequence SET seq = :seq WHERE name = "
                                           ":table"), {"seq": last - 1, "table": table})
            else:
                db.session.execute(sa.text("SELECT setval(pg_get_serial_sequence(:table, 'id'),"
                                           " :seq)"), {"seq": last - 1, "table": table})
        db.session.commit()
    page.context.clear_cookies()
    bob = register(page)
    with live_app.app_context():
        bob_id = db.session.scalar(sa.select(User.id).where(User.email == bob))
    assert bob_id == ann_id
    habit_of_bob = add_habit(page, "Bob's run")
    assert habit_of_bob == habit  # the id of Ann's deleted habit
    page.reload()
    page.wait_for_timeout(800)
    banner = page.locator("#offline-status")
    expect(banner).to_be_hidden()
    assert "Ann's diary" not in page.content()
    # Ann's change was not sent as Bob's (it ticked Bob's habit when the ids met).
    expect(page.locator(f"#toggle-{habit_of_bob}")).to_have_attribute("aria-pressed", "false")


def test_the_worker_sends_the_next_users_changes_past_the_previous_users(
        new_page, register, add_habit, live_app):
    """With no page open, the worker stopped at the first change it could not send (Ann's,
    logged out): Bob's tick, made after, waited behind it until he opened Habitory again."""
    import sqlalchemy as sa

    from habitory.extensions import db
    from habitory.models import CheckIn

    page = new_page(**PHONE)
    register(page)
    ann_habit = add_habit(page, "Ann's walk")
    wait_for_worker(page)
    today = page.locator(f"#toggle-{ann_habit}").get_attribute("value")
    page.evaluate("""async ([habit, day]) => {
        const user = document.getElementById("offline-status").dataset.user;
        await HabitoryQueue.queue({ user, habit, day, name: "", at: new Date().toISOString(),
            token: "stale", url: `/habits/${habit}/toggle`, fields: { day, state: "done" } });
    }""", [ann_habit, today])
    _log_out(page)
    register(page)
    bob_habit = add_habit(page, "Bob's run")
    page.context.set_offline(True)
    page.locator(f"#toggle-{bob_habit}").click()
    expect(page.locator("#offline-status")).to_contain_text("1 change waiting")
    page.goto("about:blank")
    page.context.set_offline(False)

    def saved():
        with live_app.app_context():
            return db.session.execute(
                sa.select(CheckIn.habit_id, CheckIn.state)
                .where(CheckIn.habit_id.in_([ann_habit, bob_habit]))).all()

    for _ in range(100):
        if saved():
            break
        page.wait_for_timeout(100)
    assert saved() == [(bob_habit, "done")]


def test_the_offline_page_follows_the_users_language_and_theme(new_page, register,
                                                              live_server):
    page = new_page(**PHONE)
    register(page)
    wait_for_worker(page)
    choose_language(page, "de")
    page.context.add_cookies([{"name": "theme", "value": "dark", "url": live_server}])
    page.goto("/")
    page.wait_for_timeout(500)  # the worker saves Today, then the offline page again
    page.context.set_offline(True)
    try:
        page.goto("/insights")
        expect(page.locator("html")).to_have_attribute("lang", "de")
        expect(page.locator("html")).to_have_attribute("data-theme", "dark")
        screenshot(page, "probe-offline-fallback-de-dark-390")
    finally:
        page.context.set_offline(False)

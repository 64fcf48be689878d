"""The installable app in Chromium: the manifest and its icons, the service worker, Today read
offline from the saved copy with its banner, check-ins queued offline and replayed with their
explicit states, and a queued change of a habit deleted meanwhile reported, not dropped."""

from __future__ import annotations

import re
import time

import pytest
import sqlalchemy as sa
from browser_support import PASSWORD, TODAY_URL, choose_language, wait_for_worker
from browser_support import server_states as states
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

pytestmark = pytest.mark.browser



def test_manifest_parses_and_its_icons_load(page, register):
    register(page)
    href = page.locator("link[rel=manifest]").get_attribute("href")
    manifest = page.evaluate("async (href) => (await fetch(href)).json()", href)
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/"
    for icon in manifest["icons"]:
        size = page.evaluate(
            """async (src) => {
                const blob = await (await fetch(src)).blob();
                const image = await createImageBitmap(blob);
                return `${image.width}x${image.height}`;
            }""", icon["src"])
        assert size == icon["sizes"]


def test_service_worker_activates_and_controls_the_page(page, register):
    register(page)
    wait_for_worker(page)
    scope = page.evaluate("async () => (await navigator.serviceWorker.ready).scope")
    assert scope.endswith("/") and re.fullmatch(r"http://127\.0\.0\.1:\d+/", scope)


def test_today_offline_shows_the_saved_page_and_its_banner(page, register, add_habit):
    register(page)
    add_habit(page, "Read 10 pages")
    wait_for_worker(page)
    page.reload()  # the worker saves this copy of Today
    page.wait_for_timeout(300)
    page.context.set_offline(True)
    try:
        page.reload()
        expect(page.get_by_role("link", name="Read 10 pages", exact=True)).to_be_visible()
        banner = page.locator("#offline-status")
        expect(banner).to_be_visible()
        expect(banner).to_contain_text(re.compile(r"Offline — showing what you saw at \d\d:\d\d"))
    finally:
        page.context.set_offline(False)


def test_a_tick_made_offline_stays_shown_after_a_reload_offline(page, register, add_habit,
                                                               live_app):
    register(page)
    read = add_habit(page, "Read")
    walk = add_habit(page, "Walk")
    wait_for_worker(page)
    page.reload()  # the worker saves this copy of Today, both unticked
    page.wait_for_timeout(300)
    page.context.set_offline(True)
    try:
        page.locator(f"#toggle-{read}").click()  # done, queued
        expect(page.locator("#offline-status")).to_contain_text("1 change waiting")
        page.reload()  # the saved copy, drawn before the tick
        toggle = page.locator(f"#toggle-{read}")
        expect(toggle).to_have_attribute("aria-pressed", "true")  # was false: the tick vanished
        expect(toggle).to_have_attribute("data-pending", "true")
        expect(page.locator(f"#toggle-{walk}")).to_have_attribute("aria-pressed", "false")
    finally:
        page.context.set_offline(False)
    expect(page.locator("#offline-status")).to_be_hidden()
    assert states(live_app, [read])[read] != {}


def test_offline_toggles_are_replayed_with_their_states(page, register, add_habit, live_app,
                                                        browser_watch):
    register(page)
    read = add_habit(page, "Read")
    walk = add_habit(page, "Walk")
    wait_for_worker(page)
    today = page.locator(f"#toggle-{read}").get_attribute("value")
    page.context.set_offline(True)
    try:
        page.locator(f"#toggle-{read}").click()  # done
        expect(page.locator(f"#toggle-{read}")).to_have_attribute("aria-pressed", "true")
        page.locator(f"#toggle-{read}").click()  # skipped
        expect(page.locator(f"#toggle-{read}")).to_have_attribute("aria-pressed", "mixed")
        page.locator(f"#toggle-{walk}").click()  # done
        expect(page.locator(f"#toggle-{walk}")).to_have_attribute("aria-pressed", "true")
        expect(page.locator(f"#toggle-{walk}")).to_have_attribute("data-pending", "true")
        expect(page.locator("#offline-status")).to_contain_text("3 changes waiting")
        assert states(live_app, [read, walk]) == {read: {}, walk: {}}  # nothing sent yet
    finally:
        page.context.set_offline(False)
    # Back online: the queue is sent, the rows are the server's.
    expect(page.locator("#offline-status")).to_be_hidden()
    assert states(live_app, [read, walk]) == {read: {today: "skipped"}, walk: {today: "done"}}
    expect(page.locator(f"#toggle-{read}")).to_have_attribute("aria-pressed", "mixed")
    expect(page.locator(f"#toggle-{walk}")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(f"#toggle-{walk}")).not_to_have_attribute("data-pending", "true")
    page.reload()
    expect(page.locator(f"#toggle-{read}")).to_have_attribute("aria-pressed", "mixed")
    expect(page.locator(f"#toggle-{walk}")).to_have_attribute("aria-pressed", "true")


def test_an_offline_change_of_a_habit_deleted_meanwhile_is_reported(
        page, register, add_habit, live_app, browser_watch):
    from habitory.extensions import db
    from habitory.models import Habit

    register(page)
    gone = add_habit(page, "Old habit")
    wait_for_worker(page)
    page.context.set_offline(True)
    try:
        page.locator(f"#toggle-{gone}").click()
        expect(page.locator("#offline-status")).to_contain_text("1 change waiting")
        with live_app.app_context():  # deleted in another tab, or on another device
            db.session.execute(sa.delete(Habit).where(Habit.id == gone))
            db.session.commit()
        browser_watch.allow_http_error(404, rf"/habits/{gone}/toggle")
    finally:
        page.context.set_offline(False)
    banner = page.locator("#offline-status")
    expect(banner).to_contain_text("Not saved: “Old habit”")
    expect(banner.locator("[data-waiting-line]")).to_be_empty()
    expect(page.locator(f"#habit-{gone}")).to_have_count(0)  # the stale row went
    page.reload()  # still reported after a reload, until dismissed
    expect(banner).to_contain_text("was deleted or archived meanwhile")
    banner.get_by_role("button", name="Dismiss").click()
    expect(banner).to_be_hidden()


def test_an_offline_amount_is_sent_and_the_later_change_wins(
        page, register, give_habits, live_app, new_page):
    from browser_support import WATER

    from habitory.extensions import db
    from habitory.models import CheckIn

    email = register(page)
    (water,) = give_habits(email, [WATER])
    page.reload()
    wait_for_worker(page)
    today = page.locator(f"#habit-{water} input[name=day]").get_attribute("value")
    page.context.set_offline(True)
    try:
        page.locator(f"#amount-{water}").fill("5")
        page.locator(f"#habit-{water}").get_by_role("button", name="Save").click()
        expect(page.locator("#offline-status")).to_contain_text("1 change waiting")
    finally:
        page.context.set_offline(False)
    expect(page.locator("#offline-status")).to_be_hidden()
    with live_app.app_context():
        amount = db.session.scalar(sa.select(CheckIn.amount).where(CheckIn.habit_id == water))
    assert amount == 5 and states(live_app, [water]) == {water: {today: "not_done"}}
    expect(page.locator(f"#amount-{water}")).to_have_value("5")


def test_two_devices_the_change_that_reaches_the_server_last_wins(page, register, add_habit,
                                                                  live_app, live_server):
    register(page)
    habit = add_habit(page, "Read")
    wait_for_worker(page)
    today = page.locator(f"#toggle-{habit}").get_attribute("value")
    page.context.set_offline(True)
    try:
        page.locator(f"#toggle-{habit}").click()  # done, on the phone in the tunnel
        expect(page.locator("#offline-status")).to_contain_text("1 change waiting")
        # Meanwhile the laptop marks the day skipped.
        other = page.context.browser.new_context(base_url=live_server)
        try:
            other.add_cookies(page.context.cookies())
            laptop = other.new_page()
            laptop.goto("/")
            laptop.locator(f"#toggle-{habit}").click()
            expect(laptop.locator(f"#toggle-{habit}")).to_have_attribute("aria-pressed", "true")
            laptop.locator(f"#toggle-{habit}").click()
            expect(laptop.locator(f"#toggle-{habit}")).to_have_attribute("aria-pressed", "mixed")
        finally:
            other.close()
        assert states(live_app, [habit]) == {habit: {today: "skipped"}}
    finally:
        page.context.set_offline(False)
    # The phone's change arrives last: it wins, and the row shows what the server holds.
    expect(page.locator("#offline-status")).to_be_hidden()
    assert states(live_app, [habit]) == {habit: {today: "done"}}
    expect(page.locator(f"#toggle-{habit}")).to_have_attribute("aria-pressed", "true")


def test_background_sync_replays_with_no_page_open(page, register, add_habit, live_app):
    register(page)
    habit = add_habit(page, "Read")
    wait_for_worker(page)
    today = page.locator(f"#toggle-{habit}").get_attribute("value")
    page.context.set_offline(True)
    page.locator(f"#toggle-{habit}").click()
    expect(page.locator("#offline-status")).to_contain_text("1 change waiting")
    page.goto("about:blank")  # Habitory closed: only its service worker is left
    # Chromium fires the sync event the page registered when the connection returns; with no
    # page open, the worker sends the change itself (with the token saved with it). The page
    # never sent it (it queued the click because the browser was offline), and the worker
    # sends changes only from its sync handler: without it this test fails.
    page.context.set_offline(False)
    for _ in range(100):
        if states(live_app, [habit]) != {habit: {}}:
            break
        page.wait_for_timeout(100)
    assert states(live_app, [habit]) == {habit: {today: "done"}}


def test_logging_out_forgets_the_saved_pages(page, register, add_habit):
    register(page)
    add_habit(page, "Private habit")
    wait_for_worker(page)
    page.reload()
    page.wait_for_function(
        "async () => (await (await caches.open('habitory-pages')).keys()).length > 0")
    page.locator("summary", has_text="Account menu").click()
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login"))
    assert page.evaluate(
        "async () => (await (await caches.open('habitory-pages')).keys()).length") == 0


def until(read, done, seconds: float = 5.0):
    """read() again until done(value), or fail after `seconds`; the last value."""
    deadline = time.monotonic() + seconds
    while not done(value := read()):
        assert time.monotonic() < deadline, f"still {value!r}"
        time.sleep(0.05)
    return value


def test_logging_out_leaves_no_habit_name_in_the_queue_and_keeps_the_change(
        page, register, add_habit, live_app):
    """A shared device: after logging out, IndexedDB names none of the user's habits (the next
    person could read it), yet a change still waiting is sent when the user logs in again."""
    email = register(page)
    habit = add_habit(page, "Therapy diary")
    wait_for_worker(page)
    today = page.locator(f"#toggle-{habit}").get_attribute("value") or ""
    # A change that could not be sent (its session's token is stale) and a refusal not yet
    # dismissed, as the queue holds them.
    page.evaluate("""async ([habit, day]) => {
        const user = document.getElementById("offline-status").dataset.user;
        const base = { user, habit, day, name: "Therapy diary", at: new Date().toISOString() };
        await HabitoryQueue.queue(Object.assign({}, base, {
            token: "stale", url: `/habits/${habit}/toggle`, fields: { day, state: "done" } }));
        await HabitoryQueue.add(HabitoryQueue.REFUSED, Object.assign({}, base, { status: 404 }));
    }""", [habit, today])
    page.locator("summary", has_text="Account menu").click()
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login"))
    queue = """async () => window.HabitoryQueue ? {
        changes: await HabitoryQueue.all(HabitoryQueue.CHANGES),
        refused: await HabitoryQueue.all(HabitoryQueue.REFUSED) } : null"""  # null: loading

    def read_queue():
        try:
            return page.evaluate(queue)
        except PlaywrightError as error:  # a page still navigating: ask the next one
            if "context was destroyed" not in str(error):
                raise
            return None

    left = until(read_queue,
                 lambda q: q and not q["refused"] and all(not c["name"] for c in q["changes"]))
    assert "Therapy diary" not in str(left)
    assert [c["habit"] for c in left["changes"]] == [habit]  # kept: it is the user's
    assert states(live_app, [habit])[habit] == {}
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(TODAY_URL)
    until(read_queue, lambda q: q and not q["changes"])  # sent, then gone
    assert list(states(live_app, [habit])[habit].values()) == ["done"]


def test_a_refused_change_whose_name_a_logout_dropped_says_a_habit(page, register, add_habit):
    """After a logout stripped the names, a refusal reads "a habit", not empty quotes; in
    German too, where the quotes are others."""
    register(page)
    habit = add_habit(page, "Walk")
    wait_for_worker(page)
    page.evaluate("""async (habit) => {
        const user = document.getElementById("offline-status").dataset.user;
        await HabitoryQueue.add(HabitoryQueue.REFUSED,
            { user, habit, day: "2026-12-01", name: "", status: 404 });
    }""", habit)
    page.reload()
    banner = page.locator("#offline-status [data-refused-list]")
    expect(banner).to_contain_text("Not saved: a habit (")
    expect(banner).not_to_contain_text("“")
    choose_language(page, "de")
    expect(banner).to_contain_text("Nicht gespeichert: eine Gewohnheit (")
    expect(banner).not_to_contain_text("„")


SCREENS = {"390": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


@pytest.mark.parametrize("size", SCREENS)
def test_offline_and_push_screenshots(size, new_page, register, add_habit, screenshot,
                                      live_server, axe_check):
    mobile = size != "desktop"
    page = new_page(viewport=SCREENS[size], is_mobile=mobile, has_touch=mobile)
    register(page)
    read = add_habit(page, "Read 10 pages")
    add_habit(page, "Walk after lunch")
    wait_for_worker(page)
    for theme in ("light", "dark"):
        page.context.add_cookies([{"name": "theme", "value": theme, "url": live_server}])
        page.goto("/settings")
        expect(page.locator("#push-settings")).to_contain_text("Notifications on this device")
        page.locator("#push-settings").scroll_into_view_if_needed()
        assert screenshot(page, f"settings-push-{theme}-{size}").stat().st_size > 0
        page.goto("/")
        page.wait_for_timeout(200)  # the worker saves this copy
        page.context.set_offline(True)
        try:
            page.reload()
            page.locator(f"#toggle-{read}").click()
            expect(page.locator("#offline-status")).to_contain_text("1 change waiting")
            axe_check(page, themes=(theme,))
            page.locator("body").click(position={"x": 2, "y": 300})
            assert screenshot(page, f"today-offline-{theme}-{size}").stat().st_size > 0
        finally:
            page.context.set_offline(False)
        expect(page.locator("#offline-status")).to_be_hidden()

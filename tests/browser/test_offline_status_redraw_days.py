"""The offline status region (role=status) is drawn again at every replay, connection change
or word from another tab: an item that did not change stays the same element, so that a
screen reader does not say it again. Its day is written as the pages write a short day, in
the user's language and order ("Mon 7 Dec" in English, "Mo., 7. Dez." in German)."""

from __future__ import annotations

import re

import pytest
from browser_support import choose_language, progress, set_aside, wait_for_worker
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_an_unchanged_set_aside_notice_is_not_drawn_again(
        page, register, add_habit, live_app, browser_watch):
    set_aside(page, register, add_habit, browser_watch)
    banner = page.locator("#offline-status")
    handle = banner.locator("li", has_text="Read").element_handle()
    before = handle.evaluate("el => el.textContent")
    # The connection goes and comes back: the status is drawn again each time.
    page.context.set_offline(True)
    offline_line = banner.locator("[data-offline-line]")
    expect(offline_line).to_have_text("Offline: changes wait on this device.")
    assert handle.evaluate("el => el.isConnected")
    page.context.set_offline(False)
    expect(offline_line).to_be_empty()
    page.evaluate("() => window.dispatchEvent(new Event('offline'))")
    page.wait_for_timeout(300)
    assert handle.evaluate("el => el.isConnected")
    assert handle.evaluate("el => el.textContent") == before
    expect(banner.locator("li")).to_have_count(1)


def test_a_new_refusal_is_added_and_the_set_aside_notice_kept(
        page, register, add_habit, live_app, browser_watch):
    set_aside(page, register, add_habit, browser_watch)
    banner = page.locator("#offline-status")
    handle = banner.locator("li", has_text="Read").element_handle()
    page.evaluate("""async () => {
        const user = document.getElementById("offline-status").dataset.user;
        await HabitoryQueue.add(HabitoryQueue.REFUSED,
            { user, habit: 999999, day: "2026-12-01", name: "Gone", status: 404 });
        window.dispatchEvent(new Event('offline'));
    }""")
    expect(banner.locator("li")).to_have_count(2)
    assert handle.evaluate("el => el.isConnected")
    expect(banner.locator("li", has_text="Gone")).to_contain_text("(Tue 1 Dec)")


def test_a_set_aside_notice_writes_its_day_as_the_page_does(
        page, register, add_habit, live_app, browser_watch):
    ids, today, _ = set_aside(page, register, add_habit, browser_watch)
    # The server's short day in English: weekday, day, month ("Mon 7 Dec"), not "Mon, Dec 7".
    shown = page.evaluate("""(day) => {
        const d = new Date(`${day}T12:00:00`);
        return d.toLocaleDateString("en-GB", { weekday: "short", day: "numeric", month: "short" });
    }""", today)
    assert re.fullmatch(r"\w{3} \d{1,2} \w{3}", shown)
    banner = page.locator("#offline-status")
    expect(banner.locator("li", has_text="Read")).to_contain_text(f"“Read” on {shown} could not")
    expect(banner.get_by_role("button", name=f"Try again “Read” on {shown} could not be saved: "
                              "the server failed.")).to_have_count(1)


def test_a_german_users_set_aside_notice_writes_a_german_day(page, register, add_habit):
    register(page)  # the browser speaks en-GB (tests/browser/conftest.py)
    habit = add_habit(page, "Walk")
    wait_for_worker(page)
    page.evaluate("""async (habit) => {
        const user = document.getElementById("offline-status").dataset.user;
        await HabitoryQueue.add(HabitoryQueue.CHANGES, { user, habit, day: "2026-12-07",
            name: "Walk", url: `/habits/${habit}/toggle`, fields: { day: "2026-12-07",
            state: "done" }, stuck: true, failures: 3 });
    }""", habit)
    choose_language(page, "de")
    page.goto("/")
    item = page.locator("#offline-status li", has_text="Walk")
    expect(item).to_contain_text("Mo., 7. Dez.")
    expect(item).not_to_contain_text("Mon")


def test_a_set_aside_tick_is_not_counted_done_in_todays_progress(
        page, register, add_habit, live_app, browser_watch):
    ids, today, fault = set_aside(page, register, add_habit, browser_watch)
    # Walk's tick was saved; Read's waits for nothing (set aside): one of two is done, as the
    # server counts it, though Read's row still shows its tick pending; after a reload too.
    expect(page.locator(f"#toggle-{ids['Read']}")).to_have_attribute("data-pending", "true")
    expect(progress(page)).to_contain_text("1 of 2")
    page.reload()
    expect(page.locator("#offline-status li", has_text="Read")).to_be_visible()
    page.wait_for_timeout(300)
    expect(progress(page)).to_contain_text("1 of 2")
    fault.failing = False  # Try again: it waits, then is saved, and counts
    page.locator("#offline-status").get_by_role("button", name=re.compile("^Try again")).click()
    expect(progress(page)).to_contain_text("2 of 2")

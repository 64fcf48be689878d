"""A set-aside change (the server failed on it three times) against what happens next: a tick
made online for the same habit and day replaces it, and a page saved before the words for
it existed still names it (in English) instead of showing an empty notice."""

from __future__ import annotations

import pytest
from browser_support import failing_toggles, set_aside, tick_offline, wait_for_worker
from browser_support import server_states as states
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_tick_made_online_replaces_the_set_aside_change_for_that_day(
        page, register, add_habit, live_app, browser_watch):
    ids, today, fault = set_aside(page, register, add_habit, browser_watch)
    fault.failing = False
    page.reload()
    banner = page.locator("#offline-status")
    expect(banner).to_contain_text("“Read” on ")
    toggle = page.locator(f"#toggle-{ids['Read']}")
    toggle.click()  # online: the server takes it at once
    expect(toggle).to_have_attribute("aria-pressed", "true")
    toggle.click()  # and the next state, done → skipped: a Try again would now undo it
    expect(toggle).to_have_attribute("aria-pressed", "mixed")
    expect(banner).to_be_hidden()
    assert states(live_app, [ids["Read"]]) == {ids["Read"]: {today: "skipped"}}
    page.reload()
    expect(banner).to_be_hidden()


def test_a_page_saved_before_the_words_existed_still_names_the_set_aside_change(
        page, register, add_habit, live_app, browser_watch):
    register(page)
    read = add_habit(page, "Read")
    wait_for_worker(page)
    failing_toggles(page, browser_watch, read)
    page.evaluate("""() => {
      document.documentElement.dataset.offlineRetryMs = '100';
      const box = document.getElementById('offline-status');
      ['stuck', 'retry', 'discard'].forEach((name) => delete box.dataset[name]);
    }""")
    tick_offline(page, [read], "1 change waiting")
    item = page.locator("#offline-status li")
    expect(item).to_contain_text("“Read” on ", timeout=20_000)
    expect(item).to_contain_text("could not be saved: the server failed.")
    expect(item.get_by_role("button", name="Try again")).to_be_visible()
    expect(item.get_by_role("button", name="Discard")).to_be_visible()

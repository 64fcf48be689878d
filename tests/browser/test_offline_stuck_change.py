"""A change queued offline that the server keeps failing on (a plain 500: a bug with that one
request, not a deploy) is set aside after three tries: the changes after it are saved, the
status area names its habit and day as not saved, with Try again and Discard, and a reload
keeps it. Nothing is lost: Try again saves it once the server takes it, Discard shows the
row as the server has it."""

from __future__ import annotations

import re

import pytest
from browser_support import screenshot, set_aside
from browser_support import server_states as states
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

STUCK = re.compile(r"“Read” on .+ could not be saved: the server failed\.")


def read_set_aside(page, register, add_habit, live_app, browser_watch):
    """Read then Walk ticked offline; back online, Read's tick meets a 500 every time.
    Returns (read, walk, today, the server's fault on Read's ticks)."""
    ids, today, fault = set_aside(page, register, add_habit, browser_watch)
    read, walk = ids["Read"], ids["Walk"]
    banner = page.locator("#offline-status")
    expect(banner).to_contain_text(STUCK)
    expect(banner.locator("[data-waiting-line]")).to_be_empty()
    assert fault.answers == ["500", "500", "500"]
    # Walk's tick did not wait behind it.
    expect(page.locator(f"#toggle-{walk}")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(f"#toggle-{walk}")).not_to_have_attribute("data-pending", "true")
    assert states(live_app, [read, walk]) == {read: {}, walk: {today: "done"}}
    return read, walk, today, fault


def test_a_change_the_server_keeps_failing_on_is_set_aside_and_try_again_saves_it(
        page, register, add_habit, live_app, browser_watch):
    read, walk, today, fault = read_set_aside(
        page, register, add_habit, live_app, browser_watch)
    banner = page.locator("#offline-status")
    page.reload()  # still said after a reload, and not sent again by itself
    expect(banner).to_contain_text(STUCK)
    item = banner.locator("li", has_text="Read")
    expect(item.get_by_role("button", name="Try again")).to_be_visible()
    expect(item.get_by_role("button", name="Discard")).to_be_visible()
    screenshot(page, "offline-stuck-change")
    # On a phone, in the dark theme: the sentence and both buttons fit and stay readable.
    page.set_viewport_size({"width": 390, "height": 844})
    page.context.add_cookies([{"name": "theme", "value": "dark", "url": page.url}])
    page.reload()
    expect(item.get_by_role("button", name="Discard")).to_be_in_viewport()
    screenshot(page, "offline-stuck-change-phone-dark")
    page.wait_for_timeout(500)
    assert fault.answers == ["500", "500", "500"]
    fault.failing = False  # the bug is fixed
    item.get_by_role("button", name="Try again").click()
    expect(banner).to_be_hidden()
    assert states(live_app, [read, walk]) == {read: {today: "done"}, walk: {today: "done"}}
    expect(page.locator(f"#toggle-{read}")).to_have_attribute("aria-pressed", "true")
    assert fault.answers == ["500", "500", "500", "sent"]


def test_a_change_set_aside_can_be_discarded_and_its_row_shows_the_servers_state(
        page, register, add_habit, live_app, browser_watch):
    read, walk, today, fault = read_set_aside(
        page, register, add_habit, live_app, browser_watch)
    banner = page.locator("#offline-status")
    toggle = page.locator(f"#toggle-{read}")
    expect(toggle).to_have_attribute("data-pending", "true")  # drawn as ticked, not sent
    banner.locator("li", has_text="Read").get_by_role("button", name="Discard").click()
    expect(banner).to_be_hidden()
    expect(toggle).to_have_attribute("aria-pressed", "false")
    expect(toggle).not_to_have_attribute("data-pending", "true")
    page.reload()
    expect(banner).to_be_hidden()
    expect(toggle).to_have_attribute("aria-pressed", "false")
    assert states(live_app, [read, walk]) == {read: {}, walk: {today: "done"}}
    assert fault.answers == ["500", "500", "500"]

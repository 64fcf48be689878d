"""Probe (2026-12-07): coming back online as a demanding phone user does. Two tabs ticking
offline both end up showing the server's rows (the tab whose replay found the queue already
sent kept its ticks marked "not sent yet"); a server answering 503 while the changes are sent
(a deploy) is tried again without a reload; a tap cycled back to clear offline changes nothing."""

from __future__ import annotations

import re

import pytest
from browser_support import failing_toggles, tick_offline, wait_for_worker
from browser_support import server_states as states
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_two_tabs_ticking_offline_both_show_the_servers_rows_once_sent(
        page, register, add_habit, live_app):
    register(page)
    read = add_habit(page, "Read")
    walk = add_habit(page, "Walk")
    wait_for_worker(page)
    today = page.locator(f"#toggle-{read}").get_attribute("value")
    other = page.context.new_page()
    other.goto("/")
    expect(other.locator(f"#toggle-{walk}")).to_have_attribute("aria-pressed", "false")
    page.context.set_offline(True)
    try:
        page.locator(f"#toggle-{read}").click()
        expect(page.locator("#offline-status")).to_contain_text("1 change waiting")
        other.locator(f"#toggle-{walk}").click()
        expect(other.locator("#offline-status")).to_contain_text("2 changes waiting")
    finally:
        page.context.set_offline(False)
    for tab in (page, other):
        expect(tab.locator("#offline-status")).to_be_hidden()
        for habit in (read, walk):
            toggle = tab.locator(f"#toggle-{habit}")
            expect(toggle).to_have_attribute("aria-pressed", "true")
            expect(toggle).not_to_have_attribute("data-pending", "true")
            expect(toggle).not_to_have_attribute("aria-label", re.compile("not sent yet"))
    assert states(live_app, [read, walk]) == {read: {today: "done"}, walk: {today: "done"}}


def test_changes_the_server_could_not_take_for_a_moment_are_sent_without_a_reload(
        page, register, add_habit, live_app, browser_watch):
    register(page)
    read = add_habit(page, "Read")
    wait_for_worker(page)
    today = page.locator(f"#toggle-{read}").get_attribute("value")
    # The first attempt meets a restarting server.
    deploying = failing_toggles(page, browser_watch, read, status=503, times=1)
    page.evaluate("() => { window.notReloaded = true; }")
    tick_offline(page, [read], "1 change waiting")
    expect(page.locator("#offline-status")).to_be_hidden(timeout=20_000)
    assert states(live_app, [read]) == {read: {today: "done"}}
    expect(page.locator(f"#toggle-{read}")).not_to_have_attribute("data-pending", "true")
    assert page.evaluate("() => window.notReloaded === true")
    assert deploying.answers == ["503", "sent"]


def test_a_habit_tapped_round_to_clear_offline_changes_nothing(page, register, add_habit,
                                                              live_app):
    register(page)
    read = add_habit(page, "Read")
    wait_for_worker(page)
    toggle = page.locator(f"#toggle-{read}")
    page.context.set_offline(True)
    try:
        for pressed in ("true", "mixed", "false"):  # done, skipped, clear: as online
            toggle.click()
            expect(toggle).to_have_attribute("aria-pressed", pressed)
    finally:
        page.context.set_offline(False)
    expect(page.locator("#offline-status")).to_be_hidden()
    assert states(live_app, [read]) == {read: {}}
    page.reload()
    expect(toggle).to_have_attribute("aria-pressed", "false")

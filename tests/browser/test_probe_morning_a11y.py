"""This morning's changes, with the keyboard and a screen reader's eyes, at 390 and 1280 px,
light and dark: a token form sent again puts the focus on its notice (not the top of the
page); a change the server keeps failing on names its habit and day in its Try again and
Discard buttons, and neither button, once used, drops the focus to the page's start."""

from __future__ import annotations

import re

import pytest
from browser_support import screenshot, set_aside, wait_for_worker
from browser_support import server_states as states
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

VIEWPORTS = {"1280": {"width": 1280, "height": 800}, "390": {"width": 390, "height": 844}}
FOCUSED = "() => document.activeElement.id || document.activeElement.tagName"


def open_page(new_page, size: str, theme: str):
    mobile = size == "390"
    page = new_page(viewport=VIEWPORTS[size], is_mobile=mobile, has_touch=mobile,
                    color_scheme=theme)
    return page


@pytest.mark.parametrize("size", VIEWPORTS)
def test_a_token_form_sent_again_focuses_its_notice_and_tab_reaches_its_revoke(
        size, new_page, register, browser_watch, axe_check):
    page = open_page(new_page, size, "light")
    register(page)
    page.goto("/settings/tokens")
    page.get_by_role("textbox", name="Name").fill("Home Assistant")
    page.get_by_role("button", name="Create token").click()
    expect(page.locator("#new-token")).to_be_focused()
    browser_watch.allow_http_error(409, "/settings/tokens")
    for theme in ("light", "dark"):
        page.context.add_cookies([{"name": "theme", "value": theme, "url": page.url}])
        page.reload()  # the browser sends the form again
        notice = page.locator("#form-sent-again")
        expect(notice).to_contain_text("This form was already sent")
        # A screen reader reads the notice at once; the keyboard is one Tab from its Revoke.
        expect(notice).to_be_focused()
        screenshot(page, f"morning-a11y-token-sent-again-{size}-{theme}")
        page.keyboard.press("Tab")
        expect(page.get_by_role("button", name="Revoke “Home Assistant”").first).to_be_focused()
        axe_check(page)


def test_two_changes_set_aside_have_buttons_named_for_their_habit(
        page, register, add_habit, live_app, browser_watch, axe_check):
    set_aside(page, register, add_habit, browser_watch, failing_names=("Read", "Walk"))
    banner = page.locator("#offline-status")
    expect(banner).to_have_attribute("role", "status")  # said as it appears
    for name in ("Read", "Walk"):
        for action in ("Try again", "Discard"):
            # One button per habit: its name says which change it acts on.
            expect(banner.get_by_role("button", name=re.compile(
                rf"^{action} “{name}” on \w{{3}} \d+ \w{{3}} "))).to_have_count(1)
    axe_check(page)
    screenshot(page, "morning-a11y-two-set-aside-1280")
    page.set_viewport_size(VIEWPORTS["390"])
    page.context.add_cookies([{"name": "theme", "value": "dark", "url": page.url}])
    page.reload()
    expect(banner.locator("li")).to_have_count(2)
    axe_check(page)
    screenshot(page, "morning-a11y-two-set-aside-390-dark")


def test_discard_with_the_keyboard_leaves_the_focus_on_its_row(
        page, register, add_habit, live_app, browser_watch):
    ids, today, _ = set_aside(page, register, add_habit, browser_watch)
    banner = page.locator("#offline-status")
    banner.get_by_role("button", name=re.compile(r"^Discard")).focus()
    page.keyboard.press("Enter")
    expect(banner).to_be_hidden()
    toggle = page.locator(f"#toggle-{ids['Read']}")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    # Never on the page's start (<body>) on the way: the row holds the focus throughout.
    expect(toggle).to_be_focused()
    page.wait_for_timeout(300)
    expect(toggle).to_be_focused()
    screenshot(page, "morning-a11y-discarded-1280")
    page.keyboard.press("Tab")  # the next stop is in the row, not the page's top
    assert page.locator(f"#habit-{ids['Read']}").evaluate(
        "row => row.contains(document.activeElement)")


def test_try_again_with_the_keyboard_leaves_the_focus_on_its_row(
        page, register, add_habit, live_app, browser_watch):
    ids, today, fault = set_aside(page, register, add_habit, browser_watch)
    banner = page.locator("#offline-status")
    fault.failing = False
    banner.get_by_role("button", name=re.compile(r"^Try again")).focus()
    page.keyboard.press("Enter")
    expect(banner).to_be_hidden()
    toggle = page.locator(f"#toggle-{ids['Read']}")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(toggle).not_to_have_attribute("data-pending", "true")
    expect(toggle).to_be_focused()
    assert states(live_app, [ids["Read"]]) == {ids["Read"]: {today: "done"}}


def test_the_status_drawn_again_keeps_the_focus_on_a_set_aside_button(
        page, register, add_habit, live_app, browser_watch):
    set_aside(page, register, add_habit, browser_watch)
    discard = page.locator("#offline-status").get_by_role("button", name=re.compile("^Discard"))
    discard.focus()
    # What a replay of other changes, another tab or the connection does: the status is drawn
    # again while the user is on the button.
    page.evaluate("() => window.dispatchEvent(new Event('offline'))")
    page.wait_for_timeout(300)
    assert page.evaluate(FOCUSED) != "BODY"
    expect(discard).to_be_focused()


def test_two_refusals_have_dismiss_buttons_named_for_their_habit_and_keep_the_focus(
        page, register, add_habit, live_app, browser_watch):
    from habitory.extensions import db
    from habitory.models import Habit

    register(page)
    ids = [add_habit(page, name) for name in ("Old habit", "Older habit")]
    wait_for_worker(page)
    page.context.set_offline(True)
    try:
        for habit in ids:
            page.locator(f"#toggle-{habit}").click()
        expect(page.locator("#offline-status")).to_contain_text("2 changes waiting")
        with live_app.app_context():  # archived on another device meanwhile
            for habit in ids:
                db.session.get(Habit, habit).archived = True
            db.session.commit()
        for habit in ids:
            browser_watch.allow_http_error(409, rf"/habits/{habit}/toggle")
    finally:
        page.context.set_offline(False)
    banner = page.locator("#offline-status")
    expect(banner.locator("li")).to_have_count(2, timeout=20_000)
    first = banner.get_by_role("button", name=re.compile(r"^Dismiss Not saved: “Old habit”"))
    second = banner.get_by_role("button", name=re.compile(r"^Dismiss Not saved: “Older habit”"))
    expect(first).to_have_count(1)
    expect(second).to_have_count(1)
    first.focus()
    page.keyboard.press("Enter")
    expect(banner.locator("li")).to_have_count(1)
    expect(second).to_be_focused()  # the next refusal, not the page's start
    page.keyboard.press("Enter")
    expect(banner).to_be_hidden()
    expect(page.locator("#main")).to_be_focused()

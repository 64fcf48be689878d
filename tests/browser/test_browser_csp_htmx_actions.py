"""Today's htmx actions, on an account with every kind of habit, at 390 and 1280 px, raise
no CSP violation, even once something outside the page has left a style
attribute on the fields.

An outside tester saw "Applying inline style violates ... 'style-src'" (the empty style's hash)
on an amount + Enter and on Add. The app's own markup has no style attribute; the tester's tool
did: Playwright's screenshots hide the caret through every field's style and leave style=""
behind, and browser extensions (password managers, a resized textarea) leave the like. htmx
then copied the old field's style onto the one the answer brought, which the CSP forbids. The
screenshots between the actions here stand for that tool.
"""

from __future__ import annotations

import pytest
from browser_support import WATER, settled, wait_wired
from playwright.sync_api import expect
from test_browser_notifications import give_notifications
from test_security_probe_csp import RECORD_VIOLATIONS

pytestmark = pytest.mark.browser

VIEWPORTS = {"390": {"width": 390, "height": 844}, "1280": {"width": 1280, "height": 800}}
# Every kind of row, as an account imported from Loop holds them.
HABITS = [WATER, {"name": "Read"}, {"name": "Smoking", "kind": "quit"},
          {"name": "Vaping", "kind": "measurable", "target": 80.0, "direction": "at_most",
           "unit": "puffs"}, {"name": "Run", "freq_num": 3, "freq_den": 7}]


def pictured(page) -> None:
    """What the tester's tool did between actions: a screenshot, caret hidden (the default)."""
    page.screenshot()


def violations(page) -> list[str]:
    return page.evaluate("() => window.__violations")


@pytest.mark.parametrize("size", VIEWPORTS)
def test_htmx_actions_break_no_csp_even_with_a_style_left_on_a_field(
        size, new_page, register, live_app, give_habits):
    mobile = size == "390"
    page = new_page(viewport=VIEWPORTS[size], is_mobile=mobile, has_touch=mobile)
    page.context.add_init_script(RECORD_VIOLATIONS)
    email = register(page)
    give_notifications(live_app, email, 2)
    give_habits(email, HABITS)
    page.goto("/")
    rows = page.locator("#habit-list [data-habit-row]")
    expect(rows.first).to_be_visible()

    # An amount and Enter on a measurable habit, twice (the second swap meets the first's).
    amount = page.locator("[data-amount-input]").first
    amount_id = amount.get_attribute("id")
    for typed in ("3", "5"):
        wait_wired(page, f"form:has(#{amount_id})")
        page.locator(f"#{amount_id}").fill(typed)
        pictured(page)
        page.locator(f"#{amount_id}").press("Enter")
        expect(page.locator(f"#{amount_id}")).to_have_value(typed)
        settled(page)
    assert violations(page) == [], "after an amount + Enter"

    # A yes/no habit ticked by click, then skipped and cleared by keyboard (done → skipped →
    # unknown); then a day of its week.
    toggle_id = page.locator("#habit-list button.toggle").first.get_attribute("id")
    for press, pressed in ((None, "true"), ("Space", "mixed"), ("Enter", "false")):
        wait_wired(page, f"form:has(#{toggle_id})")
        pictured(page)
        if press:
            page.locator(f"#{toggle_id}").press(press)
        else:
            page.locator(f"#{toggle_id}").click()
        expect(page.locator(f"#{toggle_id}")).to_have_attribute("aria-pressed", pressed)
        settled(page)
    day = page.locator(f"#{toggle_id.replace('toggle', 'habit')} .week button").first
    day_id = day.get_attribute("id")
    was = day.get_attribute("aria-pressed")
    day.click()
    expect(page.locator(f"#{day_id}")).not_to_have_attribute("aria-pressed", was)
    settled(page)
    assert violations(page) == [], "after ticking"

    # Add a habit, by Enter and by the button.
    for name, by_key in (("Stretch", True), ("Floss", False)):
        wait_wired(page, "#new-habit")
        page.get_by_label("Add a habit").fill(name)
        pictured(page)
        if by_key:
            page.get_by_label("Add a habit").press("Enter")
        else:
            page.locator("#new-habit-add").click()
        expect(page.get_by_role("link", name=name, exact=True)).to_be_visible()
        expect(page.get_by_label("Add a habit")).to_have_value("")
        settled(page)
    assert violations(page) == [], "after adding a habit"

    # The ⋯ menu: move a habit down, then archive it.
    first_id = rows.first.get_attribute("id").removeprefix("habit-")
    for action in ("Move down", "Archive"):
        wait_wired(page, f"#menu-{first_id}")
        page.locator(f"#menu-{first_id}").click()
        pictured(page)
        page.locator(f"#habit-{first_id}").get_by_role("button", name=action).click()
        settled(page)
        if action == "Move down":
            expect(rows.nth(1)).to_have_id(f"habit-{first_id}")
    expect(page.locator(f"#habit-{first_id}")).to_have_count(0)
    assert violations(page) == [], "after the row menu"

    # Notification cards: mark one read, dismiss the other.
    page.goto("/notifications")
    cards = page.locator("#notification-list li[data-unread]")
    expect(cards).to_have_count(2)
    pictured(page)
    cards.first.get_by_role("button", name="Mark as read").click()
    expect(page.locator("#notification-badge")).to_have_attribute("data-unread", "1")
    settled(page)
    pictured(page)
    cards.first.get_by_role("button", name="Dismiss").click()
    expect(cards).to_have_count(1)
    settled(page)
    assert violations(page) == [], "on the notifications"

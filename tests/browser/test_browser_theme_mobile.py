"""Dark mode that sticks, and Today on a 360 px phone."""

from __future__ import annotations

import pytest
from browser_support import MOBILE, progress, scroll_width
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

DARK_BACKGROUND = "rgb(25, 25, 25)"  # #191919
DARK_TEXT = "rgb(230, 230, 228)"  # #E6E6E4
TRANSPARENT = "rgba(0, 0, 0, 0)"


def css(page, selector: str, prop: str) -> str:
    return page.locator(selector).evaluate("(el, prop) => getComputedStyle(el)[prop]", prop)


def choose_dark(page) -> None:
    """Click the theme toggle (system -> dark -> light -> system) until the page is dark.

    The page changes at once; the choice is posted in the background, and the server's answer
    sets the cookie: wait for it before a reload."""
    root = page.locator("html")
    for _ in range(3):
        if root.get_attribute("data-theme") == "dark":
            break
        with page.expect_response(lambda r: r.url.endswith("/settings/theme")) as answer:
            page.locator("#theme-toggle").click()
        assert answer.value.status == 204
    expect(root).to_have_attribute("data-theme", "dark")


def test_dark_mode_choice_persists_across_reloads(page, register, add_habit):
    register(page)
    add_habit(page, "Read")
    choose_dark(page)
    expect(page.locator("#theme-toggle")).to_contain_text("Dark")

    page.reload()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    expect(page.locator("#theme-toggle")).to_contain_text("Dark")
    page.goto("/calendar")  # every page, not only the one it was chosen on
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")


def test_dark_mode_paints_the_page_dark(page, register, add_habit):
    register(page)
    add_habit(page, "Read")
    choose_dark(page)
    page.reload()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    # The OS is emulated light: a dark page can only come from the user's choice.
    assert page.evaluate("() => matchMedia('(prefers-color-scheme: dark)').matches") is False
    assert css(page, "html", "backgroundColor") == DARK_BACKGROUND
    assert css(page, "body", "backgroundColor") in (DARK_BACKGROUND, TRANSPARENT)
    assert css(page, "h1", "color") == DARK_TEXT


def mobile_today(new_page, register, add_habit):
    page = new_page(viewport=MOBILE, is_mobile=True, has_touch=True, device_scale_factor=2)
    register(page)
    first = add_habit(page, "Read a long book about the history of habit tracking apps")
    add_habit(page, "Walk")
    return page, first


def test_mobile_bottom_nav_and_tap_to_toggle(new_page, register, add_habit):
    page, habit_id = mobile_today(new_page, register, add_habit)
    nav = page.get_by_role("navigation", name="Main (mobile)")
    expect(nav).to_be_visible()
    expect(nav.get_by_role("link", name="Today")).to_have_attribute("aria-current", "page")
    expect(nav.get_by_role("link", name="Calendar")).to_be_visible()
    expect(nav.get_by_role("link", name="Settings")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main", exact=True)).to_be_hidden()

    toggle = page.locator(f"#toggle-{habit_id}")
    box = toggle.bounding_box()
    assert box and box["width"] >= 24 and box["height"] >= 24, box  # a thumb-sized target
    toggle.tap()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(progress(page)).to_contain_text("1 of 2")
    # The fixed bottom bar must not hide the last thing on the page.
    page.get_by_role("button", name="Add", exact=True).scroll_into_view_if_needed()
    add_box = page.get_by_role("button", name="Add", exact=True).bounding_box()
    nav_box = nav.bounding_box()
    assert add_box["y"] + add_box["height"] <= nav_box["y"], (add_box, nav_box)


def test_mobile_today_has_no_sideways_scroll(new_page, register, add_habit):
    page, _ = mobile_today(new_page, register, add_habit)
    assert scroll_width(page) <= MOBILE["width"]

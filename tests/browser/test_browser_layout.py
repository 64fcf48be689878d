"""Layout: at 360 px heatmaps scroll inside their own box and open on today's week, a
measurable habit's title, subtitle and row keep their names readable with no sideways scroll;
on a desktop its row stays on one line and Edit sits beside the title."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from browser_support import MOBILE, PASSWORD, TODAY_URL, WATER, scroll_width
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_phone_heatmaps_scroll_alone_and_show_today(new_page, register, give_habits, axe_check):
    page = new_page(viewport=MOBILE, is_mobile=True, has_touch=True)
    email = register(page)
    water, read = give_habits(email, [WATER, {"name": "Read"}])
    day = datetime.now(UTC).date()  # the user's timezone is UTC
    today_words = f"{day:%a} {day.day} {day:%b} {day.year}"  # as the cells say it
    for path in ("/calendar", f"/habits/{water}", f"/habits/{read}"):
        page.goto(path)
        assert scroll_width(page) <= MOBILE["width"], path
        region = page.locator("[data-heatmap-scroll]")
        # A button's words are its aria-label, a span's its screen-reader text.
        today = region.locator(f".heatmap .heat[aria-label^='{today_words}'], "
                               f".heatmap span.heat:has-text('{today_words}')")
        region.evaluate("el => el.scrollIntoView({block: 'center'})")  # the page, not the box
        expect(today).to_be_in_viewport()
        box, frame = today.bounding_box(), region.bounding_box()
        assert frame["x"] <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"]
    axe_check(page)


def test_phone_measurable_habit_page_and_row_keep_their_names(new_page, register, give_habits,
                                                                axe_check):
    page = new_page(viewport=MOBILE, is_mobile=True, has_touch=True)
    email = register(page)
    water, read = give_habits(email, [
        {**WATER, "name": "Water the plants"}, {"name": "Read"}])

    page.goto(f"/habits/{water}")
    title = page.locator("h1")
    expect(title).to_have_text(re.compile("Water the plants"))
    assert title.bounding_box()["width"] >= 250
    subtitle = page.locator("header p.text-muted").first
    assert subtitle.bounding_box()["width"] >= 250
    assert scroll_width(page) <= MOBILE["width"]
    axe_check(page)

    page.goto("/")
    name = page.locator(f"#habit-{water} .habit-main > a")
    expect(name).to_have_text("Water the plants")
    assert name.evaluate("el => el.scrollWidth <= el.clientWidth"), "the name is cut"
    assert name.bounding_box()["width"] >= 100
    expect(page.locator(f"#amount-{water}")).to_be_visible()
    expect(page.locator(f"#habit-{water}").get_by_role("button", name="Save")).to_be_visible()
    assert scroll_width(page) <= MOBILE["width"]
    axe_check(page)


def test_desktop_measurable_row_stays_on_one_line(page, register, give_habits):
    email = register(page)
    water, = give_habits(email, [WATER])
    page.reload()
    row = page.locator(f"#habit-{water}")
    toggle_box = row.locator(".toggle").bounding_box()
    amount_box = page.locator(f"#amount-{water}").bounding_box()
    assert abs((toggle_box["y"] + toggle_box["height"] / 2)
               - (amount_box["y"] + amount_box["height"] / 2)) < 8
    page.goto(f"/habits/{water}")
    edit = page.get_by_role("link", name="Edit", exact=True)
    assert abs(edit.bounding_box()["y"] - page.locator("h1").bounding_box()["y"]) < 24


@pytest.mark.parametrize("locale", ["en-GB", "fr-FR", "de-DE"])
def test_the_top_bar_fits_between_phone_and_desktop_in_any_language(new_page, register, locale,
                                                                       screenshot):
    """From 640 px the full navigation shows; a long email shrinks to an ellipsis, the page
    never scrolls sideways (French labels are the longest)."""
    page = new_page(viewport={"width": 640, "height": 600}, locale=locale,
                    extra_http_headers={"Accept-Language": locale})
    page.goto("/register")
    email = f"someone-with-a-rather-long-address-{locale}@example-domain.com"
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=confirm]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(TODAY_URL)
    for width in (640, 660, 700, 767, 768, 800):
        page.set_viewport_size({"width": width, "height": 600})
        assert scroll_width(page) <= width, f"{width} px in {locale}"
        expect(page.locator("header nav")).to_be_visible()
        account = page.locator("header details summary")
        assert account.bounding_box()["x"] + account.bounding_box()["width"] <= width
    screenshot(page, f"topbar-{locale}-800")

"""The core as three outside testers met it: by keyboard alone, without JavaScript, and on a
390 px touch screen (probe of 2026-12-06). Each test is something one of them tripped over."""

from __future__ import annotations

import re

import pytest
from browser_support import WATER, screenshot, wait_wired
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def _focused_id(page) -> str:
    return page.evaluate("() => document.activeElement ? document.activeElement.id : ''")


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_habit_calendar_says_tap_on_a_touch_screen(theme, new_page, register, give_habits):
    """"Click a day, or focus it and press Enter" is a desk's sentence: a phone says "Tap"."""
    page = new_page(**PHONE, color_scheme=theme)
    email = register(page)
    read, quit_ = give_habits(email, [{"name": "Read"}, {"name": "Sugar", "kind": "quit"}])
    page.goto(f"/habits/{read}")
    hint = page.locator("#habit-calendar-title + p").locator(":scope > :visible")
    expect(hint).to_have_text("Tap a day to cycle done → skipped → clear, or use “Log a day”"
                              " below.")
    screenshot(page, f"probe-habit-phone-{theme}")
    page.goto(f"/habits/{quit_}")
    expect(page.locator("#habit-calendar-title + p > :visible")).to_have_text(
        re.compile(r"^Tap a day .*slip"))


def test_the_habit_calendar_says_click_and_enter_with_a_mouse(page, register, give_habits):
    email = register(page)
    [read] = give_habits(email, [{"name": "Read"}])
    page.goto(f"/habits/{read}")
    expect(page.locator("#habit-calendar-title + p > :visible")).to_have_text(
        "Click a day, or focus it and press Enter, to cycle done → skipped → clear.")


def test_without_javascript_today_does_not_offer_the_n_shortcut(new_page, register):
    """keys.js does not run: "(press n)" would promise a key that does nothing."""
    with_js = new_page()
    register(with_js)
    expect(with_js.locator("label[for=new-habit-name]")).to_have_text(re.compile(r"press\s*n"))
    page = new_page(java_script_enabled=False)
    register(page)
    label = page.locator("label[for=new-habit-name]")
    expect(label).to_have_text(re.compile("Add a habit"))
    assert "press" not in label.inner_text()


def test_the_add_button_keeps_the_keyboard_user_in_place(page, register, browser_watch):
    """Pressing Add (not Enter in the field) replaced the button and dropped the focus on the
    page's body: a refusal now focuses the field with its message, a success the button."""
    browser_watch.allow_http_error(422, "/habits")
    register(page)
    # keys.js shows the "?" button once its keys listen: only then does "n" mean anything.
    expect(page.locator("[data-open-shortcuts]")).to_be_visible()
    page.keyboard.press("n")
    expect(page.locator("#new-habit-name")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#new-habit-add")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#new-habit-name-error")).to_have_text("Give the habit a name.")
    expect(page.locator("#new-habit-name")).to_be_focused()
    page.keyboard.type("Read")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#habit-list [data-habit-row]")).to_have_count(1)
    expect(page.locator("#new-habit-add")).to_be_focused()


@pytest.mark.parametrize("javascript", [True, False])
def test_a_bad_amount_on_today_is_refused_at_its_row(javascript, new_page, register,
                                                     give_habits, browser_watch):
    browser_watch.allow_http_error(422, r"/habits/\d+/day")
    page = new_page(java_script_enabled=javascript)
    email = register(page)
    [water] = give_habits(email, [WATER])
    page.reload()
    field = page.locator(f"#amount-{water}")
    if javascript:
        wait_wired(page, f"#habit-{water} form[hx-post]")
    field.fill("lots")
    field.press("Enter")
    error = page.locator(f"#habit-{water} .field-error")
    expect(error).to_contain_text("is not a number")
    expect(page.locator(f"#amount-{water}")).to_have_value("lots")
    expect(page.locator(f"#amount-{water}")).to_be_focused()
    expect(page.locator(f"#amount-{water}")).to_have_attribute("aria-describedby",
                                                               error.get_attribute("id"))
    if not javascript:
        # Not with htmx: Playwright's screenshot leaves style="" on the focused field, which
        # htmx's settle then copies onto the new row, a CSP report that is the robot's own.
        screenshot(page, "probe-amount-refused-nojs")
    page.locator(f"#amount-{water}").fill("3")
    page.locator(f"#amount-{water}").press("Enter")
    expect(page.locator(f"#habit-{water} .field-error")).to_have_count(0)
    expect(page.locator(f"#amount-{water}")).to_have_value("3")
    if not javascript:  # from the refused page, whose address answers POST only
        assert page.url.endswith(f"/#habit-{water}")
        expect(page.locator("#messages")).to_contain_text("Saved: Water")


def test_the_help_on_a_habit_page_lists_the_calendars_keys(page, register, give_habits):
    email = register(page)
    [read] = give_habits(email, [{"name": "Read"}])
    page.goto(f"/habits/{read}")
    page.keyboard.press("?")
    dialog = page.locator("#shortcuts")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("In the calendar")
    expect(dialog).not_to_contain_text("Next habit")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()


def test_a_successful_swap_still_clears_a_stale_error_banner(page, register, give_habits,
                                                            browser_watch):
    """A refused amount now answers at its row, so test_browser_today's banner test needs
    another refusal: a move the server refuses (422 into #messages), then any success."""
    browser_watch.allow_http_error(422, r"/habits/\d+/move")
    email = register(page)
    read, walk = give_habits(email, [{"name": "Read"}, {"name": "Walk"}])
    page.reload()
    wait_wired(page, f"#habit-{read} form[hx-post]")
    page.evaluate("""id => htmx.ajax("POST", `/habits/${id}/move`,
        {source: `#toggle-${id}`, values: {direction: "sideways"}})""", read)
    errors = page.locator("#messages .flash-error")
    expect(errors).to_have_text("Direction must be up or down.")
    page.locator(f"#toggle-{walk}").click()
    expect(page.locator(f"#toggle-{walk}")).to_have_attribute("aria-pressed", "true")
    expect(errors).to_have_count(0)

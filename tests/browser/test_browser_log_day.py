"""The habit page's "Log a day" form in a browser: a saved day reloads the page at the form with
the focus on its title (it fell to <body>); without JavaScript on a phone, a refused day comes
back as the habit page with the focus on the field in error, in view, and the note kept."""

from __future__ import annotations

import re

import pytest
from browser_support import ARTIFACTS, scroll_width
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}

# Where the focused element is: wholly in the viewport, below the messages when they stick to
# the top and above the bottom bar when it shows.
FOCUS_IN_VIEW = """() => {
  const el = document.activeElement;
  const box = el.getBoundingClientRect();
  const bar = document.querySelector('.bottom-nav');
  const bottom = bar && getComputedStyle(bar).display !== 'none'
    ? bar.getBoundingClientRect().top : innerHeight;
  const messages = document.getElementById('messages');
  const top = getComputedStyle(messages).position === 'sticky'
    ? Math.max(0, messages.getBoundingClientRect().bottom) : 0;
  return {id: el.id, top: box.top, bottom: box.bottom, visibleTop: top, visibleBottom: bottom,
          ok: box.top >= top && box.bottom <= bottom};
}"""


def _habit_page(new_page, register, give_habits, **options):
    page = new_page(**options)
    (habit_id,) = give_habits(register(page), [{"name": "Read"}])
    page.goto(f"/habits/{habit_id}")
    return page, habit_id


@pytest.mark.parametrize(("javascript", "viewport"), [(True, DESKTOP), (True, PHONE),
                                                      (False, PHONE)])
def test_a_saved_day_puts_the_focus_on_the_form_title(new_page, register, give_habits,
                                                     javascript, viewport):
    page, habit_id = _habit_page(new_page, register, give_habits, viewport=viewport,
                                 java_script_enabled=javascript)
    page.locator("#log-state").select_option("done")
    page.locator("#log-note").fill("a good chapter")
    page.get_by_role("button", name="Save day").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/habits/{habit_id}#log-title$"))
    expect(page.locator("#messages")).to_contain_text("Saved: Read")
    title = page.get_by_role("heading", name="Log a day")
    expect(title).to_be_focused()
    where = page.evaluate(FOCUS_IN_VIEW)
    assert where["ok"], where
    # Tab goes on into the form, not back to the top of the page.
    page.keyboard.press("Tab")
    expect(page.locator("#log-day")).to_be_focused()


def _refuse_a_future_day(page) -> None:
    """Type a day after today, a state and a note into the form and send it: the habit's page
    comes back with the focus on the day, the message under it, and what was typed."""
    page.locator("#log-day").fill("2027-01-01")
    page.locator("#log-state").select_option("done")
    page.locator("#log-note").fill("a good chapter")
    with page.expect_navigation():
        page.get_by_role("button", name="Save day").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Read")
    day = page.get_by_label("Day", exact=True)
    expect(day).to_be_focused()
    expect(day).to_have_attribute("aria-invalid", "true")
    expect(day).to_have_accessible_description(re.compile("That day has not happened yet"))
    expect(day).to_have_value("2027-01-01")
    expect(page.locator("#log-state")).to_have_value("done")
    expect(page.locator("#log-note")).to_have_value("a good chapter")
    expect(page.locator("#log-day-error")).to_be_visible()
    where = page.evaluate(FOCUS_IN_VIEW)
    assert where["ok"], where
    assert scroll_width(page) <= page.viewport_size["width"]


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_without_javascript_a_future_day_is_refused_on_the_habit_page(
        new_page, register, give_habits, browser_watch, screenshot, theme, viewport):
    browser_watch.allow_http_error(422, r"/habits/[0-9]+/day")
    page, _ = _habit_page(new_page, register, give_habits, viewport=viewport,
                          java_script_enabled=False, color_scheme=theme)
    _refuse_a_future_day(page)
    name = f"log-day-refused-{viewport['width']}-{theme}"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-view.png"))  # as the user lands on it
    screenshot(page, name)


def test_the_refused_form_passes_axe_on_a_phone(new_page, register, give_habits, browser_watch,
                                                axe_check):
    """The same page drawn for a browser with JavaScript (axe needs it), in both themes."""
    browser_watch.allow_http_error(422, r"/habits/[0-9]+/day")
    page, _ = _habit_page(new_page, register, give_habits, viewport=PHONE)
    _refuse_a_future_day(page)
    axe_check(page)

"""A tap on a day of a habit's year on a phone changes that day and leaves it where it was on
the screen: the next day tapped is where the finger expects it. (The sections refreshed above
the calendar came back with their charts' tables open for a moment, and the page jumped by
hundreds of pixels, so the next tap landed elsewhere.)"""

from __future__ import annotations

import pytest
from browser_support import settled
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("touch", [True, False], ids=["touch", "mouse"])
def test_tapping_days_keeps_the_page_in_place(new_page, register, give_habits, touch):
    page = new_page(viewport=PHONE, is_mobile=touch, has_touch=touch)
    (read,) = give_habits(register(page), [{"name": "Read"}])
    page.goto(f"/habits/{read}")
    settled(page)
    box = page.locator("#habit-calendar-scroll")
    box.scroll_into_view_if_needed()
    page.evaluate("() => document.querySelector('#habit-calendar-scroll')"
                  ".scrollIntoView({block: 'center'})")
    days = box.locator("button.heat")
    count = days.count()
    for n in (count - 3, count - 9):
        day = days.nth(n)
        where = day.bounding_box()
        if touch:
            day.tap()
        else:
            day.click()
        expect(day).to_have_attribute("data-status", "done")
        settled(page)
        # Where it is on the screen: the page may grow above it (a first tick brings the
        # habit's strength), and the browser then scrolls by as much to keep it in place.
        moved = day.bounding_box()
        assert abs(moved["x"] - where["x"]) <= 1 and abs(moved["y"] - where["y"]) <= 1, (
            where, moved)


def test_a_chart_table_opened_stays_open_after_a_tick(new_page, register, give_habits):
    """The refreshed section's chart comes drawn, its table closed, unless the reader had
    opened it."""
    page = new_page(viewport=PHONE)
    (read,) = give_habits(register(page), [{"name": "Read"}])
    page.goto(f"/habits/{read}")
    settled(page)
    days = page.locator("#habit-calendar-scroll button.heat")
    days.last.click()  # the first tick: the strength section appears, its chart drawn
    expect(days.last).to_have_attribute("data-status", "done")
    figure = page.locator("#habit-insights figure[data-chart]")
    expect(figure).to_have_attribute("data-chart-ready", "true")
    table = figure.locator("details[data-chart-table]")
    expect(table).not_to_have_attribute("open", "")
    table.locator("summary").click()
    expect(table).to_have_attribute("open", "")
    days.nth(days.count() - 2).click()
    expect(days.nth(days.count() - 2)).to_have_attribute("data-status", "done")
    settled(page)
    figure = page.locator("#habit-insights figure[data-chart]")
    expect(figure).to_have_attribute("data-chart-ready", "true")
    expect(figure.locator("details[data-chart-table]")).to_have_attribute("open", "")
    expect(figure.locator("[data-chart-canvas]")).to_be_visible()

"""A habit page's view in a real browser: after a keyboard tick (htmx redraws the sections
through /summary) the strength chart's range links still keep the calendar's year, and the
focus stays on the day; the strength of a past year is one link away, on a phone and a
desktop, light and dark. Screenshots for a human in test-artifacts/view_state/."""

from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from browser_support import ARTIFACTS, scroll_width, settled
from playwright.sync_api import expect
from test_browser_strength_range import DESKTOP, PHONE, give_loop_years

pytestmark = pytest.mark.browser


def _current(page):
    return page.locator("#habit-strength nav [aria-current='page']")


def test_after_a_keyboard_tick_the_range_links_keep_the_year(page, register, live_app):
    _idle, running = give_loop_years(live_app, register(page))
    last_year = date.today().year - 1
    page.goto(f"/habits/{running}?year={last_year}&strength=all")
    expect(_current(page)).to_have_text("All time")
    page.evaluate("() => { window.notReloaded = true; }")
    day = date(last_year, 3, 3)
    cell = page.locator(f"#cell-{day.isoformat()}")
    cell.focus()
    before = cell.get_attribute("data-status")
    with page.expect_response(
            lambda r: urlsplit(r.url).path == f"/habits/{running}/summary") as summary:
        page.keyboard.press("Enter")
    assert parse_qs(urlsplit(summary.value.url).query) == {
        "year": [str(last_year)], "strength": ["all"]}
    settled(page)
    expect(cell).not_to_have_attribute("data-status", before or "")
    assert page.evaluate("() => window.notReloaded === true")
    assert page.evaluate("() => document.activeElement.id") == f"cell-{day.isoformat()}"
    # The redrawn links: to the page itself, the calendar's year kept.
    one_year = page.locator("#habit-strength nav a", has_text="1 year")
    expect(one_year).to_have_attribute(
        "href", f"/habits/{running}?year={last_year}&strength=1y#habit-strength")
    one_year.click()
    expect(page).to_have_url(re.compile(rf"\?year={last_year}&strength=1y#habit-strength$"))
    expect(page.locator("nav[aria-label='Year'] [aria-current='page']")).to_have_text(
        str(last_year))
    expect(_current(page)).to_have_text("1 year")


@pytest.mark.parametrize("viewport,scheme", [(PHONE, "light"), (PHONE, "dark"),
                                             (DESKTOP, "light"), (DESKTOP, "dark")])
def test_a_past_years_strength_is_one_link_away(new_page, register, live_app, axe_check,
                                                viewport, scheme):
    page = new_page(viewport=viewport, color_scheme=scheme)
    _idle, running = give_loop_years(live_app, register(page))
    last_year = date.today().year - 1
    name = f"{viewport['width']}-{scheme}"
    folder = ARTIFACTS / "view_state"
    folder.mkdir(parents=True, exist_ok=True)

    page.goto(f"/habits/{running}?year={last_year}")
    expect(page.locator("nav[aria-label='Year'] [aria-current='page']")).to_have_text(
        str(last_year))
    expect(_current(page)).to_have_text("1 year")
    links = page.locator("#habit-strength nav a")
    expect(links).to_have_text(["1 year", "5 years", "All time", str(last_year)])
    page.screenshot(path=str(folder / f"past-year-page-{name}.png"), full_page=True)

    links.filter(has_text=str(last_year)).click()
    expect(page).to_have_url(re.compile(rf"\?year={last_year}&strength=year#habit-strength$"))
    expect(_current(page)).to_have_text(str(last_year))
    figure = page.locator("#habit-strength figure[data-chart]")
    expect(figure).to_have_attribute("data-chart-ready", "true")
    expect(figure.locator("figcaption")).to_have_text(f"Strength in {last_year}")
    expect(page.locator("#habit-strength")).to_be_in_viewport()  # back at the chart
    assert scroll_width(page) <= viewport["width"]
    # The table lists the chart's every day, 31 December first.
    rows = figure.locator("table tbody tr")
    expect(rows).to_have_count(365 + (last_year % 4 == 0))
    expect(rows.first).to_contain_text(f"31 Dec {last_year}")
    page.locator("#habit-insights").screenshot(path=str(folder / f"year-strength-{name}.png"))
    if viewport == DESKTOP and scheme == "light":
        axe_check(page, context="#habit-strength")

    # The calendar's next year: the chart follows it, as the link keeps ?strength=year
    # (this year so far, a line from its second day).
    if date.today() == date(last_year + 1, 1, 1):
        return
    this_year = page.locator("nav[aria-label='Year'] a", has_text=str(last_year + 1))
    this_year.click()
    expect(figure.locator("figcaption")).to_have_text(f"Strength in {last_year + 1}")
    first = date(last_year + 1, 1, 1)
    expect(rows.last).to_contain_text(f"{first:%-d %b %Y}")
    assert first + timedelta(days=rows.count() - 1) == date.today()

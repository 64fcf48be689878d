"""Tablets, upright and on their side (768x1024 and 1024x768, touch), light and dark: every
main page of a year-old account fits the screen and reads as it should, pictured in
test-artifacts/tablet-<page>-<theme>-<size>.png."""

from __future__ import annotations

import pytest
from browser_support import screenshot, scroll_width
from playwright.sync_api import expect
from test_browser_screenshots import demo_account

pytestmark = pytest.mark.browser

TABLETS = {"768x1024": {"width": 768, "height": 1024}, "1024x768": {"width": 1024, "height": 768}}


def _lines(locator) -> float:
    """How many lines of its own line height an element's text takes."""
    return locator.evaluate(
        "e => e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight)")


def _disclosure_marks(page) -> list[str]:
    """Each disclosure's summary whose look does not say it opens (no mark before its words),
    or whose mark does not turn when it is open."""
    return page.evaluate("""() => [...document.querySelectorAll(
        'details:not([data-menu]) > summary:not(.btn)')].filter(s => s.getClientRects().length)
      .flatMap(s => {
        const mark = () => getComputedStyle(s, '::before');
        if (mark().content === 'none' || parseFloat(mark().width) < 8) return [s.textContent];
        const shut = mark().transform;
        s.parentElement.open = true;
        const open = mark().transform;
        s.parentElement.open = false;
        return shut === open ? [s.textContent + ' (the mark does not turn)'] : [];
      })""")


@pytest.mark.parametrize("size", TABLETS)
def test_tablet_pages(size, new_page, register, live_app, live_server):
    page = new_page(viewport=TABLETS[size], is_mobile=True, has_touch=True)
    email = register(page)
    ids = demo_account(live_app, email)
    pages = (("today", "/"), ("habit", f"/habits/{ids['Run']}"), ("calendar", "/calendar"),
             ("insights", "/insights"), ("notifications", "/notifications"),
             ("settings", "/settings"), ("new-habit", "/habits/new"),
             ("import", "/settings/import"))
    problems = []
    for theme in ("light", "dark"):
        page.context.add_cookies([{"name": "theme", "value": theme, "url": live_server}])
        for name, path in pages:
            page.goto(path)
            expect(page.locator("html")).to_have_attribute("data-theme", theme)
            page.evaluate("document.fonts.ready")
            if scroll_width(page) > TABLETS[size]["width"]:
                problems.append(f"{path} is {scroll_width(page)} px wide")
            problems += [f"{path}: {s!r} does not look like it opens"
                         for s in sorted(set(_disclosure_marks(page)))]
            screenshot(page, f"tablet-{name}-{theme}-{size}")
    # The headline's three rates (7, 30 and 90 days) on one line, not one left under a dot.
    page.goto("/insights")
    rates = page.get_by_text("Last 7 / 30 / 90 days").locator("xpath=following-sibling::p")
    if _lines(rates) > 1.5:
        problems.append(f"/insights: the three rates take {_lines(rates):.1f} lines")
    # A notification's time and its "Open the habit" link sit right under its words.
    page.goto("/notifications")
    opens = page.get_by_role("link", name="Open the habit")
    time_line = page.locator("#notification-list li p", has=opens).first
    if _lines(time_line) > 1.5:
        problems.append(f"/notifications: the time line is {_lines(time_line):.1f} lines tall")
    # Today's ⋯: a glyph a finger can find in its 44 px square.
    page.goto("/")
    menu = page.locator("[data-habit-row] > a:last-child").first
    if menu.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") < 18:
        problems.append("/: the ⋯ is drawn smaller than 18 px")

    guest = new_page(viewport=TABLETS[size], is_mobile=True, has_touch=True)
    for theme in ("light", "dark"):
        guest.context.add_cookies([{"name": "theme", "value": theme, "url": live_server}])
        guest.goto("/login")
        if scroll_width(guest) > TABLETS[size]["width"]:
            problems.append(f"/login is {scroll_width(guest)} px wide")
        screenshot(guest, f"tablet-login-{theme}-{size}")
    assert not problems, "\n".join(problems)

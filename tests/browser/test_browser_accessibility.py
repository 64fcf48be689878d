"""axe-core on every page and state the browser tests visit, in the light and dark themes.

Serious and critical violations fail; the message names the rule and the elements.
"""

from __future__ import annotations

import pytest
from browser_support import AxeViolations, ThemeNotApplied
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

DARK_BUG = pytest.mark.xfail(
    strict=True,
    raises=ThemeNotApplied,
    reason="App bug: static/css/src/app.css keeps the dark tokens in @layer base, beneath the "
    "unlayered light :root tokens, so data-theme=dark does not change a colour.",
)
THEMES = [pytest.param("light", id="light"), pytest.param("dark", id="dark", marks=DARK_BUG)]


@pytest.mark.parametrize("theme", THEMES)
def test_every_page_and_state_passes_axe(theme, page, new_page, register, add_habit,
                                         axe_check, browser_watch):
    check = lambda: axe_check(page, themes=(theme,))  # noqa: E731

    for path in ("/register", "/login"):  # as a visitor
        visitor = new_page()
        visitor.goto(path)
        axe_check(visitor, themes=(theme,))

    register(page)
    check()  # Today, empty
    first = add_habit(page, "Read 10 pages")
    add_habit(page, "Walk")
    page.locator(f"#toggle-{first}").click()
    expect(page.locator(f"#toggle-{first}")).to_have_attribute("aria-pressed", "true")
    check()  # Today with habits, one done

    page.keyboard.press("Escape")
    page.locator("body").click(position={"x": 5, "y": 300})  # focus out of the row
    page.keyboard.press("?")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()
    check()  # the shortcuts dialog
    page.keyboard.press("Escape")

    row = page.locator(f"#habit-{first}")
    row.locator("summary").click()
    expect(row.get_by_role("link", name="Rename")).to_be_visible()
    check()  # the row menu open
    browser_watch.allow_http_error(422, rf"/habits/{first}/rename")
    row.get_by_role("link", name="Rename").click()
    page.locator(f"#rename-{first}").fill("")
    page.locator(f"#rename-{first}").press("Enter")
    expect(page.locator(f"#rename-{first}-error")).to_be_visible()
    check()  # inline rename with its error
    page.locator(f"#rename-{first}").press("Escape")

    row.locator("summary").click()
    row.get_by_role("link", name="Delete…").click()
    expect(row.get_by_role("button", name="Delete", exact=True)).to_be_visible()
    check()  # inline delete confirmation

    page.goto(f"/habits/{first}")
    check()  # the habit page and its calendar
    page.goto("/settings")
    check()


@pytest.mark.parametrize(
    "theme",
    [
        pytest.param(
            "light",
            id="light",
            marks=pytest.mark.xfail(
                strict=True,
                raises=AxeViolations,
                reason="App bug: partials/calendar_year.html wraps the year heatmap in "
                "<div class='overflow-x-auto'> that scrolls at 1280 px but holds nothing "
                "focusable, so keyboard users cannot scroll it (axe scrollable-region-focusable,"
                " serious).",
            ),
        ),
        pytest.param("dark", id="dark", marks=DARK_BUG),
    ],
)
def test_calendar_page_passes_axe(theme, page, register, add_habit, axe_check):
    register(page)
    first = add_habit(page, "Read")
    page.locator(f"#toggle-{first}").click()
    expect(page.locator(f"#toggle-{first}")).to_have_attribute("aria-pressed", "true")
    page.goto("/calendar")
    expect(page.get_by_role("heading", name="Calendar", level=1)).to_be_visible()
    axe_check(page, themes=(theme,))

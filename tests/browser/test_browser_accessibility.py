"""axe-core on every page and state the browser tests visit, in the light and dark themes.

Serious and critical violations fail, naming the rule and the elements. A theme whose colours
do not apply fails too (ThemeNotApplied), but only after every state has been checked in the
themes that do, so one broken theme cannot hide a violation in the other.
"""

from __future__ import annotations

import pytest
from browser_support import ThemeNotApplied, wait_wired
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_every_page_and_state_passes_axe(
    page, new_page, register, add_habit, axe_check, browser_watch
):
    dark_problems: list[ThemeNotApplied] = []

    def check(on=page):
        try:
            axe_check(on)
        except ThemeNotApplied as problem:
            dark_problems.append(problem)

    visitor = new_page()
    for path in ("/register", "/login"):
        visitor.goto(path)
        check(visitor)

    register(page)
    check()  # Today, empty
    first = add_habit(page, "Read 10 pages")
    second = add_habit(page, "Walk")
    third = add_habit(page, "Meditate")
    page.locator(f"#toggle-{first}").click()
    expect(page.locator(f"#toggle-{first}")).to_have_attribute("aria-pressed", "true")
    check()  # Today with habits, one done

    page.keyboard.press("Shift+Tab")  # out of the row: shortcuts are for the page
    page.keyboard.press("?")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()
    check()  # the shortcuts dialog
    page.keyboard.press("Escape")

    # Three row states in one check: an inline rename showing its error, a delete
    # confirmation, an open ⋯ menu.
    renaming = page.locator(f"#habit-{first}")
    page.locator(f"#menu-{first}").click()
    browser_watch.allow_http_error(422, rf"/habits/{first}/rename")
    renaming.get_by_role("link", name="Rename").click()
    wait_wired(page, f"#rename-form-{first}")
    page.locator(f"#rename-{first}").fill("")
    page.locator(f"#rename-{first}").press("Enter")
    expect(page.locator(f"#rename-{first}-error")).to_be_visible()
    deleting = page.locator(f"#habit-{second}")
    page.locator(f"#menu-{second}").click()
    deleting.get_by_role("link", name="Delete…").click()
    expect(deleting.get_by_role("button", name="Delete", exact=True)).to_be_visible()
    menu = page.locator(f"#habit-{third}")
    page.locator(f"#menu-{third}").click()
    expect(menu.get_by_role("link", name="Rename")).to_be_visible()
    expect(page.locator(f"#rename-{first}-error")).to_be_visible()
    check()

    page.goto(f"/habits/{first}")
    check()  # the habit page and its calendar
    page.goto(f"/habits/{first}/actions")
    check()  # a habit's actions, the ⋯ menu's page without JavaScript
    page.goto("/settings")
    check()

    if dark_problems:
        raise dark_problems[0]


def test_calendar_page_passes_axe(page, register, add_habit, axe_check):
    register(page)
    first = add_habit(page, "Read")
    page.locator(f"#toggle-{first}").click()
    expect(page.locator(f"#toggle-{first}")).to_have_attribute("aria-pressed", "true")
    page.goto("/calendar")
    expect(page.get_by_role("heading", name="Calendar", level=1)).to_be_visible()
    axe_check(page)

"""The habit page's calendar: a past day toggles in place, nothing else is redrawn."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

MARK = "(el) => { el.__kept = 'kept'; }"
KEPT = "(el) => el.__kept === 'kept'"


def test_calendar_cell_toggles_in_place(page, register, add_habit):
    register(page)
    habit_id = add_habit(page, "Floss")
    # The server's "today" for this user, as the dashboard's toggle submits it.
    today = date.fromisoformat(page.locator(f"#toggle-{habit_id}").get_attribute("value"))
    yesterday = today - timedelta(days=1)

    page.goto(f"/habits/{habit_id}?year={yesterday.year}")
    cell = page.locator(f"#cell-{yesterday.isoformat()}")
    streak = page.locator(f"#habit-streak-{habit_id}")
    expect(cell).to_have_attribute("data-status", "unknown")
    expect(streak).to_contain_text("0 days")

    # Unrelated nodes that must survive the toggle: the title, the table, another day's cell.
    neighbour = page.locator("#habit-calendar button.heat").first
    assert neighbour.get_attribute("id") != cell.get_attribute("id")
    for node in (page.locator("h1"), page.locator("#habit-calendar table"), neighbour):
        node.evaluate(MARK)
    cell.evaluate(MARK)
    page.evaluate("() => { window.__sameDocument = true; }")

    cell.click()
    expect(cell).to_have_attribute("data-status", "done")
    expect(cell).to_have_attribute("aria-label", re.compile(rf"{yesterday.day} .*: done$"))
    expect(streak).to_contain_text("1 day")
    assert page.evaluate("() => window.__sameDocument === true"), "the page reloaded"
    assert not cell.evaluate(KEPT), "the clicked cell was not swapped"
    for name, node in (
        ("title", page.locator("h1")),
        ("calendar table", page.locator("#habit-calendar table")),
        ("another day's cell", neighbour),
    ):
        assert node.evaluate(KEPT), f"the {name} was redrawn: only the cell and streak may change"

    # The keyboard does the same: Enter on a focused day cycles it (done -> skipped).
    cell.focus()
    page.keyboard.press("Enter")
    expect(cell).to_have_attribute("data-status", "skipped")
    assert page.locator("h1").evaluate(KEPT)
    # Its focus ring shows over the skipped day's dashed outline, in both themes.
    for theme in ("light", "dark"):
        page.emulate_media(color_scheme=theme)
        cell.focus()
        ring = cell.evaluate("el => [getComputedStyle(el).outlineWidth,"
                             " getComputedStyle(el).outlineStyle]")
        assert ring == ["2px", "solid"], (theme, ring)

    page.reload()
    expect(page.locator(f"#cell-{yesterday.isoformat()}")).to_have_attribute(
        "data-status", "skipped"
    )

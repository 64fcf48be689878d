"""Today's week strips from the keyboard: each habit's seven days are one Tab stop (today's
cell, or the one last used), walked with the arrows (left and right by day, Home and End to
the first and last day, up and down to the same day of the habit above or below, past a
measurable habit, which has no week); Space or Enter still toggles the day, and the focus and
the stop stay on it when htmx redraws the row. j, k and x keep their meaning."""

from __future__ import annotations

import pytest
from browser_support import progress, three_rows
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# The row's controls that a Tab reaches, in the list (a tabindex of -1 takes one out).
TAB_STOPS = """() => [...document.querySelectorAll(
    '#habit-list a[href], #habit-list button, #habit-list input:not([type=hidden])')]
    .filter((el) => el.tabIndex >= 0 && el.offsetParent !== null).length"""


def week(page, habit: int):
    return page.locator(f"#habit-{habit} .week > button")


def stop(page, habit: int):
    """The week's one Tab stop."""
    return page.locator(f"#habit-{habit} .week > button[tabindex='0']")


def test_a_week_is_one_tab_stop_on_todays_cell(page, register, give_habits, add_habit):
    read, water, walk = three_rows(page, register, give_habits)
    for habit in (read, walk):
        expect(stop(page, habit)).to_have_count(1)
        expect(week(page, habit).last).to_have_attribute("tabindex", "0")  # today
    # Toggle, name, week and menu in Read's and Walk's rows; amount, Save, name and menu in
    # Water's (24 stops when each week was seven).
    assert page.evaluate(TAB_STOPS) == 4 + 4 + 4

    page.locator(f"#toggle-{read}").focus()
    page.keyboard.press("Tab")  # the name
    page.keyboard.press("Tab")  # the week: today's cell
    expect(week(page, read).last).to_be_focused()
    page.keyboard.press("Tab")  # out of the week at once
    expect(page.locator(f"#menu-{read}")).to_be_focused()

    added = add_habit(page, "Stretch")  # a row htmx swaps in gets one stop too
    expect(stop(page, added)).to_have_count(1)
    expect(week(page, added).last).to_have_attribute("tabindex", "0")


def test_arrows_home_and_end_walk_the_week_and_the_rows(page, register, give_habits):
    read, water, walk = three_rows(page, register, give_habits)
    cells = week(page, read)
    cells.last.focus()

    page.keyboard.press("ArrowLeft")  # yesterday
    expect(cells.nth(5)).to_be_focused()
    expect(stop(page, read)).to_have_count(1)
    expect(cells.nth(5)).to_have_attribute("tabindex", "0")
    page.keyboard.press("Home")
    expect(cells.first).to_be_focused()
    page.keyboard.press("ArrowLeft")  # the week's edge: it stays
    expect(cells.first).to_be_focused()
    page.keyboard.press("End")
    expect(cells.last).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(cells.last).to_be_focused()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    expect(cells.nth(4)).to_be_focused()

    page.keyboard.press("ArrowDown")  # the same day of the next habit with a week: Walk's
    expect(week(page, walk).nth(4)).to_be_focused()
    expect(week(page, walk).nth(4)).to_have_attribute("tabindex", "0")
    expect(stop(page, walk)).to_have_count(1)
    page.keyboard.press("ArrowDown")  # the last row: it stays, the page does not scroll
    expect(week(page, walk).nth(4)).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(cells.nth(4)).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(cells.nth(4)).to_be_focused()

    # j and k still go to the habits' own controls, from a week as from anywhere in a row.
    page.keyboard.press("j")
    expect(page.locator(f"#amount-{water}")).to_be_focused()
    page.keyboard.press("k")
    expect(page.locator(f"#toggle-{read}")).to_be_focused()
    # And the arrows from today's toggle too (the week only takes them from its own days).
    page.keyboard.press("ArrowDown")
    expect(page.locator(f"#amount-{water}")).to_be_focused()


def test_space_and_enter_toggle_the_day_and_keep_the_focus_and_the_stop(page, register,
                                                                       give_habits):
    read, _, walk = three_rows(page, register, give_habits)
    cells = week(page, walk)
    cells.last.focus()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    day = cells.nth(4)
    day_id = day.get_attribute("id")
    page.keyboard.press("Space")  # toggles that day: htmx redraws the row
    swapped = page.locator(f"#{day_id}")
    expect(swapped).to_have_attribute("aria-pressed", "true")
    expect(swapped).to_be_focused()
    expect(stop(page, walk)).to_have_count(1)
    expect(swapped).to_have_attribute("tabindex", "0")
    page.keyboard.press("ArrowRight")  # the arrows still work in the new row
    expect(week(page, walk).nth(5)).to_be_focused()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Enter")  # skipped
    expect(swapped).to_have_attribute("aria-pressed", "mixed")
    expect(swapped).to_be_focused()
    expect(swapped).to_have_attribute("tabindex", "0")

    # x toggles today, wherever in the row the focus is; the redrawn row keeps its stop on the
    # day last used, and Tab comes back to it.
    page.keyboard.press("x")
    toggle = page.locator(f"#toggle-{walk}")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(progress(page)).to_contain_text("1 of 3")
    expect(toggle).to_be_focused()
    expect(stop(page, walk)).to_have_count(1)
    expect(swapped).to_have_attribute("tabindex", "0")
    page.keyboard.press("Tab")  # the name
    page.keyboard.press("Tab")
    expect(swapped).to_be_focused()
    expect(stop(page, read)).to_have_count(1)

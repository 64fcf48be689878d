"""A row's open ⋯ menu keeps the arrows (outside tester): ↓ and ↑ walk its items, wrapping,
Home and End go to its ends, j and k do nothing there, and Escape closes it onto its button.
Before, ↓ went on to the next habits' toggles under the still open menu and Enter ticked one
of them. The focus leaving it by Tab closes it, so it cannot cover another row's controls."""

from __future__ import annotations

import pytest
from browser_support import settled, wait_wired
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def open_menu_by_keyboard(page, habit: int) -> None:
    wait_wired(page, f"#menu-{habit}")
    page.locator(f"#menu-{habit}").focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"#habit-{habit} details[data-menu][open]")).to_be_attached()
    settled(page)
    expect(page.locator(f"#menu-{habit}")).to_be_focused()  # the summary, same id as the link


def focused_text(page) -> str:
    return page.evaluate("() => document.activeElement.textContent.trim()")


@pytest.mark.parametrize("size", SIZES)
def test_the_arrows_walk_an_open_menu_not_the_rows_below(size, new_page, register,
                                                          give_habits):
    page = new_page(viewport=SIZES[size])
    email = register(page)
    first, middle, last = give_habits(email, [{"name": "Read"}, {"name": "Run"},
                                              {"name": "No Pot"}])
    page.reload()
    menu = page.locator(f"#habit-{middle} details[data-menu]")

    open_menu_by_keyboard(page, middle)
    page.keyboard.press("ArrowDown")
    assert focused_text(page) == "Rename"
    page.keyboard.press("ArrowDown")
    assert focused_text(page) == "Move up"
    for key in ("j", "k"):
        page.keyboard.press(key)
        assert focused_text(page) == "Move up"
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert focused_text(page) == "Delete…"  # wrapped round from the first item
    page.keyboard.press("ArrowDown")
    assert focused_text(page) == "Rename"
    page.keyboard.press("End")
    assert focused_text(page) == "Delete…"
    page.keyboard.press("Home")
    assert focused_text(page) == "Rename"
    # Nothing of the rows below was reached or ticked, and the menu is still open.
    expect(menu).to_have_attribute("open", "")
    for habit in (first, middle, last):
        expect(page.locator(f"#toggle-{habit}")).to_have_attribute("aria-pressed", "false")

    page.keyboard.press("Escape")
    expect(menu).not_to_have_attribute("open", "")
    expect(page.locator(f"#menu-{middle}")).to_be_focused()


@pytest.mark.parametrize("size", SIZES)
def test_tabbing_out_of_an_open_menu_closes_it(size, new_page, register, give_habits):
    page = new_page(viewport=SIZES[size])
    email = register(page)
    first, second = give_habits(email, [{"name": "Read"}, {"name": "Run"}])
    page.reload()
    menu = page.locator(f"#habit-{first} details[data-menu]")
    open_menu_by_keyboard(page, first)
    page.keyboard.press("ArrowUp")  # from its button to the last item
    assert focused_text(page) == "Delete…"
    page.keyboard.press("Tab")  # on to the next row's toggle, which the menu covered
    expect(page.locator(f"#toggle-{second}")).to_be_focused()
    expect(menu).not_to_have_attribute("open", "")
    expect(page.locator(f"#habit-{first} .menu")).to_be_hidden()
    # Opened again by its summary and left backwards (Shift+Tab): closed too.
    page.keyboard.press("Shift+Tab")
    expect(page.locator(f"#menu-{first}")).to_be_focused()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("open", "")
    page.keyboard.press("Shift+Tab")
    expect(menu).not_to_have_attribute("open", "")


def test_the_tester_s_keys_no_longer_tick_another_habit(page, register, give_habits):
    """⋯, Enter, ↓ ↓ Enter: the menu's second item (Move down for the top habit), not the
    toggle of a habit the menu covered."""
    email = register(page)
    first, second, third = give_habits(email, [{"name": "Read"}, {"name": "Run"},
                                               {"name": "No Pot"}])
    page.reload()
    open_menu_by_keyboard(page, first)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert focused_text(page) == "Move down"
    page.keyboard.press("Enter")
    rows = page.locator("#habit-list [data-habit-row]")
    expect(rows.nth(1)).to_have_attribute("id", f"habit-{first}")
    for habit in (first, second, third):
        expect(page.locator(f"#toggle-{habit}")).to_have_attribute("aria-pressed", "false")

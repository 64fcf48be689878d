"""The row's ⋯ menu, with htmx (rename inline, delete after an inline confirmation, move,
archive) and without JavaScript (a page of the habit's actions)."""

from __future__ import annotations

import re

import pytest
from browser_support import progress, settled, wait_wired
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def open_menu_item(page, habit_id: int, item: str) -> None:
    row = page.locator(f"#habit-{habit_id}")
    # htmx wires a swapped-in row up when it settles (~20 ms later); a robot's click before
    # that follows the ⋯ link's plain href (the actions page) instead of opening the menu.
    wait_wired(page, f"#menu-{habit_id}")
    page.locator(f"#menu-{habit_id}").click()  # the ⋯ button: its actions come in its place
    expect(page.locator(f"#rename-link-{habit_id}")).to_be_attached()
    settled(page)
    row.get_by_role("link", name=item).click()


def test_inline_rename_saves_rejects_empty_and_cancels(page, register, add_habit, browser_watch):
    register(page)
    habit_id = add_habit(page, "Read")
    other = add_habit(page, "Walk")
    row = page.locator(f"#habit-{habit_id}")
    name_input = page.locator(f"#rename-{habit_id}")

    open_menu_item(page, habit_id, "Rename")
    expect(name_input).to_be_focused()
    expect(name_input).to_have_value("Read")
    wait_wired(page, f"#rename-form-{habit_id}")
    name_input.fill("Read a book")
    name_input.press("Enter")
    expect(row.get_by_role("link", name="Read a book", exact=True)).to_be_visible()
    expect(name_input).to_have_count(0)
    expect(page.locator(f"#habit-{other}")).to_contain_text("Walk")

    browser_watch.allow_http_error(422, f"/habits/{habit_id}/rename")
    open_menu_item(page, habit_id, "Rename")
    wait_wired(page, f"#rename-form-{habit_id}")
    name_input.fill("")
    name_input.press("Enter")
    error = page.locator(f"#rename-{habit_id}-error")
    expect(error).to_have_text("Give the habit a name.")
    expect(name_input).to_have_attribute("aria-invalid", "true")
    expect(name_input).to_be_focused()
    page.reload()
    expect(row.get_by_role("link", name="Read a book", exact=True)).to_be_visible()

    open_menu_item(page, habit_id, "Rename")
    wait_wired(page, f"#rename-form-{habit_id}")
    name_input.fill("Something else")
    name_input.press("Escape")
    expect(name_input).to_have_count(0)
    expect(row.get_by_role("link", name="Read a book", exact=True)).to_be_visible()
    page.reload()
    expect(row.get_by_role("link", name="Read a book", exact=True)).to_be_visible()


def test_delete_asks_inline_then_removes_the_row(page, register, add_habit):
    register(page)
    doomed = add_habit(page, "Doomscroll less")
    kept = add_habit(page, "Drink water")
    row = page.locator(f"#habit-{doomed}")

    open_menu_item(page, doomed, "Delete…")
    expect(row).to_contain_text("Delete Doomscroll less and its 0 days of history?")
    confirm = row.get_by_role("button", name="Delete", exact=True)
    # Focus starts on the least destructive choice (WAI-ARIA's alert dialog pattern).
    expect(row.get_by_role("link", name="Cancel")).to_be_focused()
    confirm.click()

    expect(row).to_have_count(0)
    expect(page.locator("#habit-list [data-habit-row]")).to_have_count(1)
    expect(page.locator(f"#habit-{kept}")).to_be_visible()
    expect(page.locator("#messages")).to_contain_text("Deleted “Doomscroll less” and its history.")
    expect(progress(page)).to_contain_text("0 of 1")
    page.reload()
    expect(page.get_by_role("link", name="Doomscroll less")).to_have_count(0)


def test_focus_follows_a_moved_habit_and_returns_after_escape_on_delete(
        page, register, add_habit):
    register(page)
    first = add_habit(page, "Read")
    second = add_habit(page, "Run")
    add_habit(page, "Walk")

    page.locator(f"#menu-{first}").click()
    settled(page)  # the menu's forms are wired when its swap settles
    page.locator(f"#move-down-{first}").focus()
    page.keyboard.press("Enter")
    rows = page.locator("#habit-list [data-habit-row]")
    expect(rows.nth(1)).to_have_attribute("id", f"habit-{first}")
    expect(page.locator(f"#menu-{first}")).to_be_focused()
    # ... and the next move (Enter opens the menu again) keeps following it. (htmx wires what it
    # swapped in as the swap settles: a robot's Enter before that would take the plain link.)
    settled(page)
    page.keyboard.press("Enter")
    expect(page.locator(f"#move-up-{first}")).to_be_attached()
    settled(page)
    page.locator(f"#move-up-{first}").focus()
    page.keyboard.press("Enter")
    expect(rows.nth(0)).to_have_attribute("id", f"habit-{first}")
    expect(page.locator(f"#menu-{first}")).to_be_focused()

    # A reload: htmx wires a swapped-in row up only once it settles, and a click before that
    # would follow the link's plain href (a page of its own, not the inline confirmation).
    page.reload()
    wait_wired(page, f"#menu-{second}")
    page.locator(f"#menu-{second}").click()
    expect(page.locator(f"#rename-link-{second}")).to_be_attached()
    settled(page)
    page.locator(f"#habit-{second}").get_by_role("link", name="Delete…").click()
    confirm = page.locator(f"#confirm-delete-{second}")
    expect(page.locator(f"#cancel-delete-{second}")).to_be_focused()  # Enter must not delete
    page.keyboard.press("Escape")
    expect(confirm).to_have_count(0)
    expect(page.locator(f"#menu-{second}")).to_be_focused()


def test_move_and_archive_from_the_menu_without_a_page_load(page, register, add_habit):
    register(page)
    read = add_habit(page, "Read")
    walk = add_habit(page, "Walk")
    rows = page.locator("#habit-list [data-habit-row]")
    page.evaluate("() => { window.__sameDocument = true; }")

    open_menu_item_button(page, read, "Move down")
    expect(rows.nth(1)).to_have_attribute("id", f"habit-{read}")
    expect(page.locator(f"#menu-{read}")).to_be_focused()

    open_menu_item_button(page, read, "Archive")
    expect(page.locator(f"#habit-{read}")).to_have_count(0)
    expect(rows).to_have_count(1)
    expect(page.locator(f"#habit-{walk}")).to_be_visible()
    expect(page.locator("#messages")).to_contain_text("Archived “Read”.")
    expect(progress(page)).to_contain_text("0 of 1")
    expect(page.get_by_role("link", name="Archived habits (1)")).to_be_visible()
    assert page.evaluate("() => window.__sameDocument === true"), "the page reloaded"


def open_menu_item_button(page, habit_id: int, item: str) -> None:
    wait_wired(page, f"#menu-{habit_id}")
    page.locator(f"#menu-{habit_id}").click()
    expect(page.locator(f"#rename-link-{habit_id}")).to_be_attached()
    settled(page)
    page.locator(f"#habit-{habit_id}").get_by_role("button", name=item).click()


def test_every_menu_action_without_javascript(new_page, register, add_habit):
    """The ⋯ is a link to the habit's actions: each one is a plain form or link from there."""
    page = new_page(java_script_enabled=False)
    register(page)
    read = add_habit(page, "Read")
    walk = add_habit(page, "Walk")
    run = add_habit(page, "Run")
    rows = page.locator("#habit-list [data-habit-row]")

    def actions(habit_id):
        with page.expect_navigation():
            page.locator(f"#menu-{habit_id}").click()
        expect(page).to_have_url(re.compile(rf"/habits/{habit_id}/actions$"))

    actions(read)
    page.get_by_role("button", name="Move down").click()
    expect(page).to_have_url(re.compile(rf"/#habit-{read}$"))  # back at the row it moved
    expect(rows.nth(1)).to_have_attribute("id", f"habit-{read}")

    actions(read)
    page.get_by_role("link", name="Rename").click()
    page.get_by_label("Name", exact=True).fill("Read a book")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#messages")).to_contain_text("Saved “Read a book”.")

    page.goto("/")
    actions(walk)
    page.get_by_role("button", name="Archive").click()
    expect(page).to_have_url(re.compile(rf"/#habit-{read}$"))  # the row that took its place
    expect(page.locator("#messages")).to_contain_text("Archived “Walk”.")
    expect(page.locator(f"#habit-{walk}")).to_have_count(0)

    actions(run)
    page.get_by_role("link", name="Delete…").click()
    page.get_by_role("button", name="Delete for good").click()
    expect(page.locator("#messages")).to_contain_text("Deleted “Run” and its history.")
    expect(rows).to_have_count(1)
    expect(page.get_by_role("link", name="Read a book", exact=True)).to_be_visible()

"""Right after adding a habit, the keyboard is the reader's: Escape leaves "Add a habit" and j
goes to the first habit, however soon after the add they come. (app.js hands the focus on when a
swap removes the focused control; it must not take it back from a reader who moved it since.
A loaded CI host once met this: j was typed into the field.)"""

from __future__ import annotations

import pytest
from browser_support import settled
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_escape_right_after_an_add_keeps_the_focus_out_of_the_field(page, register, add_habit):
    register(page)
    read = add_habit(page, "Read")
    field = page.get_by_label("Add a habit")
    for count, name in enumerate(["Walk", "Stretch", "Journal"], start=2):
        page.keyboard.press("n")
        expect(field).to_be_focused()
        field.fill(name)
        field.press("Enter")
        # As soon as the row is there (the swap is done, app.js's look at the focus to come).
        page.wait_for_selector(f"#habit-list [data-habit-row]:nth-child({count})")
        page.keyboard.press("Escape")
        page.wait_for_timeout(300)  # a person's pause, longer than app.js waits after a swap
        settled(page)
        assert page.evaluate("() => document.activeElement === document.body"), \
            f"after adding {name}, Escape left the field and the focus came back to it by itself"
    page.keyboard.press("j")
    expect(page.locator(f"#toggle-{read}")).to_be_focused()
    expect(field).to_have_value("")

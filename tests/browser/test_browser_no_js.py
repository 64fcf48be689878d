"""Without JavaScript every action is a plain form: post, redirect, a page with the news."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_support import progress
from playwright.sync_api import expect

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = pytest.mark.browser


def test_register_add_and_toggle_without_javascript(new_page, browser_watch, register, add_habit):
    page = new_page(java_script_enabled=False)
    register(page)
    assert page.evaluate("() => typeof window.htmx") == "undefined"

    first = add_habit(page, "Read")
    expect(page.locator("#messages")).to_contain_text("Added “Read”.")
    second = add_habit(page, "Walk")
    expect(page.locator("#messages")).to_contain_text("Added “Walk”.")
    expect(page.locator("#habit-list [data-habit-row]")).to_have_count(2)

    toggle = page.locator(f"#toggle-{second}")
    with page.expect_navigation():  # a real form post and a new page, back at its row
        toggle.click()
    expect(page).to_have_url(re.compile(rf"^https?://[^/]+/#habit-{second}$"))
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(page.locator(f"#toggle-{first}")).to_have_attribute("aria-pressed", "false")
    expect(progress(page)).to_contain_text("1 of 2")

    # The theme toggle is a form too: system -> dark, set by the server's cookie.
    with page.expect_navigation():
        page.locator("#theme-toggle").click()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    expect(page.locator("#theme-toggle")).to_contain_text("Dark")

    browser_watch.allow_http_error(422, "/habits")
    field = page.get_by_label("Add a habit")
    field.fill("read")
    with page.expect_navigation():
        field.press("Enter")
    error = page.locator("#new-habit-name-error")
    expect(error).to_have_text("You already have a habit called “read”.")
    expect(page.get_by_label("Add a habit")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Add a habit")).to_have_value("read")
    expect(page.locator("#habit-list [data-habit-row]")).to_have_count(2)


def test_a_post_without_the_csrf_token_is_refused(page, register, add_habit, browser_watch):
    """The session cookie alone is not enough: the app checks the token for real."""
    register(page)
    add_habit(page, "Read")
    forged = page.context.request.post(
        "/habits", form={"name": "Forged"}, headers={"HX-Request": "true"}, max_redirects=0
    )
    assert forged.status == 400, forged.status
    assert "expired" in forged.text()
    page.reload()
    expect(page.locator("#habit-list [data-habit-row]")).to_have_count(1)
    expect(page.get_by_role("link", name="Forged")).to_have_count(0)


@pytest.mark.parametrize("javascript", [False, True])
def test_the_shortcuts_button_is_offered_only_where_it_works(new_page, register, javascript):
    """The "?" button opens a dialog by script: without JavaScript it would do nothing."""
    page = new_page(java_script_enabled=javascript)
    register(page)
    button = page.get_by_role("button", name="Keyboard shortcuts")
    if javascript:
        expect(button).to_be_visible()
        button.click()
        expect(page.locator("#shortcuts")).to_be_visible()
        expect(page.locator("#shortcuts")).to_contain_text("In the last 7 days")
    else:
        expect(button).to_be_hidden()


def test_without_javascript_what_was_saved_is_in_view_at_the_row(new_page, register,
                                                                 give_habits):
    """A tick far down the list comes back at its row, and the message saying what was saved
    is on screen there, not at the top of a page scrolled away from it."""
    page = new_page(java_script_enabled=False, viewport={"width": 390, "height": 700})
    email = register(page)
    ids = give_habits(email, [{"name": f"Habit {n}"} for n in range(1, 16)])
    page.goto("/")
    with page.expect_navigation():
        page.locator(f"#toggle-{ids[-1]}").click()
    expect(page.locator(f"#toggle-{ids[-1]}")).to_have_attribute("aria-pressed", "true")
    message = page.locator("#messages .flash")
    expect(message).to_contain_text("Saved: Habit 15")
    expect(message).to_be_in_viewport()
    expect(page.locator(f"#toggle-{ids[-1]}")).to_be_in_viewport()
    page.screenshot(path=str(ARTIFACTS / "no-js-saved-in-view.png"))

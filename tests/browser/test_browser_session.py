"""Logging in, and what a user sees when their session is gone mid-way."""

from __future__ import annotations

import re

import pytest
from browser_support import PASSWORD, TODAY_URL, settled
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LOGIN_URL = re.compile(r"/login(\?|$)")


def log_out_and_back_in(page, email: str) -> None:
    """Log out through the account menu, then in again through the login page."""
    page.locator("summary", has_text="Account menu").click()
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(LOGIN_URL)
    expect(page.locator("#messages")).to_contain_text("You are logged out.")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(TODAY_URL)


def expect_login_page(page) -> None:
    expect(page).to_have_url(LOGIN_URL)
    expect(page.get_by_role("heading", name="Log in", level=1)).to_be_visible()
    expect(page.locator("#habit-list")).to_have_count(0)  # a page of its own, not in a row


def test_expired_session_on_an_htmx_link_goes_to_the_login_page(
    page, register, add_habit, browser_watch
):
    email = register(page)
    habit_id = add_habit(page, "Read")
    log_out_and_back_in(page, email)

    row = page.locator(f"#habit-{habit_id}")
    page.locator(f"#menu-{habit_id}").click()  # the ⋯ menu's actions arrive while logged in
    expect(page.locator(f"#rename-link-{habit_id}")).to_be_attached()
    settled(page)
    page.context.clear_cookies()
    browser_watch.allow_http_error(401, rf"/habits/{habit_id}/edit")
    row.get_by_role("link", name="Rename").click()
    expect_login_page(page)

    # Logging in again continues where the user was going.
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(rf"/habits/{habit_id}/edit$"))
    expect(page.get_by_role("heading", name="Log in")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("Read")


def test_expired_session_on_a_toggle_goes_to_the_login_page(
    page, register, add_habit, browser_watch
):
    register(page)
    habit_id = add_habit(page, "Read")
    page.context.clear_cookies()
    for status in (400, 401):  # the answer is checked below, whatever it is
        browser_watch.allow_http_error(status, rf"/habits/{habit_id}/toggle")

    toggle = page.locator(f"#toggle-{habit_id}")
    with page.expect_response(re.compile(rf"/habits/{habit_id}/toggle$")) as answer:
        toggle.click()
    response = answer.value
    assert "hx-redirect" in response.headers, (
        f"the toggle answered {response.status} without HX-Redirect: {response.text()[:200]!r}"
    )
    expect_login_page(page)


def test_register_preselects_the_browsers_timezone(new_page):
    page = new_page(timezone_id="Europe/Paris")
    page.goto("/register")  # waits for "load", after app.js's DOMContentLoaded guess
    assert page.get_by_label("Timezone").input_value() == "Europe/Paris"

"""Settings → API tokens in Chromium: the new secret takes the keyboard focus and copies with
Ctrl+A, Ctrl+C; reloading that page (the browser sends the form again) or a double click on
"Create token" makes one token, and the page says the form was already sent."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def tokens_listed(page) -> int:
    page.goto("/settings/tokens")
    return page.locator("table tbody tr").count()


def test_the_secret_copies_with_the_keyboard_and_a_reload_makes_no_second_token(
        new_page, register, browser_watch, axe_check):
    page = new_page()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    register(page)
    page.goto("/settings/tokens")
    page.get_by_label("Name").fill("Phone")
    page.get_by_role("button", name="Create token").click()
    secret = page.locator("#new-token")
    expect(secret).to_be_focused()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("ControlOrMeta+c")
    assert page.evaluate("() => navigator.clipboard.readText()") == secret.input_value()
    axe_check(page)

    browser_watch.allow_http_error(409, "/settings/tokens")
    page.reload()  # sends the form again, as the reload button does
    expect(page.locator("#form-sent-again")).to_contain_text(
        "This form was already sent: the token “Phone” was created then.")
    expect(page.locator("#new-token")).to_have_count(0)
    axe_check(page)
    assert tokens_listed(page) == 1


def test_a_double_click_on_create_makes_one_token(new_page, register, browser_watch):
    page = new_page()
    register(page)
    page.goto("/settings/tokens")
    page.get_by_label("Name").fill("Watch")
    browser_watch.allow_http_error(409, "/settings/tokens")
    sent = []
    page.on("request", lambda r: sent.append(r) if r.method == "POST" else None)
    # A second click a few milliseconds after the first (Playwright's dblclick is too quick
    # for Chromium to send both): the browser drops the first page, not its request.
    page.get_by_role("button", name="Create token").evaluate(
        "button => { button.click(); setTimeout(() => button.click(), 5); }")
    expect(page.locator("#new-token, #form-sent-again")).to_be_visible()
    assert len(sent) == 2
    assert tokens_listed(page) == 1

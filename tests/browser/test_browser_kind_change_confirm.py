"""A measurable habit made yes/no from its settings page asks first (its target and unit go),
by keyboard and without JavaScript alike; the question fits a phone, light and dark."""

from __future__ import annotations

import pytest
from browser_support import screenshot, scroll_width
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

VAPING = {"name": "Vaping", "kind": "measurable", "target": 80.0, "unit": "puffs",
          "direction": "at_most"}


@pytest.mark.parametrize(("width", "theme", "script"), [
    (390, "light", True), (390, "dark", False), (1280, "dark", True), (1280, "light", False)])
def test_a_new_type_that_drops_the_target_is_asked_first(new_page, register, give_habits,
                                                         live_server, width, theme, script):
    page = new_page(viewport={"width": width, "height": 900}, java_script_enabled=script)
    page.context.add_cookies([{"name": "theme", "value": theme, "url": live_server}])
    email = register(page) if script else None
    if not script:  # sign up with JavaScript, then look without it
        helper = new_page()
        email = register(helper)
        page.context.add_cookies(helper.context.cookies())
    (habit,) = give_habits(email, [VAPING])
    page.goto(f"/habits/{habit}/edit")
    page.locator("input[name=kind][value=yes_no]").check()
    page.get_by_role("button", name="Save").click()

    warning = page.locator("#kind-warning")
    expect(warning).to_contain_text("at most 80 puffs")
    confirm = page.get_by_label("Yes, change its type")
    expect(confirm).to_be_focused()
    assert scroll_width(page) == width
    screenshot(page, f"kind-change-confirm-{width}-{theme}{'' if script else '-nojs'}")

    page.keyboard.press("Space")  # the box has the focus: a keyboard ticks it
    expect(confirm).to_be_checked()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#messages")).to_contain_text("Saved “Vaping”.")
    page.goto(f"/habits/{habit}/edit")
    expect(page.locator("input[name=kind][value=yes_no]")).to_be_checked()

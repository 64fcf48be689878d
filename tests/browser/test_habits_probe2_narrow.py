"""A 390 px phone, keyboard and no JavaScript, a habit named with one long word: its settings
page, also as a refused rename brings it back, stays within the screen (the "← name" link
back to the habit pushed it 95 px sideways)."""

from __future__ import annotations

import pytest
from browser_support import scroll_width
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LONG = "Supercalifragilisticexpialidociousandevenlongerwordwithoutspaces"


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_long_one_word_name_never_pushes_its_forms_sideways(new_page, register, give_habits,
                                                             browser_watch, screenshot, theme):
    browser_watch.allow_http_error(422, r"/habits/[0-9]+/edit")  # the refused rename
    page = new_page(viewport=PHONE, java_script_enabled=False, color_scheme=theme)
    email = register(page)
    hid, other = give_habits(email, [{"name": LONG}, {"name": "Read"}])
    page.goto(f"/habits/{hid}/edit")
    assert scroll_width(page) <= PHONE["width"]
    screenshot(page, f"habits-probe2-long-name-edit-{theme}")

    page.goto(f"/habits/{other}/actions")  # rename, as the ⋯ menu offers it without JS
    page.get_by_role("link", name="Rename").press("Enter")
    page.get_by_label("Name", exact=True).fill(LONG)  # already taken: refused, said why
    page.get_by_label("Name", exact=True).press("Enter")
    expect(page.locator(".field-error").first).to_contain_text("already have a habit")
    assert scroll_width(page) <= PHONE["width"]

"""The account menu opens above whatever sticks to the top of the page.

Without JavaScript a change comes back at its row (`/#habit-N`) with its message kept at the
top of the page (sticky); the account menu dropped down under that message, so "Log out" could
not be pressed until the message was gone (CI saw it once, on a page whose scripts lost a race).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# Which of the open menu's items is not the element a pointer at its middle would reach.
COVERED = """menu => [...menu.querySelectorAll('.menu-item')].filter(item => {
  const box = item.getBoundingClientRect();
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return !(hit && (hit === item || item.contains(hit)));
}).map(item => item.textContent.trim())"""


PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 800}


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_log_out_is_reachable_under_a_kept_message(new_page, register, viewport):
    page = new_page(java_script_enabled=False, viewport=viewport)
    register(page)
    page.get_by_label("Add a habit").fill("Read")
    page.get_by_label("Add a habit").press("Enter")
    expect(page).to_have_url(re.compile(r"/#habit-\d+$"))
    expect(page.locator("#messages")).to_contain_text("Read")
    assert page.locator("#messages").evaluate("el => getComputedStyle(el).position") == "sticky"

    page.locator("summary", has_text="Account menu").click()
    menu = page.locator("header .menu")
    expect(menu).to_be_visible()
    assert menu.evaluate(COVERED) == []
    page.get_by_role("button", name="Log out").click(timeout=5000)
    expect(page).to_have_url(re.compile(r"/login(\?|$)"))

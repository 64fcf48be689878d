"""The app's frame on a phone: the bottom bar says which tab is open by more than its hue (the
accent and the other tabs' grey are about as dark: 1:1), and the one way on from an error or
offline page is a 44 px target."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}

# What a tab looks like apart from its colours.
LOOKS = """a => { const s = getComputedStyle(a);
  return [s.fontWeight, s.boxShadow, s.textDecorationLine, s.borderTopWidth].join(' | '); }"""


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_open_tab_differs_by_more_than_colour(theme, new_page, register, live_server):
    page = new_page(**PHONE)
    register(page)
    page.context.add_cookies([{"name": "theme", "value": theme, "url": live_server}])
    for path, name in (("/", "Today"), ("/calendar", "Calendar"), ("/insights", "Insights"),
                       ("/settings", "Settings")):
        page.goto(path)
        nav = page.get_by_role("navigation", name="Main (mobile)")
        current = nav.locator('a[aria-current="page"]')
        expect(current).to_have_text(name)
        others = nav.locator("a:not([aria-current])")
        expect(others).to_have_count(3)
        look = current.evaluate(LOOKS)
        for other in others.all():
            assert other.evaluate(LOOKS) != look, f"on {path} the open tab looks like the others"


def test_the_way_back_from_an_error_or_offline_page_is_a_finger_wide(new_page, register,
                                                                      browser_watch):
    browser_watch.allow_http_error(404, r"/no-such-page")
    page = new_page(**PHONE)
    register(page)
    for path in ("/no-such-page", "/offline"):
        page.goto(path)
        back = page.get_by_role("link", name="Back to Today")
        expect(back).to_be_visible()
        box = back.bounding_box()
        assert box["height"] >= 44, f"{path}: 'Back to Today' is {box['height']:.0f} px tall"

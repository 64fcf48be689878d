"""Pictures for a human to look at: Today and a habit page, light and dark, on a desktop
(1280 px) and on phones (390 and 360 px), one with its row menu open."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

VIEWPORTS = {
    "desktop": {"width": 1280, "height": 800},
    "390": {"width": 390, "height": 844},
    "360": {"width": 360, "height": 740},
}


@pytest.mark.parametrize("size", VIEWPORTS)
def test_dashboard_and_habit_page_screenshots(size, new_page, register, add_habit, screenshot,
                                              live_server):
    mobile = size != "desktop"
    page = new_page(viewport=VIEWPORTS[size], is_mobile=mobile, has_touch=mobile)
    register(page)
    done = add_habit(page, "Read 10 pages")
    add_habit(page, "Walk after lunch")
    add_habit(page, "Meditate")
    page.locator(f"#toggle-{done}").click()
    expect(page.locator(f"#toggle-{done}")).to_have_attribute("aria-pressed", "true")

    for theme in ("light", "dark"):
        # The cookie the theme toggle sets, so the server renders the page in that theme.
        page.context.add_cookies([{"name": "theme", "value": theme, "url": live_server}])
        for name, path in (("dashboard", "/"), ("habit", f"/habits/{done}")):
            page.goto(path)
            expect(page.locator("html")).to_have_attribute("data-theme", theme)
            page.locator("body").click(position={"x": 2, "y": 200})  # no focus ring in it
            shot = screenshot(page, f"{name}-{theme}-{size}")
            assert shot.stat().st_size > 0
        page.goto("/")
        page.locator(f"#menu-{done}").click()
        expect(page.locator(f"#move-down-{done}")).to_be_visible()
        assert screenshot(page, f"dashboard-menu-{theme}-{size}").stat().st_size > 0

"""Pictures of Today for a human to look at: light and dark, desktop and 360 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "360": {"width": 360, "height": 740}}


@pytest.mark.parametrize("size", VIEWPORTS)
def test_dashboard_screenshots(size, new_page, register, add_habit, screenshot, live_server):
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
        page.reload()
        expect(page.locator("html")).to_have_attribute("data-theme", theme)
        page.locator("body").click(position={"x": 2, "y": 200})  # no focus ring in the picture
        path = screenshot(page, f"dashboard-{theme}-{size}")
        assert path.stat().st_size > 0

"""Settings → API tokens and /api/docs in Chromium: a token made in the page works with the
API, the browser's own session does not; both pages pass axe, light and dark, and are
photographed at 390 and 1280 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

VIEWPORTS = {"1280": {"width": 1280, "height": 800}, "390": {"width": 390, "height": 844}}


@pytest.mark.parametrize("size", VIEWPORTS)
def test_tokens_page_and_reference(size, new_page, register, add_habit, screenshot, axe_check,
                                   live_server, browser_watch):
    mobile = size != "1280"
    page = new_page(viewport=VIEWPORTS[size], is_mobile=mobile, has_touch=mobile)
    register(page)
    add_habit(page, "Water")
    page.goto("/settings")
    page.get_by_role("link", name="Tokens for scripts, shortcuts and Home Assistant").click()
    page.get_by_label("Name").fill("Home Assistant")
    page.get_by_label("Read and write").check()
    page.get_by_role("button", name="Create token").click()
    secret = page.locator("#new-token").input_value()
    assert secret.startswith("hab_")

    with_token = page.request.get("/api/v1/today", headers={"Authorization": f"Bearer {secret}"})
    assert with_token.status == 200 and with_token.json()["due"] == 1
    # The page's own cookies do not open the API.
    browser_watch.allow_http_error(401, "/api/v1/today")
    status = page.evaluate("() => fetch('/api/v1/today').then(r => r.status)")
    assert status == 401

    page.goto("/settings/tokens")
    expect(page.get_by_role("row", name="Home Assistant")).to_contain_text("read and write")
    axe_check(page)
    page.goto("/api/docs")
    expect(page.get_by_role("heading", name="GET /api/v1/today")).to_be_visible()
    axe_check(page)
    for theme in ("light", "dark"):
        page.context.add_cookies([{"name": "theme", "value": theme, "url": live_server}])
        page.goto("/settings/tokens")
        page.get_by_label("Name").fill("Phone")
        page.get_by_role("button", name="Create token").click()
        expect(page.locator("#new-token")).to_be_visible()
        page.locator("body").click(position={"x": 2, "y": 200})
        assert screenshot(page, f"api-tokens-{theme}-{size}").stat().st_size > 0
        page.goto("/api/docs")
        whole = screenshot(page, f"api-docs-{theme}-{size}")
        assert whole.stat().st_size > 0
        # Nothing wider than the screen: long paths wrap, tables scroll in their own box.
        assert page.evaluate("() => document.documentElement.scrollWidth") <= VIEWPORTS[
            size]["width"]
        page.locator("#put_checkin").scroll_into_view_if_needed()
        page.screenshot(path=str(whole.with_name(f"api-docs-put-{theme}-{size}.png")))


def test_revoke_stays_in_sight_on_a_phone(new_page, register):
    """The tokens table is wider than a phone: its other columns scroll, Revoke does not."""
    page = new_page(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    register(page)
    page.goto("/settings/tokens")
    page.get_by_label("Name").fill("Home Assistant on the kitchen tablet")
    page.get_by_label("Expires").select_option(index=1)
    page.get_by_role("button", name="Create token").click()
    revoke = page.get_by_role("button", name="Revoke “Home Assistant on the kitchen tablet”")
    box = revoke.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 360
    revoke.click()
    expect(page.locator("#messages")).to_contain_text("Token revoked")

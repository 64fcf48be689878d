"""Insights' health score, opened for its formula on a phone (outside tester): the formula ran
past the table's box at 390 px ("0,5 × force 9…", 443 px of words in a 358 px box) and was read
only by scrolling the table sideways. It now takes a line under the habit's row, across all
the columns, and wraps there."""

from __future__ import annotations

import pytest
from browser_support import choose_language
from playwright.sync_api import expect
from test_browser_insights import give_history

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("language", ["en", "fr", "de"])
def test_the_health_formula_wraps_on_a_phone(width, language, new_page, register, live_app):
    page = new_page(viewport={"width": width, "height": 800}, is_mobile=True, has_touch=True)
    email = register(page)
    give_history(live_app, email)
    if language != "en":
        choose_language(page, language)
    page.goto("/insights")
    box = page.locator("#insights-period [role=region]").first
    # German's column names make the closed table itself a little wider than 320 px.
    closed = box.evaluate("el => el.scrollWidth")

    summary = box.locator("details > summary").first
    summary.click()
    formula = box.get_by_text(" × ").first
    expect(formula).to_be_visible()
    assert box.evaluate("el => el.scrollWidth") == closed, "the formula widened the table"
    where, seen = formula.bounding_box(), box.bounding_box()
    # (within a pixel: a box scrolled to the opened score rests on a fraction of one)
    assert where["x"] >= seen["x"] - 1
    assert where["x"] + where["width"] <= seen["x"] + seen["width"] + 1
    assert page.evaluate("() => document.documentElement.scrollWidth") == width

    summary.click()  # closed again: the formula goes
    expect(formula).to_be_hidden()

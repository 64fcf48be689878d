"""A Today row left open in one tab while its habit is archived or deleted in another: a
click on it says why nothing was saved and the row goes (out of band), with htmx for real."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("action", "status", "words"), [
    ("archive", 409, "was archived"), ("delete", 404, "no longer exists")])
def test_a_stale_row_says_why_and_goes(page, register, add_habit, browser_watch, action,
                                       status, words):
    register(page)
    stale = add_habit(page, "Read")
    add_habit(page, "Walk")
    browser_watch.allow_http_error(status, rf"/habits/{stale}/toggle")
    other_tab = page.context.new_page()  # the same session in a second tab
    other_tab.goto(f"/habits/{stale}")
    if action == "archive":
        other_tab.get_by_role("button", name="Archive").click()
    else:
        other_tab.goto(f"/habits/{stale}/delete")
        other_tab.get_by_role("button", name=re.compile("Delete")).click()
    # Deleted: Today at the row that took its place; archived: back on the habit's page.
    expect(other_tab).to_have_url(re.compile(r"/(#habit-\d+)?$|/habits/\d+$"))
    other_tab.close()

    page.locator(f"#toggle-{stale}").click()
    expect(page.locator("#messages")).to_contain_text(words)
    expect(page.locator(f"#habit-{stale}")).to_have_count(0)
    expect(page.locator("#habit-list [data-habit-row]")).to_have_count(1)

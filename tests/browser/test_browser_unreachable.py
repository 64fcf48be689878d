"""A request that cannot reach the server (no connection, the server down) is said in the
reader's language: the words come with the page, not from the script."""

from __future__ import annotations

import pytest
from browser_support import choose_language
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

GERMAN = "Der Server ist nicht erreichbar. Prüfe deine Verbindung und versuche es erneut."


def test_an_unreachable_server_is_said_in_the_readers_language(page, register, add_habit,
                                                               browser_watch):
    register(page)
    habit = add_habit(page, "Lesen")
    choose_language(page, "de")
    page.goto("/")
    page.route("**/habits/*/actions", lambda route: route.abort("internetdisconnected"))
    page.locator(f"#menu-{habit}").click()
    expect(page.locator("#messages .flash-error")).to_have_text(GERMAN)
    expect(page.locator("#messages > [role=alert] > .flash-error")).to_have_text(GERMAN)
    # The failed request is this test's doing, not the app's.
    browser_watch.problems[:] = [p for p in browser_watch.problems if "/actions" not in p]

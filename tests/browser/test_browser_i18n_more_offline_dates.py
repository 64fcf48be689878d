"""The offline banner writes its days in the page's language (<html lang>, the user's choice),
not the browser's: a German page in an English browser says "Di., 1. Dez."."""

from __future__ import annotations

import pytest
from browser_support import choose_language, wait_for_worker
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_refused_change_names_its_day_in_the_pages_language(page, register, add_habit):
    register(page)  # the browser speaks en-GB (tests/browser/conftest.py)
    habit = add_habit(page, "Walk")
    wait_for_worker(page)
    page.evaluate("""async (habit) => {
        const user = document.getElementById("offline-status").dataset.user;
        await HabitoryQueue.add(HabitoryQueue.REFUSED,
            { user, habit, day: "2026-12-01", name: "Walk", status: 404 });
    }""", habit)
    choose_language(page, "de")
    banner = page.locator("#offline-status [data-refused-list]")
    expect(banner).to_contain_text("(Di., 1. Dez.)")
    expect(banner).not_to_contain_text("Tue")

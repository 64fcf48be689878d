"""Ticking a day of a habit's calendar by keyboard: the key numbers, the best streaks, the
history and the strength chart follow without a reload (one summary request, swapped out of
band), and the focus stays on the day ticked."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from browser_support import settled
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SECTIONS = ("#habit-numbers", "#habit-insights", "#habit-best", "#habit-history")


def gym_with_four_days(live_app, email: str, give_habits) -> tuple[int, object]:
    """A daily habit of three weeks, done the four days before yesterday. (id, today)"""
    from habitory.extensions import db
    from habitory.models import CheckIn, Habit

    (habit_id,) = give_habits(email, [{"name": "Gym"}])
    with live_app.app_context():
        habit = db.session.get(Habit, habit_id)
        today = habit.created_on
        habit.created_on = today - timedelta(days=21)
        db.session.execute(sa.insert(CheckIn), [
            {"habit_id": habit_id, "day": today - timedelta(days=n), "state": "done"}
            for n in (2, 3, 4, 5)])
        db.session.commit()
    return habit_id, today


def card(page, label: str):
    """A key number's value: the card whose label is `label`."""
    return page.locator("#habit-numbers .card").filter(
        has=page.get_by_text(label, exact=True)).locator("p").nth(1)


def test_a_keyboard_tick_updates_the_numbers_and_history_and_keeps_focus(
        page, live_app, register, give_habits):
    habit_id, today = gym_with_four_days(live_app, register(page), give_habits)
    yesterday = today - timedelta(days=1)
    page.goto(f"/habits/{habit_id}?year={yesterday.year}")
    expect(card(page, "Days done")).to_have_text("4")
    expect(card(page, "Best streak")).to_have_text("4 days")
    expect(page.locator("#habit-insights figure[data-chart-ready]")).to_have_count(1)
    # Marks a reload would wipe: the page, and the chart figure drawn at load.
    page.evaluate("""() => { window.notReloaded = true;
                             document.querySelector('#habit-insights figure').dataset.old = 1; }""")
    summaries = []
    page.on("request", lambda r: summaries.append(r.url)
            if urlsplit(r.url).path.endswith("/summary") else None)

    cell = page.locator(f"#cell-{yesterday.isoformat()}")
    cell.focus()
    with page.expect_response(lambda r: urlsplit(r.url).path == f"/habits/{habit_id}/summary"):
        page.keyboard.press("Enter")
    settled(page)

    expect(cell).to_have_attribute("data-status", "done")
    expect(card(page, "Days done")).to_have_text("5")
    expect(card(page, "Best streak")).to_have_text("5 days")
    expect(card(page, "Current streak")).to_contain_text("5")
    first = page.locator("#habit-history li").first
    expect(first).to_contain_text(f"{yesterday:%a} {yesterday.day} {yesterday:%b %Y}")
    expect(page.locator("#habit-best li").first).to_contain_text("5 days")
    # The chart was drawn again from the new figure (charts.js on htmx:load).
    expect(page.locator("#habit-insights figure[data-chart-ready]:not([data-old])")
           ).to_have_count(1)
    expect(page.locator("#habit-insights figure canvas")).to_be_visible()
    assert page.evaluate("() => window.notReloaded === true")
    assert page.evaluate("() => document.activeElement.id") == f"cell-{yesterday.isoformat()}"
    # The page's view rides along (?year=): the sections come back drawn for it.
    assert summaries == [page.url.split("?")[0].rsplit("/habits", 1)[0]
                         + f"/habits/{habit_id}/summary?year={yesterday.year}"]
    # Nothing that refreshed is read aloud as a whole.
    for selector in SECTIONS:
        assert page.evaluate("s => !document.querySelector(s).closest('[aria-live]')", selector)

    # Once more, by keyboard: done → skipped; the numbers follow again.
    with page.expect_response(lambda r: urlsplit(r.url).path == f"/habits/{habit_id}/summary"):
        page.keyboard.press("Enter")
    settled(page)
    expect(cell).to_have_attribute("data-status", "skipped")
    expect(card(page, "Days done")).to_have_text("4")
    expect(first).to_contain_text("Skipped")
    assert page.evaluate("() => document.activeElement.id") == f"cell-{yesterday.isoformat()}"
    assert len(summaries) == 2


def test_panels_the_user_opened_or_closed_stay_so_after_a_tick(
        page, live_app, register, give_habits):
    """The refresh redraws the sections; "How is this computed?" stays open, and the chart's
    "The numbers" table stays closed, as the user left them."""
    habit_id, today = gym_with_four_days(live_app, register(page), give_habits)
    yesterday = today - timedelta(days=1)
    page.goto(f"/habits/{habit_id}?year={yesterday.year}")
    expect(page.locator("#habit-insights figure[data-chart-ready]")).to_have_count(1)
    how = page.locator("#habit-insights details").filter(has_text="How is this computed?")
    table = page.locator("#habit-insights details[data-chart-table]")
    how.locator("summary").click()
    expect(how).to_have_attribute("open", "")
    expect(table).not_to_have_attribute("open", "")

    cell = page.locator(f"#cell-{yesterday.isoformat()}")
    cell.focus()
    with page.expect_response(lambda r: urlsplit(r.url).path == f"/habits/{habit_id}/summary"):
        page.keyboard.press("Enter")
    settled(page)
    expect(card(page, "Days done")).to_have_text("5")
    expect(how).to_have_attribute("open", "")
    expect(table).not_to_have_attribute("open", "")

"""Probe (2026-12-06): the habit page on a train. "Log a day" is a plain form: sent without
a connection it ended on Chromium's error page and the note typed was lost; it is queued like
a tick, said under its button, and sent when the connection returns."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from browser_support import WATER, screenshot, wait_for_worker
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def _day(live_app, habit):
    from habitory.extensions import db
    from habitory.models import CheckIn

    with live_app.app_context():
        return db.session.execute(
            sa.select(CheckIn.state, CheckIn.amount, CheckIn.note)
            .where(CheckIn.habit_id == habit)).all()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_day_logged_with_a_note_offline_waits_and_is_sent(theme, new_page, register,
                                                            give_habits, live_app):
    page = new_page(**PHONE, color_scheme=theme)
    email = register(page)
    read, water = give_habits(email, [{"name": "Read"}, WATER])
    wait_for_worker(page)
    page.goto(f"/habits/{water}")
    page.wait_for_timeout(300)  # the worker saves this copy
    page.context.set_offline(True)
    try:
        page.reload()
        page.locator("#log-amount").fill("3,5")
        page.locator("#log-note").fill("tired but did it")
        page.get_by_role("button", name="Save day").click()
        note = page.locator("#day-form [data-queued-note]")
        expect(note).to_have_text("1 change waiting")
        expect(page.locator("#log-note")).to_have_value("tired but did it")  # not lost
        expect(page.locator("#offline-status")).to_contain_text("1 change waiting")
        page.locator("#day-form").scroll_into_view_if_needed()
        screenshot(page, f"probe-habit-day-offline-{theme}-390")
        assert _day(live_app, water) == []
    finally:
        page.context.set_offline(False)
    expect(page.locator("#offline-status")).to_be_hidden()
    assert _day(live_app, water) == [("not_done", 3.5, "tired but did it")]
    expect(page.locator("main")).to_contain_text("tired but did it")  # the page, redrawn


def _states(live_app, habit):
    from habitory.extensions import db
    from habitory.models import CheckIn

    with live_app.app_context():
        rows = db.session.execute(
            sa.select(CheckIn.day, CheckIn.state).where(CheckIn.habit_id == habit)).all()
    return {day.isoformat(): state for day, state in rows}


def _give_day(live_app, habit, day, state):
    from datetime import date

    from habitory.domain import days
    from habitory.extensions import db
    from habitory.models import Habit

    with live_app.app_context():
        days.set_day(db.session.get(Habit, habit), date.fromisoformat(day), state)
        db.session.commit()


def test_calendar_days_tapped_offline_cycle_as_online_and_show_it(new_page, register,
                                                                   give_habits, live_app):
    """A tap on a done day queued "done" again (the page read aria-pressed, which calendar
    days do not have): online it would have become skipped. And a tapped day looked
    unchanged."""
    page = new_page(**PHONE)
    email = register(page)
    read, sugar = give_habits(email, [{"name": "Read"}, {"name": "Sugar", "kind": "quit"}])
    wait_for_worker(page)
    page.goto(f"/habits/{read}")
    cells = page.locator("#habit-calendar button.heat")
    today = cells.last.get_attribute("value")
    yesterday = cells.nth(cells.count() - 2).get_attribute("value")
    _give_day(live_app, read, yesterday, "done")
    page.reload()  # saved with yesterday done
    page.goto(f"/habits/{sugar}")
    page.goto(f"/habits/{read}")
    page.wait_for_timeout(300)
    page.context.set_offline(True)
    try:
        page.reload()
        done_day, new_day = page.locator(f"#cell-{yesterday}"), page.locator(f"#cell-{today}")
        expect(done_day).to_have_attribute("data-status", "done")
        done_day.click()
        expect(done_day).to_have_attribute("data-status", "skipped")
        new_day.click()
        expect(new_day).to_have_attribute("data-status", "done")
        expect(page.locator("#offline-status")).to_contain_text("2 changes waiting")
        page.reload()  # the saved copy, with the waiting changes drawn over it
        expect(page.locator(f"#cell-{yesterday}")).to_have_attribute("data-status", "skipped")
        expect(page.locator(f"#cell-{today}")).to_have_attribute("data-status", "done")
        page.goto(f"/habits/{sugar}")
        page.locator(f"#cell-{today}").click()  # a quit habit's tap is a slip
        expect(page.locator(f"#cell-{today}")).to_have_attribute("data-status", "missed")
    finally:
        page.context.set_offline(False)
    expect(page.locator("#offline-status")).to_be_hidden()
    assert _states(live_app, read) == {yesterday: "skipped", today: "done"}
    assert _states(live_app, sugar) == {today: "not_done"}


def test_a_habit_page_shows_the_servers_days_once_its_changes_are_sent(new_page, register,
                                                                       give_habits, live_app):
    """Sent from the live habit page (not a saved copy), a day tapped offline kept saying
    "(not sent yet)" after it was sent: only Today's rows were redrawn."""
    page = new_page(**PHONE)
    email = register(page)
    [read] = give_habits(email, [{"name": "Read"}])
    wait_for_worker(page)
    page.goto(f"/habits/{read}")
    today = page.locator("#habit-calendar button.heat").last.get_attribute("value")
    page.context.set_offline(True)
    try:
        page.locator(f"#cell-{today}").click()
        expect(page.locator(f"#cell-{today}")).to_have_attribute(
            "aria-label", re.compile(r"\(not sent yet\)$"))
    finally:
        page.context.set_offline(False)
    expect(page.locator("#offline-status")).to_be_hidden()
    assert _states(live_app, read) == {today: "done"}
    cell = page.locator(f"#cell-{today}")
    expect(cell).not_to_have_attribute("aria-label", re.compile("not sent"))
    expect(cell).to_have_attribute("data-status", "done")
    expect(page.locator("main")).to_contain_text(re.compile(r"Days done\s*1"))

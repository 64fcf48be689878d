"""Probe (2026-12-07): a habit archived on another device while this phone ticked it offline,
and another habit ticked after it. The refusal is said, the queue goes on past it (the later
tick is saved), the stale row goes, and Today's progress counts as the server does."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from browser_support import progress, wait_for_worker
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("archived_first", [True, False])
def test_a_tick_of_a_habit_archived_meanwhile_is_said_and_the_rest_is_sent(
        archived_first, page, register, add_habit, live_app, browser_watch):
    from habitory.extensions import db
    from habitory.models import CheckIn, Habit

    register(page)
    old = add_habit(page, "Old habit")
    read = add_habit(page, "Read")
    wait_for_worker(page)
    expect(progress(page)).to_contain_text("0 of 2")
    page.context.set_offline(True)
    try:
        for habit in ((old, read) if archived_first else (read, old)):
            page.locator(f"#toggle-{habit}").click()
        expect(page.locator("#offline-status")).to_contain_text("2 changes waiting")
        with live_app.app_context():  # archived on the laptop meanwhile
            db.session.get(Habit, old).archived = True
            db.session.commit()
        browser_watch.allow_http_error(409, rf"/habits/{old}/toggle")
    finally:
        page.context.set_offline(False)
    banner = page.locator("#offline-status")
    expect(banner).to_contain_text("Not saved: “Old habit”")
    expect(banner.locator("[data-waiting-line]")).to_be_empty()
    expect(page.locator(f"#habit-{old}")).to_have_count(0)
    expect(page.locator(f"#toggle-{read}")).to_have_attribute("aria-pressed", "true")
    expect(progress(page)).to_contain_text("1 of 1")
    with live_app.app_context():
        saved = db.session.execute(sa.select(CheckIn.habit_id, CheckIn.state)).all()
    assert [(h, s) for h, s in saved if h in (old, read)] == [(read, "done")]

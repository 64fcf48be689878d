"""Today's "N of M done" counted offline past a thousand: the server writes "999 von 1.200"
(grouped as the reader writes numbers), and a tick queued offline makes it "1.000 von 1.200",
in the line, the bar's label and its text, never "1.000 von 1.200.200"."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from browser_support import choose_language, progress
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

N = "\u202f"  # French groups digits with a narrow no-break space


def _thousand_habits(app, email: str, done: int) -> list[int]:
    """1,200 habits straight into the database, the first `done` of them ticked today."""
    from habitory.clock import user_today
    from habitory.extensions import db
    from habitory.models import CheckIn, Habit, User

    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        today = user_today(user)
        db.session.execute(sa.insert(Habit), [
            {"user_id": user.id, "position": i, "created_on": today, "name": f"Habit {i}",
             "name_key": f"habit {i}", "colour": "teal"} for i in range(1200)])
        ids = list(db.session.scalars(
            sa.select(Habit.id).where(Habit.user_id == user.id).order_by(Habit.position)))
        db.session.execute(sa.insert(CheckIn), [
            {"habit_id": habit, "day": today, "state": "done"} for habit in ids[:done]])
        db.session.commit()
    return ids


@pytest.mark.parametrize(("language", "before", "after", "label"), [
    ("de", "999 von 1.200 erledigt", "1.000 von 1.200 erledigt",
     "1.000 von 1.200 Gewohnheiten heute erledigt"),
    ("fr", f"999 sur 1{N}200 faites", f"1{N}000 sur 1{N}200 faites",
     f"1{N}000 habitudes sur 1{N}200 faites aujourd’hui"),
])
def test_a_tick_offline_counts_into_the_thousands(page, register, live_app, language, before,
                                                  after, label):
    email = register(page)
    ids = _thousand_habits(live_app, email, done=999)
    choose_language(page, language)
    page.goto("/")
    line, bar = progress(page).locator("p"), progress(page).locator("progress")
    expect(line).to_have_text(before)
    page.context.set_offline(True)
    try:
        toggle = page.locator(f"#toggle-{ids[999]}")
        toggle.click()
        expect(toggle).to_have_attribute("data-pending", "true")
        expect(line).to_have_text(after)
        expect(bar).to_have_attribute("value", "1000")
        expect(bar).to_have_attribute("aria-label", label)
        expect(bar).to_have_text(after.rsplit(" ", 1)[0])  # "1.000 von 1.200"
    finally:
        page.context.set_offline(False)
    expect(page.locator("#offline-status")).to_be_hidden()
    expect(line).to_have_text(after)  # sent: the server's own count

"""The habit page's History words for a target per several days ("6 km · counted toward the
target met on Sun 6 Dec 2026") wrap on a phone: they pushed the page 29 px wider than 390 px."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from browser_support import ARTIFACTS

pytestmark = pytest.mark.browser


def _log(app, habit_id: int, amounts: dict[int, float]) -> None:
    from habitory.clock import user_today
    from habitory.extensions import db
    from habitory.models import CheckIn, Habit

    with app.app_context():
        habit = db.session.get(Habit, habit_id)
        today = user_today(habit.user)
        habit.created_on = today - timedelta(days=10)
        db.session.execute(sa.insert(CheckIn), [
            {"habit_id": habit_id, "day": today - timedelta(days=back), "state": "not_done",
             "amount": amount} for back, amount in amounts.items()])
        db.session.commit()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_period_words_wrap_on_a_phone(new_page, register, give_habits, live_app, scheme):
    page = new_page(viewport={"width": 390, "height": 844}, color_scheme=scheme)
    email = register(page)
    [habit] = give_habits(email, [{"name": "Running", "kind": "measurable", "target": 10,
                                   "unit": "km", "freq_num": 1, "freq_den": 7}])
    _log(live_app, habit, {2: 6.0, 1: 5.0})
    page.goto(f"/habits/{habit}")
    history = page.locator("#habit-history")
    assert "counted toward the target met on" in history.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    folder = ARTIFACTS / "history_words"
    folder.mkdir(parents=True, exist_ok=True)
    history.scroll_into_view_if_needed()
    page.screenshot(path=str(folder / f"history-390-{scheme}.png"))

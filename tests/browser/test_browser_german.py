"""Habitory in German, in a real browser: the language chosen in Settings, then Today, a habit
page, Insights (charts drawn with German labels), Notifications and Settings, light and dark,
on a phone (390 px) and a desktop (1280 px), for a human to look at."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from browser_support import choose_language
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

VIEWPORTS = {"1280": {"width": 1280, "height": 800}, "390": {"width": 390, "height": 844}}


def give_german_history(app, email: str) -> int:
    """Two habits with 120 days (German names), rules run: notifications to read."""
    from habitory.domain import rules_run
    from habitory.extensions import db
    from habitory.models import CheckIn, Habit, User

    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        today = date.today()
        start = today - timedelta(days=120)
        ids = []
        for i, (name, colour) in enumerate((("Lesen", "blue"), ("Laufen", "orange"))):
            habit = Habit(user_id=user.id, position=10 + i, created_on=start, colour=colour)
            habit.rename(name)
            db.session.add(habit)
            db.session.flush()
            ids.append(habit.id)
            db.session.execute(sa.insert(CheckIn), [
                {"habit_id": habit.id, "day": start + timedelta(days=d), "state": "done"}
                for d in range(118) if (d + i) % 4 and (start + timedelta(days=d)).weekday() != 4])
        db.session.commit()
        rules_run.run_rules([user], datetime.now(UTC), force=True)
        db.session.commit()
        return ids[0]


@pytest.mark.parametrize("size", VIEWPORTS)
def test_german_pages_screenshots(size, new_page, register, add_habit, screenshot, live_app,
                                  live_server):
    mobile = size != "1280"
    page = new_page(viewport=VIEWPORTS[size], is_mobile=mobile, has_touch=mobile)
    email = register(page)
    add_habit(page, "Meditieren")
    habit = give_german_history(live_app, email)

    choose_language(page, "de")
    expect(page.locator("#messages")).to_contain_text("Sprache und Woche gespeichert.")

    for theme in ("light", "dark"):
        page.context.add_cookies([{"name": "theme", "value": theme, "url": live_server}])
        for name, path, heading in (("heute", "/", "Heute"),
                                    ("gewohnheit", f"/habits/{habit}", "Lesen"),
                                    ("auswertung", "/insights", "Auswertung"),
                                    ("benachrichtigungen", "/notifications",
                                     "Benachrichtigungen"),
                                    ("einstellungen", "/settings", "Einstellungen")):
            page.goto(path)
            expect(page.locator("html")).to_have_attribute("data-theme", theme)
            expect(page.locator("h1")).to_contain_text(heading)
            if name == "auswertung":
                expect(page.locator("figure[data-chart-ready]")).to_have_count(5)
            page.locator("body").click(position={"x": 2, "y": 200})  # no focus ring in it
            assert screenshot(page, f"de-{name}-{theme}-{size}").stat().st_size > 0
    if not mobile:  # the ? key's dialog (its button is hidden on phones)
        page.goto("/")
        page.keyboard.press("?")
        expect(page.locator("#shortcuts")).to_contain_text("Tastenkürzel")
        assert screenshot(page, f"de-tastenkuerzel-dark-{size}").stat().st_size > 0

"""Pictures for a human to look at: Today and a habit page, light and dark, on a desktop
(1280 px) and on phones (390 and 360 px), one with its row menu open."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

VIEWPORTS = {
    "desktop": {"width": 1280, "height": 800},
    "390": {"width": 390, "height": 844},
    "360": {"width": 360, "height": 740},
}


@pytest.mark.parametrize("size", VIEWPORTS)
def test_dashboard_and_habit_page_screenshots(size, new_page, register, add_habit, screenshot,
                                              live_server):
    mobile = size != "desktop"
    page = new_page(viewport=VIEWPORTS[size], is_mobile=mobile, has_touch=mobile)
    register(page)
    done = add_habit(page, "Read 10 pages")
    add_habit(page, "Walk after lunch")
    add_habit(page, "Meditate")
    page.locator(f"#toggle-{done}").click()
    expect(page.locator(f"#toggle-{done}")).to_have_attribute("aria-pressed", "true")

    for theme in ("light", "dark"):
        # The cookie the theme toggle sets, so the server renders the page in that theme.
        page.context.add_cookies([{"name": "theme", "value": theme, "url": live_server}])
        for name, path in (("dashboard", "/"), ("habit", f"/habits/{done}")):
            page.goto(path)
            expect(page.locator("html")).to_have_attribute("data-theme", theme)
            page.locator("body").click(position={"x": 2, "y": 200})  # no focus ring in it
            shot = screenshot(page, f"{name}-{theme}-{size}")
            assert shot.stat().st_size > 0
        page.goto("/")
        page.locator(f"#menu-{done}").click()
        expect(page.locator(f"#move-down-{done}")).to_be_visible()
        assert screenshot(page, f"dashboard-menu-{theme}-{size}").stat().st_size > 0


PAGES_VIEWPORTS = {"1280": {"width": 1280, "height": 800}, "390": {"width": 390, "height": 844}}
# Notifications of every kind the app draws an icon for, beside what the rules find.
SAMPLE_NOTIFICATIONS = (
    ("reminder", "reminders", "Time for Meditate", "Your reminder for 07:30."),
    ("milestone", "milestones", "Read: 30 days in a row", "Your longest streak yet on Read."),
    ("suggestion", "suggestions", "Run: try mornings",
     "You run 71% of mornings and 38% of evenings over the last 90 days."),
    ("low_consistency", "alerts", "Journal is slipping", "Done on 9 of the last 30 due days."),
)


def demo_account(app, email: str) -> dict[str, int]:
    """Give the user the demo's year of history (habitory/demo.py) with a day skipped this
    week, tomorrow's chance for all but two habits (a row without one must still line up), the
    rules' notifications and a few more of every kind. Returns the habit ids by name."""
    from datetime import timedelta

    import sqlalchemy as sa

    from habitory import demo
    from habitory.clock import user_today
    from habitory.domain import notifications, rules_run
    from habitory.extensions import db
    from habitory.jobs import forecast
    from habitory.models import CheckIn, Habit, Prediction, User

    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        today = user_today(user)
        demo.seed(user, today, 365)
        habits = list(db.session.scalars(
            sa.select(Habit).where(Habit.user_id == user.id).order_by(Habit.position)))
        # A day skipped this week, for the week strip to show.
        skipped = today - timedelta(days=2)
        db.session.execute(sa.delete(CheckIn).where(CheckIn.habit_id == habits[0].id,
                                                    CheckIn.day == skipped))
        db.session.add(CheckIn(habit_id=habits[0].id, day=skipped, state="skipped"))
        db.session.commit()
        # Tomorrow's chances and reasons as the app computes them: the user's own model.
        forecast.train(user.id)
        db.session.execute(sa.delete(Prediction).where(
            Prediction.habit_id.in_([h.id for h in habits[-2:]])))
        db.session.commit()
        db.session.commit()
        rules_run.run_rules([user], force=True)
        notifications.insert_new(user.id, [
            notifications.NewNotification(kind, category, title, body, f"shot-{kind}")
            for kind, category, title, body in SAMPLE_NOTIFICATIONS])
        db.session.commit()
        return {h.name: h.id for h in habits}


@pytest.mark.parametrize("size", PAGES_VIEWPORTS)
def test_every_page_screenshots(size, new_page, register, screenshot, live_app, live_server):
    """Today, a habit page, Insights, Calendar, Notifications, Settings and Account of a year-old
    account, light and dark, at 1280 and 390 px: test-artifacts/page-<name>-<theme>-<size>.png."""
    mobile = size != "1280"
    page = new_page(viewport=PAGES_VIEWPORTS[size], is_mobile=mobile, has_touch=mobile)
    email = register(page)
    ids = demo_account(live_app, email)
    pages = (("today", "/"), ("habit", f"/habits/{ids['Run']}"), ("insights", "/insights"),
             ("calendar", "/calendar"), ("notifications", "/notifications"),
             ("settings", "/settings"), ("account", "/settings/account"))
    for theme in ("light", "dark"):
        page.context.add_cookies([{"name": "theme", "value": theme, "url": live_server}])
        for name, path in pages:
            page.goto(path)
            expect(page.locator("html")).to_have_attribute("data-theme", theme)
            page.evaluate("document.fonts.ready")
            page.locator("body").click(position={"x": 2, "y": 200})  # no focus ring in it
            assert screenshot(page, f"page-{name}-{theme}-{size}").stat().st_size > 0

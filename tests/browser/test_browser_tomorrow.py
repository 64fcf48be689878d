"""Insights' "Tomorrow" cards in the browser: the chance never runs into the habit's name,
each card gives at most two reasons, a simple estimate says so; screenshots at 390 and 1280 px
in light and dark, and the habit form's risk-aware reminder setting."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

VIEWPORTS = {"1280": {"width": 1280, "height": 800}, "390": {"width": 390, "height": 844}}
# (name, done on day d of 200 when ...): steady, patchy, and a long name that must wrap.
HABITS = (("Journal", lambda d: d % 7 != 3),
          ("Run", lambda d: d % 3 != 0),
          ("Practise the guitar scales for twenty minutes before dinner", lambda d: d % 2 == 0))


def give_history_and_train(app, email: str) -> None:
    from habitory.extensions import db
    from habitory.jobs import forecast
    from habitory.models import CheckIn, Habit, User

    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id).where(User.email == email))
        today = date.today()
        for i, (name, done) in enumerate(HABITS):
            start = today - timedelta(days=200)
            habit = Habit(user_id=user_id, position=i, created_on=start, colour="blue")
            habit.rename(name)
            db.session.add(habit)
            db.session.flush()
            db.session.execute(sa.insert(CheckIn), [
                {"habit_id": habit.id, "day": start + timedelta(days=d), "state": "done"}
                for d in range(200) if done(d)])
        new = Habit(user_id=user_id, position=9, created_on=today - timedelta(days=3))
        new.rename("Stretch")  # three days old: a simple estimate, and it says why
        db.session.add(new)
        db.session.commit()
        forecast.train(user_id)


@pytest.mark.parametrize("size", VIEWPORTS)
def test_tomorrow_cards_screenshots(size, new_page, register, live_app, live_server,
                                    screenshot, axe_check):
    mobile = size == "390"
    page = new_page(viewport=VIEWPORTS[size], is_mobile=mobile, has_touch=mobile)
    email = register(page)
    give_history_and_train(live_app, email)
    for theme in ("light", "dark"):
        page.context.add_cookies([{"name": "theme", "value": theme, "url": live_server}])
        page.goto("/insights")
        cards = page.locator("[data-prediction]")
        expect(cards).to_have_count(len(HABITS) + 1)
        for i in range(cards.count()):
            card = cards.nth(i)
            chance = card.locator("[data-chance]").bounding_box()
            name = card.locator("[data-name]").bounding_box()
            assert chance["x"] + chance["width"] + 8 <= name["x"], "the chance touches the name"
            assert card.locator("li").count() <= 2
        stretch = cards.filter(has_text="Stretch")
        expect(stretch).to_contain_text("Simple estimate")
        expect(stretch).to_contain_text("new habit")
        section = page.locator("section[aria-labelledby='ai-title']")
        section.scroll_into_view_if_needed()
        shot = screenshot(page, f"tomorrow-{theme}-{size}")
        assert shot.stat().st_size > 0
        section.screenshot(path=str(shot.with_name(f"tomorrow-cards-{theme}-{size}.png")))
    axe_check(page)


@pytest.mark.parametrize("size", VIEWPORTS)
def test_risk_aware_reminder_setting_in_the_form(size, new_page, register, add_habit,
                                                 screenshot, browser_watch, axe_check,
                                                 live_server):
    mobile = size == "390"
    page = new_page(viewport=VIEWPORTS[size], is_mobile=mobile, has_touch=mobile)
    register(page)
    habit_id = add_habit(page, "Floss")
    browser_watch.allow_http_error(422, rf"/habits/{habit_id}/edit")
    page.goto(f"/habits/{habit_id}/edit")
    page.get_by_label("Reminders (optional)").fill("21:00")
    page.get_by_label("Only when I'm likely to miss it").check()
    page.get_by_label("Likely to miss means a chance below (%)").fill("120")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The threshold must be between 1 and 99 %.")).to_be_visible()
    screenshot(page, f"habit-form-risk-reminder-error-{size}")
    page.get_by_label("Likely to miss means a chance below (%)").fill("50")
    page.get_by_role("button", name="Save").click()
    page.goto(f"/habits/{habit_id}/edit")
    expect(page.get_by_label("Only when I'm likely to miss it")).to_be_checked()
    expect(page.get_by_label("Likely to miss means a chance below (%)")).to_have_value("50")
    # The hint says when the mode reminds anyway: not ticked off by the usual time.
    expect(page.locator("#remind-at-risk-hint")).to_contain_text(
        "A habit you usually tick off before the reminder’s time and have not ticked yet is "
        "reminded.")
    axe_check(page)
    for theme in ("light", "dark"):
        page.context.add_cookies([{"name": "theme", "value": theme, "url": live_server}])
        page.goto(f"/habits/{habit_id}/edit")
        fieldset = page.locator("fieldset[aria-describedby='remind-at-risk-hint']")
        fieldset.scroll_into_view_if_needed()
        box = fieldset.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= VIEWPORTS[size]["width"]
        page.screenshot(path=str(screenshot(page, f"habit-form-risk-reminder-{theme}-{size}")
                                 .with_name(f"habit-form-risk-reminder-{theme}-{size}-view.png")))
        page.goto(f"/habits/{habit_id}")
        line = page.locator("#habit-reminders")
        expect(line).to_have_text(
            "Reminder at 21:00 · only when you are likely to miss it (a chance below 50%)")
        box = line.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= VIEWPORTS[size]["width"]
        page.screenshot(path=str(screenshot(page, f"habit-page-reminders-{theme}-{size}")))

"""Insights' "Tomorrow" cards keep each chance on one line in every language: "38 %" with a
no-break space (de, fr, es) once broke into "38" over "%" at 390 px. Screenshots of the cards
in German on a phone go to /tmp/shots_tomorrow/."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

VIEWPORTS = {"390": {"width": 390, "height": 844}, "1280": {"width": 1280, "height": 800}}
LANGUAGES = ("en", "de", "fr", "es", "pt_BR")
# The widest figure there is, a middling one, and the narrowest.
CHANCES = {"Meditate every single morning before breakfast": 1.0, "Read": 0.38, "Run": 0.05}
SHOTS = Path("/tmp/shots_tomorrow")
# The figure's own text (not the screen reader's word after it) against its column's width.
TEXT_WIDTH = """e => { const r = document.createRange(); r.selectNodeContents(e.firstChild);
                      return [r.getBoundingClientRect().width, e.clientWidth]; }"""


def _habits_with_chances(app, email: str) -> None:
    """Habits with stored predictions for the user's tomorrow (no training needed)."""
    from datetime import timedelta

    from habitory.clock import user_today
    from habitory.extensions import db
    from habitory.jobs.forecast import stored_reasons
    from habitory.models import Habit, Prediction, User
    from habitory.stats.phrases import N_, NP_

    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        tomorrow = user_today(user) + timedelta(days=1)
        for i, (name, chance) in enumerate(CHANCES.items()):
            habit = Habit(user_id=user.id, position=i, created_on=tomorrow - timedelta(days=90))
            habit.rename(name)
            db.session.add(habit)
            db.session.flush()
            db.session.add(Prediction(
                habit_id=habit.id, user_id=user.id, for_day=tomorrow, probability=chance,
                source="model", at_risk=chance < 0.4,
                reasons=stored_reasons([N_("done yesterday"), N_(
                    "habit is %(age)s old", age=NP_("%(num)s day", "%(num)s days", 90))])))
        db.session.commit()


def _speak(app, email: str, language: str) -> None:
    from habitory.extensions import db
    from habitory.models import User

    with app.app_context():
        db.session.execute(sa.update(User).where(User.email == email).values(language=language))
        db.session.commit()


@pytest.mark.parametrize("size", VIEWPORTS)
def test_each_chance_stays_on_one_line_in_every_language(size, new_page, register, live_app):
    mobile = size == "390"
    page = new_page(viewport=VIEWPORTS[size], is_mobile=mobile, has_touch=mobile)
    email = register(page)
    _habits_with_chances(live_app, email)
    for language in LANGUAGES:
        _speak(live_app, email, language)
        page.goto("/insights")
        expect(page.locator("html")).to_have_attribute("lang", language.replace("_", "-"))
        chances = page.locator("[data-prediction] [data-chance]")
        expect(chances).to_have_count(len(CHANCES))
        for i in range(chances.count()):
            figure = chances.nth(i)
            box = figure.bounding_box()
            size_px = figure.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
            said = figure.inner_text()
            assert box["height"] < 1.5 * size_px, f"{language}: {said!r} breaks over two lines"
            widths = figure.evaluate(TEXT_WIDTH)
            assert widths[0] <= widths[1], f"{language}: {said!r} overflows its column {widths}"
        if language == "de" and mobile:
            SHOTS.mkdir(exist_ok=True)
            section = page.locator("[data-prediction]").first.locator("xpath=../..")
            section.scroll_into_view_if_needed()
            section.screenshot(path=str(SHOTS / "tomorrow-cards-de-390.png"))
            page.screenshot(path=str(SHOTS / "insights-de-390.png"), full_page=True)

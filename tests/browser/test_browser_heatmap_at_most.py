"""An "at most" habit's calendar (Vaping, at most 80 a day), at 390 and 1280 px, light and dark:
a day with nothing logged, which the rates count as kept, is a pale tint of the habit's colour,
told apart from a day over the limit (not done), a day logged within it (done) and a day
before the habit began (no entry); the key shows it in the very colour of the days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from browser_support import ARTIFACTS
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SIZES = {"390": {"width": 390, "height": 844}, "1280": {"width": 1280, "height": 800}}
THEMES = ("light", "dark")
LOOK = "el => getComputedStyle(el).backgroundColor + ' ' + getComputedStyle(el).outlineStyle"


def _vaping(app, habit_id: int, today) -> None:
    """Begun 60 days ago; 100 puffs (over) 3 days ago, 40 (within) on 2, 5 and 6 days ago."""
    from habitory.extensions import db
    from habitory.models import CheckIn, Habit

    with app.app_context():
        db.session.get(Habit, habit_id).created_on = today - timedelta(days=60)
        for back, amount in {3: 100.0, 2: 40.0, 5: 40.0, 6: 40.0}.items():
            db.session.add(CheckIn(habit_id=habit_id, day=today - timedelta(days=back),
                                   state="done", amount=amount))
        db.session.commit()


@pytest.mark.parametrize("size", SIZES)
def test_an_empty_at_most_day_reads_as_kept(size, new_page, register, give_habits, live_app):
    mobile = size == "390"
    page = new_page(viewport=SIZES[size], is_mobile=mobile, has_touch=mobile)
    email = register(page)
    habit, = give_habits(email, [{"name": "Vaping", "colour": "orange", "kind": "measurable",
                                  "target": 80.0, "direction": "at_most", "unit": "puffs"}])
    today = datetime.now(UTC).date()
    _vaping(live_app, habit, today)
    page.goto(f"/habits/{habit}")
    calendar = page.locator("#habit-calendar-scroll")

    def cell(back: int):
        return calendar.locator(".heat").filter(has_text=(
            today - timedelta(days=back)).strftime("%a %-d %b %Y:"))

    empty, over, within = cell(1), cell(3), cell(2)
    expect(empty).to_have_attribute("data-status", "within")
    expect(empty).to_contain_text("nothing logged, within the limit")
    expect(over).to_have_attribute("data-status", "missed")
    legend = page.locator("[data-legend]")
    expect(legend).to_contain_text("Nothing logged, within the limit")
    section = page.locator("section[aria-labelledby='habit-calendar-title']")
    ARTIFACTS.mkdir(exist_ok=True)
    for theme in THEMES:
        page.evaluate("theme => { document.documentElement.dataset.theme = theme; }", theme)
        swatch = legend.locator(".heat[data-status='within']")
        looks = {name: day.evaluate(LOOK) for name, day in
                 (("empty", empty), ("over", over), ("within", within),
                  ("no entry", cell(61)))}
        assert swatch.evaluate(LOOK) == looks["empty"], theme
        assert len(set(looks.values())) == 4, (theme, looks)  # four days, four looks
        page.mouse.move(0, 0)
        section.screenshot(path=str(ARTIFACTS / f"at-most-calendar-{theme}-{size}.png"))

"""An "at least 20 km a week" habit's calendar at 390 and 1280 px, light and dark: a 10 km day
that completes the week looks done, the days its week's total covers look covered (as a
yes/no habit's days its target covers), a day of a week short of 20 km looks missed; the key
shows each in the very colour of its days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from browser_support import ARTIFACTS
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SIZES = {"390": {"width": 390, "height": 844}, "1280": {"width": 1280, "height": 800}}
LOOK = "el => getComputedStyle(el).backgroundColor + ' ' + getComputedStyle(el).outlineStyle"
# Days back from today: two 10 km days make a week; 25 km alone does; 5 km falls short.
RUNS = {20: 10.0, 17: 10.0, 9: 25.0, 2: 5.0}


def _running(app, habit_id: int, today) -> None:
    from habitory.extensions import db
    from habitory.models import CheckIn, Habit

    with app.app_context():
        db.session.get(Habit, habit_id).created_on = today - timedelta(days=40)
        for back, km in RUNS.items():  # as the day editor stores them: short alone, not done
            db.session.add(CheckIn(habit_id=habit_id, day=today - timedelta(days=back),
                                   state="done" if km >= 20 else "not_done", amount=km))
        db.session.commit()


@pytest.mark.parametrize("size", SIZES)
def test_a_week_met_by_two_days_reads_as_met(size, new_page, register, give_habits, live_app):
    mobile = size == "390"
    page = new_page(viewport=SIZES[size], is_mobile=mobile, has_touch=mobile)
    email = register(page)
    habit, = give_habits(email, [{"name": "Running", "colour": "blue", "kind": "measurable",
                                  "target": 20.0, "direction": "at_least", "unit": "km",
                                  "freq_num": 1, "freq_den": 7}])
    today = datetime.now(UTC).date()
    _running(live_app, habit, today)
    page.goto(f"/habits/{habit}")
    calendar = page.locator("#habit-calendar-scroll")

    def cell(back: int):
        return calendar.locator(".heat").filter(has_text=(
            today - timedelta(days=back)).strftime("%a %-d %b %Y:"))

    met_logged, met, short, short_logged, done = cell(17), cell(15), cell(13), cell(2), cell(9)
    expect(met_logged).to_have_attribute("data-status", "done")
    expect(met_logged).to_contain_text("logged, the target for the period met")
    expect(met).to_have_attribute("data-status", "auto")
    expect(met).to_contain_text("nothing logged, the target for the period met")
    expect(short).to_have_attribute("data-status", "missed")
    expect(short_logged).to_contain_text("logged, but short of the target for the period")
    legend = page.locator("[data-legend]")
    expect(legend).to_contain_text("Nothing logged, the target for the period met")
    ARTIFACTS.mkdir(exist_ok=True)
    for theme in ("light", "dark"):
        page.evaluate("theme => { document.documentElement.dataset.theme = theme; }", theme)
        looks = {name: day.evaluate(LOOK) for name, day in
                 (("met", met), ("met_logged", met_logged), ("short", short),
                  ("no entry", cell(45)))}
        assert legend.locator(".heat[data-status='auto']").evaluate(LOOK) == looks["met"]
        assert looks["met_logged"] == done.evaluate(LOOK), theme  # as the rates count it
        assert len(set(looks.values())) == 4, (theme, looks)
        page.mouse.move(0, 0)
        page.screenshot(path=str(ARTIFACTS / f"period-target-page-{theme}-{size}.png"),
                        full_page=True)

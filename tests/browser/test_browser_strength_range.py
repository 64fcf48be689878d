"""The habit page's strength chart over years: the range links redraw it at the chart (with
JavaScript or without), on a phone and a desktop, light and dark. Screenshots for a human in
/work/scratch/shots_strength/ when that folder's parent exists, else in test-artifacts/."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from browser_support import ARTIFACTS, scroll_width
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SHOTS = Path("/work/scratch/shots_strength")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def _shots() -> Path:
    folder = SHOTS if SHOTS.parent.is_dir() else ARTIFACTS / "strength"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def give_loop_years(app, email: str) -> tuple[int, int]:
    """Two habits: "Meditate", four years of Loop days that stopped 20 months ago, and "Run",
    six years still going (a slack year in the middle). Returns their ids."""
    from habitory.extensions import db
    from habitory.models import CheckIn, Habit, User

    today = date.today()
    ids = []
    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id).where(User.email == email))
        for position, (name, colour, first, last, done) in enumerate((
                ("Meditate", "orange", today - timedelta(days=600 + 4 * 365),
                 today - timedelta(days=600), lambda d: d.toordinal() % 3 != 0),
                ("Run", "blue", today - timedelta(days=6 * 365), today,
                 lambda d: d.toordinal() % (5 if d.year == today.year - 3 else 2) == 0))):
            habit = Habit(user_id=user_id, position=position, created_on=first, colour=colour)
            habit.rename(name)
            db.session.add(habit)
            db.session.flush()
            days = (first + timedelta(days=n) for n in range((last - first).days + 1))
            db.session.execute(sa.insert(CheckIn), [
                {"habit_id": habit.id, "day": day, "state": "done"} for day in days if done(day)])
            ids.append(habit.id)
        db.session.commit()
    return ids[0], ids[1]


def _current(page):
    return page.locator("#habit-strength nav [aria-current='page']")


@pytest.mark.parametrize("viewport,scheme", [(PHONE, "light"), (PHONE, "dark"),
                                             (DESKTOP, "light"), (DESKTOP, "dark")])
def test_the_range_links_redraw_the_chart_at_the_chart(new_page, register, live_app,
                                                        axe_check, viewport, scheme):
    page = new_page(viewport=viewport, color_scheme=scheme)
    email = register(page)
    idle, running = give_loop_years(live_app, email)
    name = f"{viewport['width']}-{scheme}"

    # Idle for 20 months: the page opens on all its years, not on a flat line.
    page.goto(f"/habits/{idle}")
    expect(_current(page)).to_have_text("All time")
    figure = page.locator("#habit-strength figure[data-chart]")
    expect(figure).to_have_attribute("data-chart-ready", "true")
    expect(figure.locator("canvas")).to_be_visible()
    expect(figure).to_contain_text("one point a month")
    assert scroll_width(page) <= viewport["width"]
    page.locator("#habit-strength").scroll_into_view_if_needed()
    page.locator("#habit-insights").screenshot(path=str(_shots() / f"idle-all-{name}.png"))

    page.get_by_role("link", name="1 year", exact=True).click()
    expect(page).to_have_url(re.compile(r"\?strength=1y#habit-strength$"))
    expect(_current(page)).to_have_text("1 year")
    expect(page.locator("#habit-strength figure[data-chart]")).to_have_attribute(
        "data-chart-ready", "true")
    expect(page.locator("#habit-strength")).to_be_in_viewport()  # not back at the top

    page.goto(f"/habits/{running}")
    expect(_current(page)).to_have_text("1 year")
    links = page.locator("#habit-strength nav a")
    expect(links).to_have_text(["1 year", "5 years", "All time"])
    page.locator("#habit-strength").scroll_into_view_if_needed()
    page.locator("#habit-insights").screenshot(path=str(_shots() / f"running-1y-{name}.png"))
    page.get_by_role("link", name="5 years").click()
    expect(_current(page)).to_have_text("5 years")
    expect(page.locator("#habit-strength figure[data-chart]")).to_have_attribute(
        "data-chart-ready", "true")
    expect(page.locator("#habit-strength")).to_be_in_viewport()
    assert scroll_width(page) <= viewport["width"]
    page.locator("#habit-insights").screenshot(path=str(_shots() / f"running-5y-{name}.png"))
    page.screenshot(path=str(_shots() / f"running-5y-page-{name}.png"), full_page=True)
    if viewport == DESKTOP and scheme == "light":
        axe_check(page, context="#habit-strength")  # the range links, light and dark


def test_without_javascript_the_table_follows_the_range(new_page, register, live_app):
    page = new_page(java_script_enabled=False)
    email = register(page)
    idle, _running = give_loop_years(live_app, email)
    page.goto(f"/habits/{idle}?strength=1y")
    table = page.locator("#habit-strength details[open] table")
    expect(table).to_be_visible()
    expect(table.locator("tbody").first.locator("tr").first).to_contain_text(
        f"{date.today():%-d %b %Y}")
    page.get_by_role("link", name="All time").click()
    expect(_current(page)).to_have_text("All time")
    first = date.today() - timedelta(days=600 + 4 * 365)
    expect(table.locator("tr").last).to_contain_text(f"{first:%-d %b %Y}")  # the first day
    page.locator("#habit-insights").screenshot(path=str(_shots() / "idle-all-nojs-1280.png"))

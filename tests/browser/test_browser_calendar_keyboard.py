"""The Calendar's year, by keyboard alone: one Tab stop into the days (today's, or a past
year's first), the arrows walk it by day and week, Home and End go to its ends, and the
focused day shows the words a mouse gets as its tooltip ("2 habits done out of 2"); all of it
again after a year link swaps the grid in place. Without JavaScript the scrolling box stays the
stop. Screenshots for a human in /tmp/shots_calkeys/."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from browser_support import settled
from playwright.sync_api import expect

from habitory.locale_formats import medium_date

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots_calkeys")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
BOX = "#calendar-year [data-heatmap-scroll]"

# The focused element's words as drawn: the tooltip's text, and whether it is shown (an
# sr-only text is a 1 px box; the tooltip a readable one, whole inside the scrolling box).
FOCUSED = """() => {
  const el = document.activeElement;
  const tip = el && el.matches('.heatmap td') ? el.querySelector('.sr-only') : null;
  if (!tip) return {inGrid: false, tag: el && el.tagName, text: el && el.textContent.trim()};
  const box = tip.getBoundingClientRect();
  const view = el.closest('[data-heatmap-scroll]').getBoundingClientRect();
  return {inGrid: true, text: tip.textContent.trim(), width: box.width, height: box.height,
          left: box.left, right: box.right, view: [view.left, view.right],
          shown: box.width > 40 && box.height > 10 && box.left >= view.left - 0.5
                 && box.right <= view.right + 0.5,
          stops: el.closest('table').querySelectorAll('[tabindex="0"]').length,
          ring: [getComputedStyle(el).outlineStyle,
                 getComputedStyle(el.querySelector('.heat')).outlineStyle + ' '
                 + getComputedStyle(el.querySelector('.heat')).outlineWidth]};
}"""


def _give_two_years(app, email: str) -> date:
    """Two daily habits since 1 January last year, some days done. Returns the user's today."""
    from habitory.clock import user_today
    from habitory.extensions import db
    from habitory.models import CheckIn, Habit, User

    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        today = user_today(user)
        start = date(today.year - 1, 1, 1)
        ids = []
        for position, name in enumerate(("Read", "Walk")):
            habit = Habit(user_id=user.id, position=position, created_on=start, colour="teal")
            habit.rename(name)
            db.session.add(habit)
            db.session.flush()
            ids.append(habit.id)
        read, walk = ids
        done = [(read, start), (walk, start), (read, start + timedelta(days=1)),
                (read, start + timedelta(days=8)), (read, today)]
        if today.year == (today - timedelta(days=1)).year:
            done += [(read, today - timedelta(days=1)), (walk, today - timedelta(days=1))]
        db.session.execute(sa.insert(CheckIn), [
            {"habit_id": habit, "day": day, "state": "done"} for habit, day in done])
        db.session.commit()
    return today


def _says(day: date, done: int) -> str:
    return f"{medium_date(day, 'en')}: {done} habit{'' if done == 1 else 's'} done out of 2"


def _expect_focus_on(page, day: date, done: int, shot: str | None = None) -> None:
    found = page.evaluate(FOCUSED)
    assert found["inGrid"], f"the focus is not on a day of the year: {found}"
    assert found["text"] == _says(day, done), found
    if shot or not found["shown"]:
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{shot or 'failed'}.png"))
    assert found["shown"], f"the day's words are not shown on focus: {found}"
    assert found["stops"] == 1, f"the year is {found['stops']} Tab stops, not one"
    assert found["ring"] == ["none", "solid 2px"], found  # round the square, not its cell
    expect(page.locator(":focus")).to_have_accessible_name(_says(day, done))


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_the_calendar_is_walked_by_keyboard_with_its_tooltip(new_page, register, live_app,
                                                             axe_check, viewport):
    page = new_page(viewport=viewport)
    today = _give_two_years(live_app, register(page))
    size = viewport["width"]
    page.goto("/calendar")
    settled(page)

    # Tab from the year links: the next stop is today's day, not the box it scrolls in.
    year_links = page.locator("#calendar-year nav a")
    year_links.last.focus()
    page.keyboard.press("Tab")
    _expect_focus_on(page, today, 1, f"{size}-today")
    jan1 = date(today.year, 1, 1)
    page.keyboard.press("Home")
    _expect_focus_on(page, jan1, 0)
    page.keyboard.press("End")  # the last day so far: today (days to come take no focus)
    _expect_focus_on(page, today, 1)
    if today.year == (today - timedelta(days=1)).year:
        page.keyboard.press("ArrowUp")  # a day back: up a weekday row
        _expect_focus_on(page, today - timedelta(days=1), 2, f"{size}-yesterday")
        page.keyboard.press("ArrowDown")
        _expect_focus_on(page, today, 1)
    if (today - timedelta(days=7)).year == today.year:
        page.keyboard.press("ArrowLeft")  # a week back: a column to the left
        _expect_focus_on(page, today - timedelta(days=7), 0)
    # One stop: Tab leaves the year for what follows it, Shift+Tab goes back to the year links.
    page.keyboard.press("Tab")
    assert not page.evaluate(FOCUSED)["inGrid"], "the year has a second Tab stop"
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUSED)["inGrid"]
    page.emulate_media(color_scheme="dark")  # the tooltip in the dark theme, for a human
    page.screenshot(path=str(SHOTS / f"{size}-dark-focus.png"))
    page.emulate_media(color_scheme="light")
    axe_check(page)

    # Last year by its link (the last one), swapped in place: the focus stays on the link, and
    # the next stop is the new year's first day.
    page.keyboard.press("Shift+Tab")
    expect(page.locator(":focus")).to_have_text(str(today.year - 1))
    page.keyboard.press("Enter")
    expect(page.locator("#calendar-year-title")).to_have_text(str(today.year - 1))
    settled(page)
    assert page.evaluate("() => window.location.search").endswith(str(today.year - 1))
    expect(page.locator(":focus")).to_have_text(str(today.year - 1))
    page.keyboard.press("Tab")
    start = date(today.year - 1, 1, 1)
    _expect_focus_on(page, start, 2, f"{size}-last-year-first-day")
    page.keyboard.press("ArrowDown")
    _expect_focus_on(page, start + timedelta(days=1), 1)
    page.keyboard.press("ArrowRight")
    _expect_focus_on(page, start + timedelta(days=8), 1, f"{size}-last-year-week-on")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowUp")
    _expect_focus_on(page, start, 2)
    page.keyboard.press("ArrowUp")  # before 1 January: nothing to go to, the focus stays
    _expect_focus_on(page, start, 2)
    page.keyboard.press("End")
    _expect_focus_on(page, date(today.year - 1, 12, 31), 0, f"{size}-last-year-end")
    axe_check(page)


def test_without_javascript_the_box_is_the_stop(new_page, register, live_app):
    page = new_page(java_script_enabled=False)
    _give_two_years(live_app, register(page))
    page.goto("/calendar")
    expect(page.locator(BOX)).to_have_attribute("tabindex", "0")
    expect(page.locator(f"{BOX} td[tabindex]")).to_have_count(0)

"""Without JavaScript on a phone, a row's action on a long Today list reloads the page at that
row (or where it was), in view and not under the messages kept at the top."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
# Long enough to wrap the message on three lines at 390 px.
LONG = "Practise the piano scales slowly with the metronome before breakfast"

# Whether the element is wholly in the viewport, above the fixed bottom bar and below whatever
# sticks to the top (the messages): what the user sees, not just what is scrolled to.
IN_VIEW = """el => {
  const box = el.getBoundingClientRect();
  const bar = document.querySelector('.bottom-nav');
  const bottom = bar && getComputedStyle(bar).display !== 'none'
    ? bar.getBoundingClientRect().top : innerHeight;
  const messages = document.getElementById('messages').getBoundingClientRect();
  const top = getComputedStyle(document.getElementById('messages')).position === 'sticky'
    ? Math.max(0, messages.bottom) : 0;
  return {top: box.top, bottom: box.bottom, visibleTop: top, visibleBottom: bottom,
          scrolled: scrollY, ok: box.top >= top && box.bottom <= bottom && scrollY > 0};
}"""


@pytest.fixture
def long_list(new_page, register, give_habits):
    """A phone without JavaScript on Today with 30 habits (the 24th with a long name)."""
    page = new_page(java_script_enabled=False, viewport=PHONE, is_mobile=True, has_touch=True)
    email = register(page)
    names = [LONG if n == 24 else f"Habit {n:02}" for n in range(1, 31)]
    ids = give_habits(email, [{"name": name} for name in names])
    page.goto("/")
    assert page.evaluate("() => typeof window.htmx") == "undefined"
    return page, ids


def act_from_menu(page, habit_id: int, button: str) -> None:
    """Open the row's ⋯ (a page of its own without JavaScript), then press `button` there."""
    page.locator(f"#menu-{habit_id}").scroll_into_view_if_needed()
    with page.expect_navigation():
        page.locator(f"#menu-{habit_id}").click()
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


@pytest.mark.parametrize("direction", ["up", "down"])
def test_a_move_without_javascript_shows_the_moved_row(long_list, direction):
    page, ids = long_list
    moved = ids[23]  # the long name: its message wraps
    act_from_menu(page, moved, f"Move {direction}")
    expect(page).to_have_url(re.compile(rf"/#habit-{moved}$"))
    expect(page.locator("#messages")).to_contain_text(f"Moved “{LONG}” {direction}.")
    rows = page.locator("#habit-list [data-habit-row]")
    expect(rows.nth(22 if direction == "up" else 24)).to_have_id(f"habit-{moved}")
    where = page.locator(f"#habit-{moved}").evaluate(IN_VIEW)
    assert where["ok"], where


def test_an_archive_without_javascript_shows_the_row_that_took_its_place(long_list):
    page, ids = long_list
    act_from_menu(page, ids[25], "Archive")
    expect(page).to_have_url(re.compile(rf"/#habit-{ids[26]}$"))
    expect(page.locator(f"#habit-{ids[25]}")).to_have_count(0)
    expect(page.locator("#messages")).to_contain_text("Archived “Habit 26”.")
    where = page.locator(f"#habit-{ids[26]}").evaluate(IN_VIEW)
    assert where["ok"], where


def test_a_tick_on_a_row_archived_elsewhere_keeps_the_place_and_the_long_message(long_list,
                                                                                 live_app):
    """Nothing is saved; the five-line message at 390 px stays above the row it lands at."""
    from habitory.extensions import db
    from habitory.models import Habit

    page, ids = long_list
    stale = ids[23]
    with live_app.app_context():  # archived in another tab, after this page was drawn
        db.session.get(Habit, stale).archived = True
        db.session.commit()
    page.locator(f"#toggle-{stale}").scroll_into_view_if_needed()
    with page.expect_navigation():
        page.locator(f"#toggle-{stale}").click()
    expect(page).to_have_url(re.compile(rf"/#habit-{ids[24]}$"))
    expect(page.locator("#messages")).to_contain_text(f"“{LONG}” was archived")
    where = page.locator(f"#habit-{ids[24]}").evaluate(IN_VIEW)
    assert where["ok"], where


def test_a_calendar_day_ticked_without_javascript_is_in_view_after_the_reload(
        new_page, register, give_habits, live_app):
    """A year is wider than a phone: the page comes back scrolled sideways to the day ticked
    (not at January), its calendar's month names below the message."""
    from datetime import date

    from habitory.extensions import db
    from habitory.models import Habit

    page = new_page(java_script_enabled=False, viewport=PHONE, is_mobile=True, has_touch=True)
    email = register(page)
    (habit,) = give_habits(email, [{"name": "Stretch"}])
    year = date.today().year - 1  # a whole past year: the same days whenever this runs
    with live_app.app_context():
        db.session.get(Habit, habit).created_on = date(year, 1, 1)
        db.session.commit()
    page.goto(f"/habits/{habit}?year={year}")
    day = page.locator(f"#cell-{year}-11-20")
    with page.expect_navigation():
        day.click()
    expect(page).to_have_url(re.compile(rf"/habits/{habit}\?year={year}#cell-{year}-11-20$"))
    expect(page.locator("#messages")).to_contain_text("Saved: Stretch")
    expect(day).to_have_attribute("data-status", "done")
    seen = day.evaluate("""el => {
      const box = el.closest('[data-heatmap-scroll]').getBoundingClientRect();
      const cell = el.getBoundingClientRect();
      const head = el.closest('table').tHead.getBoundingClientRect();
      const messages = document.getElementById('messages').getBoundingClientRect();
      return {sideways: cell.left >= box.left && cell.right <= box.right,
              below: head.top >= messages.bottom, inView: cell.bottom <= innerHeight - 56,
              scrolled: el.closest('[data-heatmap-scroll]').scrollLeft};
    }""")
    assert seen["sideways"] and seen["below"] and seen["inView"] and seen["scrolled"] > 0, seen

"""A "3 times in 7 days" habit's calendar after ticks in the browser (htmx swapping the ticked
cell and, out of band, the days it covered) is the calendar a reload draws; focus stays on
the ticked day."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

pytestmark = pytest.mark.browser

# The calendar as drawn, without what the browser adds to it (keys.js's roving tabindex,
# htmx's settling classes, app.js's scroll mark).
DRAWN = """() => {
  const form = document.getElementById('habit-calendar').cloneNode(true);
  form.querySelectorAll('[tabindex]').forEach((el) => el.removeAttribute('tabindex'));
  form.querySelectorAll('[class]').forEach((el) => {
    el.classList.forEach((c) => { if (c.startsWith('htmx-')) el.classList.remove(c); });
  });
  form.querySelectorAll('[data-scrolled]').forEach((el) => el.removeAttribute('data-scrolled'));
  form.querySelector('[name=csrf_token]').removeAttribute('value');
  return form.outerHTML + document.querySelector('[id^=habit-streak-]').outerHTML;
}"""
SETTLED = ("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, "
           ".htmx-added')")


def test_ticks_of_a_3_in_7_habit_leave_the_calendar_a_reload_draws(page, live_app, register,
                                                                      give_habits):
    from habitory.extensions import db
    from habitory.models import Habit

    email = register(page)
    (habit_id,) = give_habits(email, [{"name": "Gym", "freq_num": 3, "freq_den": 7}])
    with live_app.app_context():
        habit = db.session.get(Habit, habit_id)
        today = habit.created_on
        db.session.execute(sa.update(Habit).where(Habit.id == habit_id).values(
            created_on=today - timedelta(days=60)))
        db.session.commit()
    page.goto(f"/habits/{habit_id}?year={today.year}")
    sizes = []
    page.on("response", lambda r: sizes.append(len(r.body())) if r.url.endswith("/toggle")
            else None)
    ticks = [today - timedelta(days=n) for n in (6, 4, 2, 3, 4)]
    for day in [d for d in ticks if d.year == today.year]:
        cell = page.locator(f"#cell-{day.isoformat()}")
        cell.focus()
        with page.expect_response(lambda r: r.url.endswith("/toggle")):
            page.keyboard.press("Enter")
        page.wait_for_function(SETTLED)
        assert page.evaluate("() => document.activeElement.id") == f"cell-{day.isoformat()}"
        # The redrawn days came without keys.js's tabindex: the year is still one Tab stop.
        stops = page.locator("#habit-calendar button.heat:not([tabindex='-1'])")
        assert stops.count() == 1 and stops.get_attribute("id") == f"cell-{day.isoformat()}"
        swapped = page.evaluate(DRAWN)
        page.reload()
        assert page.evaluate(DRAWN) == swapped, day
    covered = page.locator("#habit-calendar button.heat[data-status='auto']")
    assert covered.count() > 0  # the ticks did cover days around them
    assert sizes and max(sizes) < 4_000, sizes

"""A habit's year on a touch phone: each day a finger can tap is hit-tested over a 24×24 px
square with no dead zone between neighbours (WCAG 2.2 2.5.8), though its square stays 20 px;
a tap a little off a day's centre changes that day, not nothing and not its neighbour."""

from __future__ import annotations

import pytest
from browser_support import server_states, settled
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
REACH = 11  # px from a day's centre that must still be that day (half of 24, less a pixel)

# Every day button wholly in view (not under the sticky weekday names, not cut by the box),
# with the element a finger at each probe point would land on.
_PROBE = """(reach) => {
  const box = document.querySelector('#habit-calendar-scroll');
  box.scrollIntoView({block: 'center'});
  const frame = box.getBoundingClientRect();
  const names = box.querySelector('th[scope=row]').getBoundingClientRect();
  const visible = (r) => r.left >= names.right + 1 && r.right <= frame.right - 1
    && r.top >= 0 && r.bottom <= innerHeight;
  const say = (el) => el ? (el.id || el.tagName.toLowerCase() + '.' + el.className) : 'nothing';
  const misses = [], gaps = [];
  const days = [...box.querySelectorAll('button.heat')]
    .filter(b => visible(b.getBoundingClientRect()));
  for (const day of days) {
    const r = day.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
    for (const dx of [-reach, 0, reach]) for (const dy of [-reach, 0, reach]) {
      const hit = document.elementFromPoint(x + dx, y + dy);
      if (hit !== day) misses.push(`${day.id} at (${dx}, ${dy}): ${say(hit)}`);
    }
    // Half-way to the next day on the right and below: one of the two, never a gap.
    const td = day.parentElement, tr = td.parentElement;
    const right = td.nextElementSibling && td.nextElementSibling.querySelector('button.heat');
    const nextRow = tr.nextElementSibling && tr.nextElementSibling.cells[td.cellIndex];
    const below = nextRow && nextRow.querySelector('button.heat');
    for (const other of [right, below]) {
      if (!other || !days.includes(other)) continue;
      const o = other.getBoundingClientRect();
      const mx = (x + o.left + o.width / 2) / 2, my = (y + o.top + o.height / 2) / 2;
      const hit = document.elementFromPoint(mx, my);
      if (hit !== day && hit !== other) gaps.push(`${day.id}|${other.id}: ${say(hit)}`);
    }
  }
  return {days: days.length, misses, gaps};
}"""


def _phone_habit_page(new_page, register, give_habits):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    (read,) = give_habits(register(page), [{"name": "Read"}])
    page.goto(f"/habits/{read}")
    settled(page)
    return page, read


def test_every_day_on_a_phone_is_hit_over_24_px_with_no_gap_between_days(
        new_page, register, give_habits):
    page, _ = _phone_habit_page(new_page, register, give_habits)
    found = page.evaluate(_PROBE, REACH)
    assert found["days"] >= 40, found  # a phone shows a couple of months of days
    assert not found["misses"], f"{len(found['misses'])} misses: {found['misses'][:12]}"
    assert not found["gaps"], f"{len(found['gaps'])} dead zones: {found['gaps'][:12]}"


# A day wholly in view with a day next to it (right or below), from the first or last column
# in view: where it is and what the two days say.
_AIM = """([row, dx, dy, last, reach]) => {
  const box = document.querySelector('#habit-calendar-scroll');
  box.scrollIntoView({block: 'center'});
  const frame = box.getBoundingClientRect();
  const names = box.querySelector('th[scope=row]').getBoundingClientRect();
  const inView = (b) => { const r = b.getBoundingClientRect();
    return r.left >= names.right + 1 && r.right <= frame.right - 1; };
  const rows = box.querySelectorAll('tbody tr');
  const cells = [...rows[row].cells];
  for (const td of last ? cells.reverse() : cells) {
    const day = td.querySelector('button.heat');
    const next = dx ? td.nextElementSibling : rows[row + dy].cells[td.cellIndex];
    const other = next && next.querySelector('button.heat');
    if (!day || !other || !inView(day) || !inView(other)) continue;
    // 11 px from the centre, rounded towards it: a touch lands on whole pixels.
    const r = day.getBoundingClientRect();
    const x = Math.floor(r.left + r.width / 2 + dx * reach);
    const y = Math.floor(r.top + r.height / 2 + dy * reach);
    const hit = document.elementFromPoint(x, y);
    return {day: day.id, other: other.id, x, y, hit: hit && (hit.id || hit.tagName),
            status: [day.dataset.status, other.dataset.status]};
  }
  return null;
}"""


def _tap_short_of_half_way(page, row: int, dx: int, dy: int, last: bool) -> str:
    aim = page.evaluate(_AIM, [row, dx, dy, last, REACH])
    assert aim and "done" not in aim["status"], aim
    assert aim["hit"] == aim["day"], aim  # where the finger lands is that day, not a gap
    page.touchscreen.tap(aim["x"], aim["y"])
    expect(page.locator(f"#{aim['day']}")).to_have_attribute("data-status", "done")
    settled(page)
    expect(page.locator(f"#{aim['other']}")).not_to_have_attribute("data-status", "done")
    return aim["day"].removeprefix("cell-")


def test_a_tap_just_short_of_half_way_to_the_next_day_changes_the_day_aimed_at(
        new_page, register, give_habits, live_app):
    page, habit = _phone_habit_page(new_page, register, give_habits)
    first = _tap_short_of_half_way(page, row=1, dx=1, dy=0, last=False)
    second = _tap_short_of_half_way(page, row=4, dx=0, dy=1, last=True)
    assert server_states(live_app, [habit]) == {habit: {first: "done", second: "done"}}

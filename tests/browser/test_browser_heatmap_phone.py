"""A year of days on a touch phone: a finger can hit a day (20 px, 24 px apart; a mouse keeps
the compact 12 px grid), and the weekday names stay beside the rows while the year scrolls."""

from __future__ import annotations

import pytest
from browser_support import settled

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _geometry(page, scroll: str) -> dict:
    return page.evaluate("""(scroll) => {
      const box = document.querySelector(scroll);
      box.scrollLeft = 400;
      const cells = [...box.querySelectorAll('.heat')].map(c => c.getBoundingClientRect());
      const label = box.querySelector('th[scope=row]').getBoundingClientRect();
      return {width: cells[0].width, pitch: cells[1].left - cells[0].left,
              labelLeft: label.left, boxLeft: box.getBoundingClientRect().left,
              scrolled: box.scrollLeft};
    }""", scroll)


@pytest.mark.parametrize("path", ["/calendar", "habit"])
def test_a_phone_gets_days_a_finger_can_hit_and_keeps_the_weekday_names(
        new_page, register, give_habits, path):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    email = register(page)
    (read,) = give_habits(email, [{"name": "Read"}])
    page.goto(f"/habits/{read}" if path == "habit" else path)
    settled(page)
    scroll = "#habit-calendar-scroll" if path == "habit" else "[data-heatmap-scroll]"
    found = _geometry(page, scroll)
    assert found["width"] >= 20 and found["pitch"] >= 24, found
    assert found["scrolled"] > 0 and found["labelLeft"] >= found["boxLeft"] - 0.5, found


def test_a_desktop_mouse_keeps_the_compact_grid(new_page, register, give_habits):
    page = new_page(viewport={"width": 1280, "height": 800})
    give_habits(register(page), [{"name": "Read"}])
    page.goto("/calendar")
    width = page.evaluate("document.querySelector('[data-heatmap-scroll] .heat')"
                          ".getBoundingClientRect().width")
    assert width == 12

"""On a phone the bottom bar is fixed over the page: a control reached with Tab must scroll
into sight above it, not stay hidden under it (WCAG 2.4.11, focus not obscured)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

# Where the focused control is against the bottom bar's top edge.
UNDER_THE_BAR = """() => {
  const el = document.activeElement;
  const bar = document.querySelector('.bottom-nav');
  if (!el || el === document.body || bar.contains(el)) return null;
  const box = el.getBoundingClientRect();
  const top = bar.getBoundingClientRect().top;
  const id = el.id || el.outerHTML.slice(0, 80);
  return box.bottom > top + 1 ? {id, bottom: box.bottom, top} : null;
}"""


def test_tabbing_down_today_on_a_phone_never_hides_the_focus_under_the_bottom_bar(
        new_page, register, give_habits):
    page = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    email = register(page)
    give_habits(email, [{"name": f"Habit {n:02}"} for n in range(1, 13)])
    page.goto("/")
    hidden = []
    for _ in range(60):
        page.keyboard.press("Tab")
        where = page.evaluate(UNDER_THE_BAR)
        if where:
            hidden.append(where)
    assert hidden == []

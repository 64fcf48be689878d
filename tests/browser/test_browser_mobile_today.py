"""Today on a phone (360 to 430 px): the last days' strip stays (yesterday can be fixed from
Today), every control offers a 44 px target, and the bottom bar never covers content."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONES = {"360": {"width": 360, "height": 740}, "430": {"width": 430, "height": 932}}
TARGET = 44
# Where a finger lands around a control's centre: 22 px (less one) left, right, above and below
# it must all reach the control, not its neighbour (not the corners: rounded corners are not
# hit, as they are not drawn).
HITS = """(el, TARGET) => {
  const box = el.getBoundingClientRect();
  const cx = box.left + box.width / 2, cy = box.top + box.height / 2, r = TARGET / 2 - 1;
  return [[-r, 0], [r, 0], [0, -r], [0, r], [0, 0]].every(([dx, dy]) => {
    const hit = document.elementFromPoint(cx + dx, cy + dy);
    return !!hit && (hit === el || el.contains(hit));
  });
}"""


def phone(new_page, size):
    return new_page(viewport=PHONES[size], is_mobile=True, has_touch=True)


@pytest.mark.parametrize("size", PHONES)
def test_yesterday_can_be_fixed_from_today_on_a_phone(size, new_page, register, add_habit):
    page = phone(new_page, size)
    register(page)
    habit = add_habit(page, "Stretch")
    cells = page.locator(f"#habit-{habit} .week > button")
    expect(cells).to_have_count(7)
    yesterday = cells.nth(5)
    expect(yesterday).to_be_visible()
    yesterday.tap()
    expect(page.locator(f"#habit-{habit} .week > button").nth(5)).to_have_attribute(
        "aria-pressed", "true")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONES[size]["width"]


@pytest.mark.parametrize("size", PHONES)
def test_every_control_of_a_row_is_a_44px_target(size, new_page, register, add_habit):
    page = phone(new_page, size)
    register(page)
    habit = add_habit(page, "Stretch")
    add_habit(page, "Read")
    row = page.locator(f"#habit-{habit}")
    controls = [page.locator(f"#toggle-{habit}"), page.locator(f"#menu-{habit}"),
                *row.locator(".week > button").all(),
                *page.locator(".bottom-nav a").all()]
    small = [control.evaluate("el => el.id || el.textContent.trim()")
             for control in controls if not control.evaluate(HITS, TARGET)]
    assert small == [], f"smaller than {TARGET} px or covered: {small}"


@pytest.mark.parametrize("size", PHONES)
def test_the_bottom_bar_never_covers_the_last_content(size, new_page, register, add_habit):
    page = phone(new_page, size)
    register(page)
    for number in range(12):
        add_habit(page, f"Habit {number + 1}")
    page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
    bar_top = page.locator(".bottom-nav").evaluate("el => el.getBoundingClientRect().top")
    last = page.locator("#main > *:not([hidden]):not(#messages)").last
    bottom = last.evaluate("el => el.getBoundingClientRect().bottom")
    assert bottom <= bar_top, f"the last content ends at {bottom}, the bar starts at {bar_top}"


LONG = "Read twenty pages of a novel before going to sleep"


@pytest.mark.parametrize("size", PHONES)
def test_a_long_habit_name_reads_whole_on_two_lines(size, new_page, register, add_habit,
                                                     screenshot):
    page = phone(new_page, size)
    register(page)
    habit = add_habit(page, LONG)
    add_habit(page, "W" * 80)  # one unbreakable word: wrapped inside the row, never past it
    name = page.locator(f"#habit-{habit} .habit-main > a")
    expect(name).to_contain_text(LONG)
    assert name.evaluate(
        "el => el.scrollHeight <= el.clientHeight + 1 && el.scrollWidth <= el.clientWidth"
    ), "the name is cut"
    line = float(name.evaluate("el => parseFloat(getComputedStyle(el).lineHeight)"))
    assert name.evaluate("el => el.clientHeight") <= 2 * line + 1, "more than two lines"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONES[size]["width"]
    for theme in ("light", "dark"):
        page.emulate_media(color_scheme=theme)
        screenshot(page, f"today-long-names-{size}-{theme}")

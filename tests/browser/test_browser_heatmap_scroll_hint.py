"""A year heatmap wider than a phone says it scrolls: the edge with more days beyond it fades
(January, off to the left once it opens at today; December, to the right without
JavaScript, where it opens at January), the weekday names a finger keeps beside the rows stay
sharp, and a year that fits (a desktop) is drawn without a fade. Done in CSS alone, so the
strict CSP and a browser without JavaScript are fine. Screenshots for a human in
test-artifacts/heatmap_hint/."""

from __future__ import annotations

import pytest
from browser_support import ARTIFACTS, settled
from test_browser_strength_range import DESKTOP, PHONE, give_loop_years

pytestmark = pytest.mark.browser

TOUCH = {"viewport": PHONE, "is_mobile": True, "has_touch": True}
BOX = {"habit": "#habit-calendar-scroll", "calendar": "[data-heatmap-scroll]"}


def _edges(page, box: str, scroll_to: str | None = None) -> dict:
    """How opaque the box's mask is at its left and right edge (1: no fade), where it is
    scrolled, and how far right the sticky weekday names reach past the fade's start."""
    return page.evaluate("""async ([box, scrollTo]) => {
      const el = document.querySelector(box);
      if (scrollTo === 'start') el.scrollLeft = 0;
      if (scrollTo === 'end') el.scrollLeft = el.scrollWidth;
      // A scroll timeline moves with the next frame, as the finger's scroll draws it.
      if (scrollTo) {
        await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
      }
      const style = getComputedStyle(el);
      const read = (name) => style.getPropertyValue(name).trim();
      const label = el.querySelector('th[scope=row]').getBoundingClientRect();
      const kept = read('--heatmap-keep');
      const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
      const keep = parseFloat(kept) * (kept.endsWith('rem') ? rem : 1) || 0;
      return {before: read('--heatmap-before'), after: read('--heatmap-after'),
              mask: style.maskImage, overflows: el.scrollWidth > el.clientWidth,
              labelsPastKeep: label.right - el.getBoundingClientRect().left - keep};
    }""", [box, scroll_to])


def _open(page, email, live_app, where: str) -> str:
    _idle, running = give_loop_years(live_app, email)
    page.goto(f"/habits/{running}" if where == "habit" else "/calendar")
    return BOX[where]


@pytest.mark.parametrize("where", ["habit", "calendar"])
def test_a_phone_year_fades_at_the_edge_with_more_months(new_page, register, live_app,
                                                         where):
    page = new_page(**TOUCH)
    box = _open(page, register(page), live_app, where)
    settled(page)
    opened = _edges(page, box)
    assert opened["overflows"]
    # Opened at today's week (app.js): earlier months lie to the left, and that edge fades.
    assert opened["before"] == "0" and opened["mask"] != "none", opened
    assert opened["labelsPastKeep"] <= 0, opened  # the weekday names are not faded
    at_start = _edges(page, box, "start")
    assert (at_start["before"], at_start["after"]) == ("1", "0"), at_start
    at_end = _edges(page, box, "end")
    assert (at_end["before"], at_end["after"]) == ("0", "1"), at_end


def test_without_javascript_the_phone_year_fades_towards_december(new_page, register,
                                                                  live_app):
    page = new_page(**TOUCH)
    email = register(page)
    plain = new_page(**TOUCH, java_script_enabled=False,
                     storage_state=page.context.storage_state())
    box = _open(plain, email, live_app, "calendar")
    opened = _edges(plain, box)
    assert opened["overflows"]
    assert (opened["before"], opened["after"]) == ("1", "0"), opened


@pytest.mark.parametrize("where", ["habit", "calendar"])
def test_a_year_that_fits_is_not_faded(new_page, register, live_app, where):
    page = new_page(viewport=DESKTOP)
    box = _open(page, register(page), live_app, where)
    found = _edges(page, box)
    assert not found["overflows"]
    assert (found["before"], found["after"]) == ("1", "1"), found


def test_a_keyboard_focus_in_the_year_is_never_faded(new_page, register, live_app):
    page = new_page(viewport={"width": 390, "height": 844})
    box = _open(page, register(page), live_app, "calendar")
    settled(page)
    assert _edges(page, box, "start")["after"] == "0"
    page.locator(box).focus()
    page.keyboard.press("ArrowRight")  # the box itself takes the keyboard's focus
    assert page.evaluate("b => getComputedStyle(document.querySelector(b)).maskImage",
                         box) == "none"


def test_a_tapped_days_words_are_not_faded(new_page, register, live_app):
    """On the Calendar a tap shows the day's tooltip (a hover, without :focus-visible): near
    the faded edge its words were see-through. (A tap on the habit page's year ticks the day.)"""
    page = new_page(**TOUCH)
    box = _open(page, register(page), live_app, "calendar")
    settled(page)
    assert _edges(page, box)["mask"] != "none"
    # The leftmost day still on screen, in the faded band beside the weekday names.
    left = page.evaluate("""(b) => {
      const el = document.querySelector(b), edge = el.getBoundingClientRect().left;
      const keep = el.querySelector('th[scope=row]').getBoundingClientRect().right;
      const days = [...el.querySelectorAll('.heat')].map((d) => d.getBoundingClientRect())
        .filter((r) => r.left >= keep && r.left < keep + 40 && r.top > 0);
      return days.length ? {x: days[0].left + 4, y: days[0].top + 4} : null;
    }""", box)
    assert left, "no day in the faded band"
    page.touchscreen.tap(left["x"], left["y"])
    assert page.evaluate("b => getComputedStyle(document.querySelector(b)).maskImage",
                         box) == "none"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_screenshots_of_the_hint(new_page, register, live_app, axe_check, viewport, scheme):
    touch = TOUCH if viewport is PHONE else {"viewport": viewport}
    page = new_page(**touch, color_scheme=scheme)
    email = register(page)
    _idle, running = give_loop_years(live_app, email)
    folder = ARTIFACTS / "heatmap_hint"
    folder.mkdir(parents=True, exist_ok=True)
    for name, url, box in (("habit", f"/habits/{running}", BOX["habit"]),
                           ("calendar", "/calendar", BOX["calendar"])):
        page.goto(url)
        settled(page)
        page.locator(box).scroll_into_view_if_needed()
        found = _edges(page, box)
        # Faded towards January on the phone (it opens at today); not at all on the desktop.
        assert (found["before"], found["after"]) == (
            ("0", "0") if viewport is PHONE else ("1", "1")), (name, found)
        page.screenshot(path=str(folder / f"{name}-{viewport['width']}-{scheme}.png"))
        axe_check(page, themes=(scheme,))

"""No tooltip makes a phone's page wider than its screen (outside tester): a Today row's last
day, centred, ran 51 px past the right edge at 390 px, so the page scrolled sideways, the
bottom bar stretched and the words were cut. The first days' words now grow rightwards from
the day's left edge, the last days' leftwards from its right edge, and long words wrap inside
the strip; tomorrow's chance, at the row's right end, says its words leftwards."""

from __future__ import annotations

from datetime import timedelta

import pytest
from browser_support import choose_language, scroll_width
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# Where a control's ::after tooltip is drawn on the screen: its box is not in the DOM, so it is
# worked out from the computed position (left, width and the translate, a share of its width).
TOOLTIP_BOX = """el => {
  const style = getComputedStyle(el, '::after');
  if (!style.content || style.content === 'none' || style.content === 'normal') return null;
  const width = parseFloat(style.width);
  const shift = style.translate === 'none' ? '0' : style.translate.split(' ')[0];
  const moved = shift.endsWith('%') ? parseFloat(shift) / 100 * width : parseFloat(shift);
  const left = el.getBoundingClientRect().left + parseFloat(style.left) + moved;
  return { left, right: left + width, text: style.content };
}"""

LONG_WORDS = ("Donnerstag, 3. Dezember: Gewohnheitsverfolgungsbenachrichtigungseinstellungen "
              "erledigt, mit einer langen Notiz über den ganzen Tag und noch ein paar Wörter mehr")


def phone(new_page, width: int):
    return new_page(viewport={"width": width, "height": 800}, is_mobile=True, has_touch=True)


def assert_each_day_fits(page, habit: int, width: int) -> None:
    days = page.locator(f"#habit-{habit} .week > button")
    expect(days).to_have_count(7)
    for i in range(7):
        day = days.nth(i)
        day.focus()
        box = day.evaluate(TOOLTIP_BOX)
        assert box, f"day {i + 1} shows no tooltip on focus"
        where = f"day {i + 1} at {width} px: {box}"
        assert scroll_width(page) == width, where
        assert box["left"] >= 0 and box["right"] <= width, where


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("language", ["en", "de"])
def test_a_day_s_words_stay_on_a_phone_s_screen(width, language, new_page, register,
                                                 give_habits):
    page = phone(new_page, width)
    email = register(page)
    (habit,) = give_habits(email, [{"name": "Read"}])
    if language != "en":
        choose_language(page, language)
    page.goto("/")
    assert_each_day_fits(page, habit, width)

    # Words longer than a line (a long translation, a note): they wrap inside the strip.
    page.evaluate("""([habit, words]) => document.querySelectorAll(`#habit-${habit} .week > button`)
        .forEach((day) => day.setAttribute('aria-label', words))""", [habit, LONG_WORDS])
    assert_each_day_fits(page, habit, width)


@pytest.mark.parametrize("width", [640, 1280])
def test_tomorrow_s_chance_says_its_words_leftwards(width, new_page, register, give_habits,
                                                    live_app):
    page = new_page(viewport={"width": width, "height": 800})
    email = register(page)
    (habit,) = give_habits(email, [{"name": "Read"}])
    add_chance(live_app, habit, 0.31)
    page.reload()
    chance = page.locator(f"#habit-{habit} .chance")
    chance.hover()
    box = chance.evaluate(TOOLTIP_BOX)
    assert box and "chance" in box["text"]
    assert abs(box["right"] - chance.bounding_box()["x"] - chance.bounding_box()["width"]) < 1
    assert box["left"] >= 0 and scroll_width(page) == width


def add_chance(app, habit_id: int, probability: float) -> None:
    """Tomorrow's stored chance for a habit, as the background job leaves it."""
    from habitory.clock import user_today
    from habitory.extensions import db
    from habitory.models import Habit, Prediction

    with app.app_context():
        habit = db.session.get(Habit, habit_id)
        db.session.add(Prediction(habit_id=habit_id, user_id=habit.user_id,
                                  for_day=user_today(habit.user) + timedelta(days=1),
                                  probability=probability, source="base_rate",
                                  at_risk=probability < 0.4))
        db.session.commit()

"""The design pass (issue #18), measured in the browser at 390 and 1280 px, light and dark:
Today's columns line up with and without a chance for tomorrow, a skipped day shows in the
week, the habit calendar's key has the cells' colours, Settings shows the current theme and
uses the width, notification cards stack on a phone, Insights' table fits a phone, and emoji
have a font to fall back on."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from browser_support import WATER, scroll_width
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SIZES = {"390": {"width": 390, "height": 844}, "1280": {"width": 1280, "height": 800}}
THEMES = ("light", "dark")
EMOJI_FONTS = {"Noto Emoji", "Noto Color Emoji", "Apple Color Emoji", "Segoe UI Emoji"}


def set_theme(page, theme: str) -> None:
    page.evaluate("theme => { document.documentElement.dataset.theme = theme; }", theme)


def add_days(app, habit_id: int, days: dict) -> None:
    """Check-ins straight in the live database: {date: state}."""
    from habitory.extensions import db
    from habitory.models import CheckIn

    with app.app_context():
        for day, state in days.items():
            db.session.add(CheckIn(habit_id=habit_id, day=day, state=state))
        db.session.commit()


def started(app, habit_id: int, day) -> None:
    """Move a habit's start back, as logging older days does."""
    from habitory.extensions import db
    from habitory.models import Habit

    with app.app_context():
        db.session.get(Habit, habit_id).created_on = day
        db.session.commit()


def add_chance(app, habit_id: int, probability: float) -> None:
    """Tomorrow's stored chance for a habit, as the background job leaves it."""
    from habitory.extensions import db
    from habitory.models import Habit, Prediction

    tomorrow = datetime.now(UTC).date() + timedelta(days=1)
    with app.app_context():
        habit = db.session.get(Habit, habit_id)
        db.session.add(Prediction(habit_id=habit_id, user_id=habit.user_id, for_day=tomorrow,
                                  probability=probability, source="base_rate",
                                  at_risk=probability < 0.4))
        db.session.commit()


def right(locator) -> float:
    box = locator.bounding_box()
    return box["x"] + box["width"]


@pytest.mark.parametrize("size", SIZES)
def test_today_columns_line_up_with_and_without_a_chance(size, new_page, register,
                                                         give_habits, live_app, axe_check):
    mobile = size == "390"
    page = new_page(viewport=SIZES[size], is_mobile=mobile, has_touch=mobile)
    email = register(page)
    with_chance, without, water = give_habits(email, [
        {"name": "Read"}, {"name": "Walk", "colour": "orange"}, WATER])
    add_chance(live_app, with_chance, 0.82)
    yesterday = datetime.now(UTC).date() - timedelta(days=1)
    add_days(live_app, without, {yesterday - timedelta(days=1): "done", yesterday: "done"})
    page.reload()
    rows = [page.locator(f"#habit-{i}") for i in (with_chance, without, water)]
    streaks = [row.locator(".streak") for row in rows]
    menus = [page.locator(f"#menu-{i}") for i in (with_chance, without, water)]
    for column in (streaks, menus):
        edges = [right(cell) for cell in column]
        assert max(edges) - min(edges) < 1, edges
    if mobile:
        assert scroll_width(page) <= SIZES[size]["width"]
    else:
        weeks = [rows[0].locator(".week"), rows[1].locator(".week"),
                 page.locator(f"#amount-{water}").locator("xpath=..")]
        edges = [right(cell) for cell in weeks]
        assert max(edges) - min(edges) < 1, edges  # the week strips and the amount form
        # The % column has a visible name, over it.
        head = page.locator(".today-head .chance-head")
        expect(head).to_be_visible()
        expect(head).to_have_text("Tomorrow")
        assert abs(right(head) - right(rows[0].locator(".chance"))) < 1
        assert abs(right(page.locator(".today-head .streak-head")) - right(streaks[0])) < 1
    axe_check(page)


def test_a_skipped_day_shows_in_the_week_in_both_themes(page, register, give_habits, live_app):
    email = register(page)
    habit, = give_habits(email, [{"name": "Read", "colour": "blue"}])
    skipped = datetime.now(UTC).date() - timedelta(days=2)
    add_days(live_app, habit, {skipped: "skipped"})
    page.reload()
    cell = page.locator(f"#day-{habit}-{skipped.isoformat()}")
    empty = page.locator(f"#day-{habit}-{(skipped - timedelta(days=1)).isoformat()}")
    expect(cell).to_have_attribute("aria-pressed", "mixed")
    style = ("el => { const s = getComputedStyle(el);"
             " return [s.backgroundImage, s.borderTopStyle]; }")
    for theme in THEMES:
        set_theme(page, theme)
        image, border = cell.evaluate(style)
        # A hatch (a pattern, not only a colour) and a dashed edge; a day not done has neither.
        assert image.startswith("repeating-linear-gradient"), image
        assert border == "dashed"
        assert empty.evaluate(style) == ["none", "solid"]


def test_the_habit_calendar_key_has_the_cells_colours(page, register, give_habits, live_app):
    email = register(page)
    habit, = give_habits(email, [{"name": "Run", "colour": "orange", "freq_num": 3,
                                  "freq_den": 7}])
    # Last June: done, covered by the target, skipped and missed days all in one year's page.
    start = date(datetime.now(UTC).year - 1, 6, 1)
    started(live_app, habit, start)
    add_days(live_app, habit, {start: "done", start + timedelta(days=1): "done",
                               start + timedelta(days=2): "done",
                               start + timedelta(days=9): "skipped"})
    page.goto(f"/habits/{habit}?year={start.year}")
    legend = page.locator("[data-legend]")
    colours = ("el => { const s = getComputedStyle(el);"
               " return [s.backgroundColor, s.backgroundImage]; }")
    for theme in THEMES:
        set_theme(page, theme)
        for status in ("done", "auto", "skipped", "missed"):
            swatch = legend.locator(f".heat[data-status='{status}']")
            cell = page.locator(f"#habit-calendar-scroll .heat[data-status='{status}']").first
            assert swatch.evaluate(colours) == cell.evaluate(colours), (theme, status)
        # The habit's own colour, not the overall view's green ramp.
        done = legend.locator(".heat[data-status='done']").evaluate(colours)[0]
        habit_colour = page.locator("[data-colour='orange']").first.evaluate(
            "el => getComputedStyle(el).getPropertyValue('--habit').trim().toLowerCase()")
        rgb = tuple(int(habit_colour[i:i + 2], 16) for i in (1, 3, 5))
        assert done == f"rgb({rgb[0]}, {rgb[1]}, {rgb[2]})"
    expect(legend).to_contain_text("Skipped")


@pytest.mark.parametrize("size", SIZES)
def test_settings_shows_the_current_theme_and_uses_the_width(size, new_page, register,
                                                             axe_check):
    mobile = size == "390"
    page = new_page(viewport=SIZES[size], is_mobile=mobile, has_touch=mobile)
    register(page)
    page.goto("/settings")
    page.get_by_role("button", name="Dark", exact=True).click()
    pressed = page.locator("button[name='theme'][aria-pressed='true']")
    expect(pressed).to_have_text("Dark")
    other = page.locator("button[name='theme'][aria-pressed='false']").first
    look = ("el => { const s = getComputedStyle(el), m = getComputedStyle(el, '::before');"
            " return [s.borderTopColor, s.fontWeight, m.content, m.width]; }")
    mine, theirs = pressed.evaluate(look), other.evaluate(look)
    assert mine[0] != theirs[0] and mine[1] != theirs[1]  # accent border, bold
    assert mine[2] == '""' and mine[3] == "16px" and theirs[2] == "none"  # and a tick
    # The second section (language and week) sits beside the first on a wide screen.
    day, notes = page.locator("#prefs-title"), page.locator("#language-title")
    if mobile:
        assert day.bounding_box()["x"] == notes.bounding_box()["x"]
        assert scroll_width(page) <= SIZES[size]["width"]
    else:  # two columns: the second starts past the middle of the page
        assert notes.bounding_box()["x"] > 640
        assert abs(notes.bounding_box()["y"] - day.bounding_box()["y"]) < 2
    axe_check(page)


def give_notification(app, email: str) -> None:
    import sqlalchemy as sa

    from habitory.domain.notifications import NewNotification, insert_new
    from habitory.extensions import db
    from habitory.models import User

    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id).where(User.email == email))
        insert_new(user_id, [NewNotification(
            "suggestion", "suggestions", "Run: try mornings",
            "You run 71% of mornings and 38% of evenings over the last 90 days.", "design-1")])
        db.session.commit()


@pytest.mark.parametrize("size", SIZES)
def test_notification_cards_stack_their_buttons_on_a_phone(size, new_page, register,
                                                           live_app, axe_check):
    mobile = size == "390"
    page = new_page(viewport=SIZES[size], is_mobile=mobile, has_touch=mobile)
    email = register(page)
    give_notification(live_app, email)
    page.goto("/notifications")
    card = page.locator("li[id^='notification-']").first
    body = card.locator("p.text-sm")
    button = card.get_by_role("button", name="Mark as read")
    # The kind's icon is a shape (an SVG mask), not an emoji a system may lack a font for.
    icon = card.locator(".icon").first
    assert icon.evaluate("el => getComputedStyle(el).maskImage").startswith('url("data:image/svg')
    assert icon.inner_text() == ""
    words, under = body.bounding_box(), button.bounding_box()
    if mobile:  # the words keep the card's width; the buttons go under them
        assert under["y"] >= words["y"] + words["height"]
        assert words["width"] >= 250
        assert scroll_width(page) <= SIZES[size]["width"]
    else:  # beside them
        assert under["x"] >= words["x"] + words["width"]
    axe_check(page)


def test_insights_table_fits_a_phone(new_page, register, give_habits, live_app, axe_check):
    page = new_page(viewport=SIZES["390"], is_mobile=True, has_touch=True)
    email = register(page)
    habit, = give_habits(email, [{"name": "Meditate every morning"}])
    today = datetime.now(UTC).date()
    add_days(live_app, habit, {today - timedelta(days=i): "done" for i in range(1, 9)})
    page.goto("/insights")
    region = page.get_by_role("region", name="Rates per habit")
    assert region.evaluate("el => el.scrollWidth <= el.clientWidth")
    for name in ("Habit", "30 d", "Streak", "Strength", "Health"):
        header = region.get_by_role("columnheader", name=name, exact=True)
        expect(header).to_be_visible()
        assert right(header) <= SIZES["390"]["width"]
    assert scroll_width(page) <= SIZES["390"]["width"]
    axe_check(page)


def test_emoji_have_a_bundled_font_to_fall_back_on(page, register, give_habits):
    email = register(page)
    give_habits(email, [{"name": "Meditate", "icon": "🧘"}])
    page.reload()
    # The face for this emoji loads from the app (under its CSP: a violation would fail the
    # test as a console error), and the page's font stack ends with it.
    loaded = page.evaluate("""async () => {
        const faces = await document.fonts.load('16px "Noto Emoji"', '🧘');
        return faces.map(f => [f.family, f.status]);
    }""")
    assert loaded and all(status == "loaded" for _, status in loaded), loaded
    stack = page.locator("body").evaluate("el => getComputedStyle(el).fontFamily")
    assert stack.rstrip().endswith('"Noto Emoji"'), stack
    # And the row's emoji is drawn with an emoji font (the bundled one where the system has
    # none), not a text font's empty box.
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root,
                                          "selector": ".habit-main > a > [aria-hidden]"})
    used = {f["familyName"] for f in cdp.send("CSS.getPlatformFontsForNode",
                                              {"nodeId": node["nodeId"]})["fonts"]}
    assert used and used <= EMOJI_FONTS, used

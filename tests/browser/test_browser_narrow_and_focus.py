"""What a tester met on a 320 px phone in German and with the keyboard alone: the page never
scrolls sideways (a long one-word name, the bottom navigation, a measurable row's Save), the
delete question reads across the row, a tap on a measurable row's square goes to its amount,
and a row or card removed under the focus hands it to its neighbour."""

from __future__ import annotations

import pytest
from browser_support import PASSWORD, TODAY_URL, WATER, scroll_width, settled, wait_wired
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 700}
COMPOUND = "Donaudampfschifffahrtsgesellschaftskapitänsmützenreinigung"


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_german_phone_at_320_px_never_scrolls_sideways(new_page, register, give_habits,
                                                         live_server, screenshot, theme):
    page = new_page(viewport=NARROW, is_mobile=True, has_touch=True)
    page.context.add_cookies([{"name": "theme", "value": theme, "url": live_server}])
    email = register(page)
    page.goto("/settings")
    page.locator("select[name=language]").select_option("de")
    with page.expect_navigation():
        page.locator("select[name=language]").evaluate("el => el.form.requestSubmit()")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    long_one, water = give_habits(email, [{"name": COMPOUND}, {**WATER, "unit": "Gläser"}])
    for path in ("/", f"/habits/{long_one}", f"/habits/{water}", "/notifications", "/settings"):
        page.goto(path)
        assert scroll_width(page) <= NARROW["width"], path
    page.goto("/")
    save = page.locator(f"#habit-{water}").get_by_role("button", name="Speichern")
    box = save.bounding_box()
    assert box["x"] + box["width"] <= NARROW["width"]
    for link in page.locator(".bottom-nav a").all():
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= NARROW["width"]
    expect(page.locator(".bottom-nav a").last).to_have_accessible_name("Einstellungen")
    screenshot(page, f"narrow-de-today-{theme}")
    page.goto(f"/habits/{long_one}")
    title = page.locator("h1")
    assert title.bounding_box()["width"] <= NARROW["width"]
    screenshot(page, f"narrow-de-long-name-{theme}")


@pytest.mark.parametrize("size", [{"width": 390, "height": 844}, {"width": 1280, "height": 800}])
def test_the_delete_question_reads_across_the_row(new_page, register, add_habit, screenshot,
                                                   size):
    mobile = size["width"] < 640
    page = new_page(viewport=size, is_mobile=mobile, has_touch=mobile)
    register(page)
    hid = add_habit(page, "Meditate")
    page.goto(f"/habits/{hid}/delete")  # the question as the menu's Delete… brings it
    page.goto("/")
    row = page.locator(f"#habit-{hid}")
    wait_wired(page, f"#menu-{hid}")
    page.locator(f"#menu-{hid}").click()
    page.get_by_role("link", name="Delete…").click()
    question = page.locator(f"#delete-q-{hid}")
    expect(question).to_be_visible()
    row_width = row.bounding_box()["width"]
    assert question.bounding_box()["width"] >= 0.5 * row_width  # was one word wide
    assert question.bounding_box()["height"] <= 80  # two or three lines, not twenty
    screenshot(page, f"delete-question-{size['width']}")


def test_a_tap_on_a_measurable_rows_square_goes_to_its_amount(new_page, register, give_habits):
    page = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    email = register(page)
    water, = give_habits(email, [WATER])
    page.goto("/")
    page.locator(f"#habit-{water} .toggle").tap()
    expect(page.locator(f"#amount-{water}")).to_be_focused()


def test_the_toggle_is_44_px_to_a_finger(new_page, register, add_habit):
    page = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    register(page)
    hid = add_habit(page, "Stretch")
    toggle = page.locator(f"#toggle-{hid}")
    box = toggle.bounding_box()
    # 6 px outside the 32 px square still hits it.
    hit = page.evaluate("([x, y]) => document.elementFromPoint(x, y).id",
                        [box["x"] - 5, box["y"] + box["height"] / 2])
    assert hit == f"toggle-{hid}"


def test_archiving_by_keyboard_hands_the_focus_to_the_next_row(page, register, add_habit):
    register(page)
    first = add_habit(page, "Read")
    second = add_habit(page, "Run")
    settled(page)
    page.locator(f"#menu-{first}").focus()
    page.keyboard.press("Enter")
    archive = page.locator(f"#habit-{first}").get_by_role("button", name="Archive")
    expect(archive).to_be_visible()
    archive.focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"#habit-{first}")).to_have_count(0)
    expect(page.locator(f"#toggle-{second}")).to_be_focused()  # was <body>: back to the top


def test_without_javascript_a_tick_comes_back_to_its_row(new_page, register, give_habits,
                                                         live_server):
    page = new_page(java_script_enabled=False, viewport={"width": 390, "height": 500})
    page.goto("/register")
    email = f"nojs-anchor-{id(page)}@example.com"
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(TODAY_URL)
    ids = give_habits(email, [{"name": f"Habit {i}"} for i in range(12)])
    page.goto("/")
    page.locator(f"#toggle-{ids[-1]}").click()
    expect(page).to_have_url(f"{live_server}/#habit-{ids[-1]}")
    expect(page.locator(f"#toggle-{ids[-1]}")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(f"#toggle-{ids[-1]}")).to_be_in_viewport()


def test_a_habits_year_is_one_tab_stop_walked_with_the_arrows(page, register, add_habit):
    from datetime import UTC, datetime, timedelta

    register(page)
    hid = add_habit(page, "Walk")
    page.goto(f"/habits/{hid}")
    today = datetime.now(UTC).date()  # the account's timezone is UTC
    cells = page.locator("#habit-calendar button.heat")
    assert cells.count() > 7
    expect(page.locator("#habit-calendar button.heat[tabindex='0']")).to_have_count(1)
    # From the year, one Tab leaves it (it took ~340 before).
    first = page.locator(f"#habit-calendar button.heat[value='{today.isoformat()}']")
    first.focus()
    page.keyboard.press("Tab")
    assert page.evaluate("() => !document.activeElement.closest('#habit-calendar table')")
    first.focus()
    page.keyboard.press("ArrowLeft")  # a week back
    week_ago = (today - timedelta(days=7)).isoformat()
    focused = page.locator(f"#habit-calendar button.heat[value='{week_ago}']")
    expect(focused).to_be_focused()
    page.keyboard.press("ArrowDown")  # the next day
    day = (today - timedelta(days=6)).isoformat()
    focused = page.locator(f"#habit-calendar button.heat[value='{day}']")
    expect(focused).to_be_focused()
    page.keyboard.press("Enter")  # toggles it, as before
    expect(focused).to_have_attribute("data-status", "done")
    expect(focused).to_be_focused()
    expect(page.locator("#habit-calendar button.heat[tabindex='0']")).to_have_count(1)
    page.keyboard.press("End")
    expect(first).to_be_focused()

"""Front-end fixes: the keyboard past a measurable row, focus after list changes, stale error
banners, and the heatmap, habit header and Today rows on a 360 px phone."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from browser_support import settled, wait_wired
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

MOBILE = {"width": 360, "height": 740}


def give_habits(app, email: str, habits: list[dict]) -> list[int]:
    """Add habits straight to the database (a measurable one needs the full form otherwise)."""
    from habitory.clock import user_today
    from habitory.extensions import db
    from habitory.models import Habit, User

    ids = []
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        today = user_today(user)
        for position, spec in enumerate(habits):
            spec = dict(spec)
            habit = Habit(user_id=user.id, position=position, created_on=today,
                          colour=spec.pop("colour", "teal"), **{k: v for k, v in spec.items()
                                                                 if k != "name"})
            habit.rename(spec["name"])
            db.session.add(habit)
            db.session.flush()
            ids.append(habit.id)
        db.session.commit()
    return ids


WATER = {"name": "Water", "kind": "measurable", "target": 8.0, "unit": "glasses",
         "direction": "at_least"}


def three_rows(page, register, live_app) -> tuple[int, int, int]:
    email = register(page)
    ids = give_habits(live_app, email, [{"name": "Read"}, WATER, {"name": "Walk"}])
    page.reload()
    expect(page.locator("#habit-list [data-habit-row]")).to_have_count(3)
    return tuple(ids)


def scroll_width(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth")


# --- 1. the keyboard passes a measurable row ---------------------------------------------


def test_j_k_and_arrows_pass_a_measurable_rows_amount_field(page, register, live_app):
    read, water, walk = three_rows(page, register, live_app)
    amount = page.locator(f"#amount-{water}")

    page.keyboard.press("j")
    expect(page.locator(f"#toggle-{read}")).to_be_focused()
    page.keyboard.press("j")
    expect(amount).to_be_focused()
    page.keyboard.press("j")  # out of the amount field, to the habit below
    expect(page.locator(f"#toggle-{walk}")).to_be_focused()
    page.keyboard.press("k")
    expect(amount).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(page.locator(f"#toggle-{read}")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(amount).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.locator(f"#toggle-{walk}")).to_be_focused()
    page.keyboard.press("k")
    expect(amount).to_have_value("")  # no letter landed in the field

    # Numbers, a decimal comma and Backspace still type; x and Space are left alone.
    page.keyboard.type("2,55")
    page.keyboard.press("Backspace")
    expect(amount).to_have_value("2,5")
    page.keyboard.press("x")
    expect(amount).to_be_focused()
    expect(page.locator(f"#toggle-{read}")).to_have_attribute("aria-pressed", "false")
    page.keyboard.press("Backspace")
    page.keyboard.press("Enter")  # saves, and focus stays in the (swapped-in) field
    expect(page.locator(f"#streak-{water}")).to_be_attached()
    expect(amount).to_have_value("2.5")
    expect(amount).to_be_focused()
    # "n" and "?" keep their meaning outside text fields.
    page.keyboard.press("j")
    page.keyboard.press("n")
    expect(page.get_by_label("Add a habit")).to_be_focused()


# --- 2. focus follows the habit ----------------------------------------------------------


def test_focus_follows_a_moved_habit_and_returns_after_escape_on_delete(
        page, register, add_habit):
    register(page)
    first = add_habit(page, "Read")
    second = add_habit(page, "Run")
    add_habit(page, "Walk")

    page.locator(f"#menu-{first}").click()
    settled(page)  # the menu's forms are wired when its swap settles
    page.locator(f"#move-down-{first}").focus()
    page.keyboard.press("Enter")
    rows = page.locator("#habit-list [data-habit-row]")
    expect(rows.nth(1)).to_have_attribute("id", f"habit-{first}")
    expect(page.locator(f"#menu-{first}")).to_be_focused()
    # ... and the next move (Enter opens the menu again) keeps following it. (htmx wires what it
    # swapped in as the swap settles: a robot's Enter before that would take the plain link.)
    settled(page)
    page.keyboard.press("Enter")
    expect(page.locator(f"#move-up-{first}")).to_be_attached()
    settled(page)
    page.locator(f"#move-up-{first}").focus()
    page.keyboard.press("Enter")
    expect(rows.nth(0)).to_have_attribute("id", f"habit-{first}")
    expect(page.locator(f"#menu-{first}")).to_be_focused()

    # A reload: htmx wires a swapped-in row up only once it settles, and a click before that
    # would follow the link's plain href (a page of its own, not the inline confirmation).
    page.reload()
    wait_wired(page, f"#menu-{second}")
    page.locator(f"#menu-{second}").click()
    expect(page.locator(f"#rename-link-{second}")).to_be_attached()
    settled(page)
    page.locator(f"#habit-{second}").get_by_role("link", name="Delete…").click()
    confirm = page.locator(f"#confirm-delete-{second}")
    expect(page.locator(f"#cancel-delete-{second}")).to_be_focused()  # Enter must not delete
    page.keyboard.press("Escape")
    expect(confirm).to_have_count(0)
    expect(page.locator(f"#menu-{second}")).to_be_focused()


# --- 3. a later success clears a stale error ---------------------------------------------


def test_a_successful_swap_clears_a_stale_error_banner(page, register, live_app, browser_watch):
    browser_watch.allow_http_error(422, r"/habits/\d+/day")
    read, water, _ = three_rows(page, register, live_app)
    messages = page.locator("#messages")
    errors = messages.locator(".flash-error")
    amount = page.locator(f"#amount-{water}")

    amount.fill("abc")
    amount.press("Enter")
    expect(errors).to_have_count(1)
    settled(page)
    page.locator(f"#amount-{water}").fill("5")
    page.locator(f"#amount-{water}").press("Enter")
    expect(page.locator(f"#amount-{water}")).to_have_value("5")
    expect(errors).to_have_count(0)
    settled(page)

    page.locator(f"#amount-{water}").fill("abc")
    page.locator(f"#amount-{water}").press("Enter")
    expect(errors).to_have_count(1)
    settled(page)
    page.locator(f"#toggle-{read}").click()  # another habit's success clears it too
    expect(page.locator(f"#toggle-{read}")).to_have_attribute("aria-pressed", "true")
    expect(errors).to_have_count(0)


# --- 4. a 360 px phone -------------------------------------------------------------------


def test_phone_heatmaps_scroll_alone_and_show_today(new_page, register, live_app, axe_check):
    page = new_page(viewport=MOBILE, is_mobile=True, has_touch=True)
    email = register(page)
    water, read = give_habits(live_app, email, [WATER, {"name": "Read"}])
    day = datetime.now(UTC).date()  # the user's timezone is UTC
    today_words = f"{day:%a} {day.day} {day:%b} {day.year}"  # as the cells say it
    for path in ("/calendar", f"/habits/{water}", f"/habits/{read}"):
        page.goto(path)
        assert scroll_width(page) <= MOBILE["width"], path
        region = page.locator("[data-heatmap-scroll]")
        # A button's words are its aria-label, a span's its screen-reader text.
        today = region.locator(f".heatmap .heat[aria-label^='{today_words}'], "
                               f".heatmap span.heat:has-text('{today_words}')")
        region.evaluate("el => el.scrollIntoView({block: 'center'})")  # the page, not the box
        expect(today).to_be_in_viewport()
        box, frame = today.bounding_box(), region.bounding_box()
        assert frame["x"] <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"]
    axe_check(page)


def test_phone_measurable_habit_page_and_row_keep_their_names(new_page, register, live_app,
                                                                axe_check):
    page = new_page(viewport=MOBILE, is_mobile=True, has_touch=True)
    email = register(page)
    water, read = give_habits(live_app, email, [
        {**WATER, "name": "Water the plants"}, {"name": "Read"}])

    page.goto(f"/habits/{water}")
    title = page.locator("h1")
    expect(title).to_have_text(re.compile("Water the plants"))
    assert title.bounding_box()["width"] >= 250
    subtitle = page.locator("header p.text-muted").first
    assert subtitle.bounding_box()["width"] >= 250
    assert scroll_width(page) <= MOBILE["width"]
    axe_check(page)

    page.goto("/")
    name = page.locator(f"#habit-{water} .habit-main > a")
    expect(name).to_have_text("Water the plants")
    assert name.evaluate("el => el.scrollWidth <= el.clientWidth"), "the name is cut"
    assert name.bounding_box()["width"] >= 100
    expect(page.locator(f"#amount-{water}")).to_be_visible()
    expect(page.locator(f"#habit-{water}").get_by_role("button", name="Save")).to_be_visible()
    assert scroll_width(page) <= MOBILE["width"]
    axe_check(page)


def test_desktop_measurable_row_stays_on_one_line(page, register, live_app):
    email = register(page)
    water, = give_habits(live_app, email, [WATER])
    page.reload()
    row = page.locator(f"#habit-{water}")
    toggle_box = row.locator(".toggle").bounding_box()
    amount_box = page.locator(f"#amount-{water}").bounding_box()
    assert abs((toggle_box["y"] + toggle_box["height"] / 2)
               - (amount_box["y"] + amount_box["height"] / 2)) < 8
    page.goto(f"/habits/{water}")
    edit = page.get_by_role("link", name="Edit", exact=True)
    assert abs(edit.bounding_box()["y"] - page.locator("h1").bounding_box()["y"]) < 24

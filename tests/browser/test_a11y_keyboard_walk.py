"""A keyboard-only walk through Habitory: sign up, add habits, tick one on Today (keys.js), the
shortcuts dialog, the ⋯ menu (archive, then restore), the habit's calendar, settings, the
notifications, logging out. Tab, Shift+Tab, Enter, Space, Escape and the documented shortcuts
only: every stop reachable, its focus visible, never lost to <body> after a swap, and every
dialog or menu closed by Escape."""

from __future__ import annotations

import re
import uuid

import pytest
import sqlalchemy as sa
from browser_support import PASSWORD, TODAY_URL, settled, wait_wired
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# The focused element can be seen: it matches :focus-visible and draws an outline or a ring.
FOCUS_SHOWN = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return "nothing (the focus is on <body>)";
    const s = getComputedStyle(e);
    const drawn = (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0)
        || s.boxShadow !== "none";
    return e.matches(":focus-visible") && drawn ? "" : "unseen: " + e.outerHTML.slice(0, 120);
}"""
FOCUS_KEPT = "() => document.activeElement && document.activeElement !== document.body"


def focused(page) -> str:
    return page.evaluate("() => (document.activeElement || document.body).outerHTML.slice(0, 120)")


def assert_focus_shown(page) -> None:
    problem = page.evaluate(FOCUS_SHOWN)
    assert problem == "", problem


def assert_focus_kept(page, after: str) -> None:
    """After a swap the focus is on something (htmx or app.js put it there), not <body>."""
    try:
        page.wait_for_function(FOCUS_KEPT, timeout=2000)
    except Exception as error:  # noqa: BLE001 - said as the walk's own failure
        raise AssertionError(f"the focus is lost to <body> after {after}") from error
    assert_focus_shown(page)


def tab_to(page, selector: str, back: bool = False, limit: int = 80) -> None:
    """Tab (or Shift+Tab) until the element `selector` (Playwright's) finds has the focus; each
    stop on the way shows its focus."""
    key = "Shift+Tab" if back else "Tab"
    target = page.locator(selector)
    for _ in range(limit):
        page.keyboard.press(key)
        if target.evaluate("e => e === document.activeElement"):
            assert_focus_shown(page)
            return
        if page.evaluate(FOCUS_KEPT):  # the address bar aside
            assert_focus_shown(page)
    raise AssertionError(f"{selector} is not reachable with {key} (ended on {focused(page)})")


def give_notification(app, email: str) -> None:
    from habitory.domain.notifications import NewNotification, insert_new
    from habitory.extensions import db
    from habitory.models import User

    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id).where(User.email == email))
        insert_new(user_id, [NewNotification(kind="missed", category="alerts", title="Slipped",
                                             body="Not done for 2 days.", dedup_key="walk")])
        db.session.commit()


def sign_up(page) -> str:
    email = f"walker-{uuid.uuid4().hex[:8]}@example.com"
    page.goto("/register")
    tab_to(page, "#email")
    page.keyboard.type(email)
    tab_to(page, "#password")
    page.keyboard.type(PASSWORD)
    tab_to(page, "#confirm")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(TODAY_URL)
    expect(page.locator("#messages")).to_contain_text("Welcome to Habitory")
    return email


def add_by_keyboard(page, name: str) -> int:
    field = page.locator("#new-habit-name")
    if not field.evaluate("e => e === document.activeElement"):  # after an add it still is
        page.keyboard.press("n")
    expect(field).to_be_focused()
    page.keyboard.type(name)
    page.keyboard.press("Enter")
    row = page.locator("#habit-list [data-habit-row]", has_text=name)
    expect(row).to_be_visible()
    expect(field).to_have_value("")
    # htmx gives the focus back to the new form's field when the swap settles: a key pressed
    # before that (a loaded CI host) would have its focus taken away again.
    settled(page)
    assert_focus_kept(page, f"adding “{name}”")
    return int(row.get_attribute("id").removeprefix("habit-"))


def test_a_keyboard_alone_walks_through_habitory(page, live_app, browser_watch):
    email = sign_up(page)

    # Today: add two habits with "n", then tick the first with j and x.
    read, walk = add_by_keyboard(page, "Read"), add_by_keyboard(page, "Walk")
    page.keyboard.press("Escape")  # out of "Add a habit", where letters type
    wait_wired(page, f"#habit-{read} form[hx-post]")
    page.keyboard.press("j")
    expect(page.locator(f"#toggle-{read}")).to_be_focused()
    assert_focus_shown(page)
    page.keyboard.press("x")
    expect(page.locator(f"#toggle-{read}")).to_have_attribute("aria-pressed", "true")
    assert_focus_kept(page, "a tick")
    expect(page.locator(f"#toggle-{read}")).to_be_focused()

    # "?" opens the shortcuts; Escape closes them and gives the focus back.
    page.keyboard.press("?")
    expect(page.locator("#shortcuts")).to_have_attribute("open", "")
    assert_focus_shown(page)
    page.keyboard.press("Escape")
    expect(page.locator("#shortcuts")).not_to_have_attribute("open", re.compile(".*"))
    expect(page.locator(f"#toggle-{read}")).to_be_focused()

    # The ⋯ menu opens with Enter, closes with Escape, and archives with Enter.
    wait_wired(page, f"#menu-{walk}")
    tab_to(page, f"#menu-{walk}")
    page.keyboard.press("Enter")
    expect(page.locator(f"#rename-link-{walk}")).to_be_attached()
    assert_focus_kept(page, "opening the menu")
    settled(page)
    page.keyboard.press("Escape")
    expect(page.locator(f"#habit-{walk} details[data-menu][open]")).to_have_count(0)
    expect(page.locator(f"#menu-{walk}")).to_be_focused()
    page.keyboard.press("Enter")  # the summary opens the menu again
    expect(page.locator(f"#habit-{walk} details[data-menu][open]")).to_have_count(1)
    tab_to(page, f"#habit-{walk} button:text-is('Archive')")
    page.keyboard.press("Enter")
    expect(page.locator("#messages")).to_contain_text("Archived “Walk”.")
    expect(page.locator(f"#habit-{walk}")).to_have_count(0)
    assert_focus_kept(page, "archiving")

    # Restore it from the archived habits, reached from the account menu.
    tab_to(page, "summary:has-text('walker-')", back=True)
    page.keyboard.press("Enter")
    tab_to(page, "a.menu-item:text-is('Archived habits')")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/habits/archived$"))
    tab_to(page, "button:has-text('Unarchive')")
    page.keyboard.press("Enter")
    expect(page.locator("#messages")).to_contain_text("Walk")
    expect(page.locator("button:has-text('Unarchive')")).to_have_count(0)

    # The habit's page: its calendar days tick with Enter, the focus stays on the day.
    page.goto(f"/habits/{walk}")
    tab_to(page, "table.heatmap button.heat[tabindex='0']")
    day = page.evaluate("() => document.activeElement.value")
    page.keyboard.press("Enter")
    cell = page.locator(f"table.heatmap button.heat[value='{day}']")
    expect(cell).not_to_have_attribute("data-status", "none")
    assert_focus_kept(page, "a calendar day")
    assert page.evaluate("() => document.activeElement.value") == day
    page.keyboard.press("ArrowUp")  # the day before, then Enter again
    page.keyboard.press("Enter")
    assert_focus_kept(page, "another calendar day")

    # Settings: change the hour the day starts, save with Enter.
    tab_to(page, "summary:has-text('walker-')", back=True)
    page.keyboard.press("Enter")
    tab_to(page, "a.menu-item:text-is('Settings')")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/settings$"))
    tab_to(page, "#day_start_hour")
    page.keyboard.press("ArrowDown")
    tab_to(page, "form[action$='/settings'] button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("#messages .flash")).not_to_have_count(0)

    # Notifications: mark all read; the focus stays in the list.
    give_notification(live_app, email)
    page.goto("/notifications")
    wait_wired(page, "#notification-read-all form")
    tab_to(page, "#read-all")
    page.keyboard.press("Enter")
    expect(page.locator("#messages")).to_contain_text("Marked 1 notification read.")
    expect(page.locator("#read-all")).to_have_count(0)
    assert_focus_kept(page, "Mark all read")

    # Log out from the account menu; Escape closes the menu first.
    tab_to(page, "summary:has-text('walker-')", back=True)
    page.keyboard.press("Enter")
    expect(page.locator("details:has(summary:has-text('walker-'))[open]")).to_have_count(1)
    page.keyboard.press("Escape")
    expect(page.locator("details:has(summary:has-text('walker-'))[open]")).to_have_count(0)
    assert_focus_kept(page, "closing the account menu")
    page.keyboard.press("Enter")
    tab_to(page, "button.menu-item:text-is('Log out')")
    page.keyboard.press("Enter")
    expect(page.locator("#messages")).to_contain_text("You are logged out")

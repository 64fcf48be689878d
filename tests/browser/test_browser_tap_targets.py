"""On a phone every control is a 44 px target to a finger (Apple's and WCAG 2.5.5's size),
whatever it looks like: a control may be drawn smaller if the area that answers a tap is not.
Links inside a sentence are the one exception (WCAG's inline exemption)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from browser_support import WATER, screenshot, settled, wait_wired
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
FINGER = 44
TAGS = "evening, books, morning, health, focus, outdoors, family, reading"

# For each visible control, whether a tap anywhere within 22 px of its centre (across and
# down) reaches it; a radio or checkbox counts by its label, as a tap on either works.
SMALL_TARGETS = """([finger, scope]) => {
  const controls = document.querySelector(scope).querySelectorAll(
    'a[href], button, summary, select, input:not([type=hidden]), textarea, [tabindex="0"]');
  const small = [];
  for (const control of controls) {
    const box0 = control.getBoundingClientRect();
    if (!box0.width || !box0.height || getComputedStyle(control).visibility === 'hidden') continue;
    // The year's days: a dense grid whose every day the "Log a day" form also reaches (the
    // Calendar's days take the keyboard's focus only, a tap does nothing); the skip link: one
    // pixel until it has the keyboard's focus.
    if (control.matches('.heat, .heatmap td, .skip-link')) continue;
    const shut = 'dialog:not([open]), details:not([open]) > :not(summary), [hidden]';
    if (control.closest(shut)) continue;
    // A link in running text: the sentence, not the link, sets the line's height (a card's
    // "Open the habit" is an action, not part of a sentence: it is measured).
    if (control.matches('a') && getComputedStyle(control).display === 'inline'
        && !control.closest('#notification-list')
        && [...control.parentElement.childNodes].some(
             n => n !== control && n.nodeType === 3 && n.textContent.trim())) continue;
    let target = control;
    if (control.matches('input[type=radio], input[type=checkbox]'))
      target = control.closest('label') || (control.id
        && document.querySelector(`label[for="${CSS.escape(control.id)}"]`)) || control;
    target.scrollIntoView({block: 'center', inline: 'center'});
    const box = target.getBoundingClientRect();
    const cx = box.left + box.width / 2, cy = box.top + box.height / 2;
    const reaches = (x, y) => {
      const hit = document.elementFromPoint(x, y);
      return hit && (target.contains(hit) || hit === target || hit === control
        || (target.matches('label') && hit.closest('label') === target)
        || (control.id && hit.closest(`label[for="${CSS.escape(control.id)}"]`)));
    };
    // How far from the centre a tap still reaches it, each way (the area need not be
    // centred on what is drawn: a name's area takes in the schedule under it).
    const reach = (dx, dy) => {
      let d = 0;
      while (d < finger && reaches(cx + dx * (d + 1), cy + dy * (d + 1))) d += 1;
      return d;
    };
    const across = reach(-1, 0) + reach(1, 0) + 1, down = reach(0, -1) + reach(0, 1) + 1;
    if (across < finger - 1 || down < finger - 1)
      small.push(`${target.outerHTML.slice(0, 100)} (drawn ${Math.round(box.width)}x`
        + `${Math.round(box.height)}, answers ${across}x${down})`);
  }
  return small;
}"""


def _small_targets(page, scope: str = "body") -> list[str]:
    """What answers a tap over less than a finger, among the controls inside `scope`."""
    return page.evaluate(SMALL_TARGETS, [FINGER, scope])


def _give_a_notification(app, email: str, habit_id: int) -> None:
    from habitory.domain.notifications import NewNotification, insert_new
    from habitory.extensions import db
    from habitory.models import User

    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id).where(User.email == email))
        insert_new(user_id, [NewNotification(
            kind="missed", category="alerts", title="Read slipped", body="Not done for 2 days.",
            dedup_key="tap:1", habit_id=habit_id)])
        db.session.commit()


def _small_targets_everywhere(page, live_app, email: str, read: int, water: int,
                              name: str, theme: str) -> dict[str, list[str]]:
    """Every page's small targets (and those of the menus a tap opens), by page; pictures of
    some in test-artifacts/<name>-<page>-<theme>.png, the menus in <name>-<theme>.png."""
    page.goto(f"/habits/{read}/edit")
    page.get_by_label("Tags").fill(TAGS)  # enough to wrap: chips on two lines
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    _give_a_notification(live_app, email, read)
    found = {}
    for path in ("/", f"/habits/{read}", f"/habits/{water}", "/habits/new", f"/habits/{read}/edit",
                 "/calendar", "/insights", "/notifications", "/settings", "/settings/account",
                 "/settings/import", "/habits/archived"):
        page.goto(path)
        settled(page)
        found[path] = _small_targets(page)
        if path in ("/settings", "/habits/new", "/notifications"):
            screenshot(page, f"{name}{path.replace('/', '-')}-{theme}")
    # What opens on a tap: a row's menu and the account menu.
    page.goto("/")
    wait_wired(page, f"#menu-{read}")
    page.locator(f"#menu-{read}").click()
    expect(page.locator(f"#habit-{read} .menu")).to_be_visible()
    found["/ with a row's menu open"] = _small_targets(page, f"#habit-{read} .menu")
    page.keyboard.press("Escape")
    page.locator("summary", has_text="Account menu for").click()
    found["/ with the account menu open"] = _small_targets(page, ".topbar .menu")
    screenshot(page, f"{name}-{theme}")
    return {path: small for path, small in found.items() if small}


def _report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{p}:\n  " + "\n  ".join(s) for p, s in found.items())


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_control_is_a_finger_wide_on_a_phone(new_page, register, give_habits, live_server,
                                                    live_app, theme):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.context.add_cookies([{"name": "theme", "value": theme, "url": live_server}])
    email = register(page)
    read, water = give_habits(email, [{"name": "Read"}, WATER])
    found = _small_targets_everywhere(page, live_app, email, read, water,
                                      "phone-tap-targets", theme)
    assert not found, _report(found)


# A tablet is a touch screen at sm and wider: Today's one-line rows (the week beside the name),
# the top bar's links instead of the bottom bar. Playwright's touch emulation makes Chromium's
# pointer coarse, as an iPad's or an Android tablet's is.
TABLETS = {
    "768x1024": ({"width": 768, "height": 1024}, "light"),
    "1024x768": ({"width": 1024, "height": 768}, "dark"),
    "820x1180": ({"width": 820, "height": 1180}, "light"),  # an iPad Air, upright
}
DESKTOP_MOUSE = {"width": 1280, "height": 800}
WEEK_CELL, ROW_MENU = 24, 36  # what a mouse's desktop draws (px)


@pytest.mark.parametrize("size", TABLETS)
def test_every_control_is_a_finger_wide_on_a_tablet(new_page, register, give_habits, live_server,
                                                     live_app, size):
    viewport, theme = TABLETS[size]
    page = new_page(viewport=viewport, is_mobile=True, has_touch=True)
    assert page.evaluate("matchMedia('(pointer: coarse)').matches")
    page.context.add_cookies([{"name": "theme", "value": theme, "url": live_server}])
    email = register(page)
    read, water = give_habits(email, [{"name": "Read"}, WATER])
    found = _small_targets_everywhere(page, live_app, email, read, water,
                                      f"tablet-tap-targets-{size}", theme)
    assert not found, _report(found)
    # Today's week strip stays beside the name at this width: the tablet keeps its one-line row.
    page.goto("/")
    week, name = page.locator(f"#habit-{read} .week"), page.locator(f"#habit-{read} .habit-main")
    assert abs(week.bounding_box()["y"] - name.bounding_box()["y"]) < 24

    # A mouse on a desktop keeps the compact row: the larger areas are a finger's alone.
    desk = new_page(viewport=DESKTOP_MOUSE)
    assert not desk.evaluate("matchMedia('(pointer: coarse)').matches")
    desk.context.add_cookies(page.context.cookies())
    desk.goto("/")
    cell = desk.locator(f"#habit-{read} .week > button").first.bounding_box()
    menu = desk.locator(f"#menu-{read}").bounding_box()
    assert (round(cell["width"]), round(cell["height"])) == (WEEK_CELL, WEEK_CELL)
    assert round(menu["height"]) == ROW_MENU

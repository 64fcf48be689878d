"""What the browser test modules import: exception types for precise `xfail(raises=...)`
marks (a test expected to fail for one known reason still fails loudly for any other), and
small page helpers and constants."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path

from playwright.sync_api import expect

MOBILE = {"width": 360, "height": 740}
# Today's address and nothing after it but a place on it (#main after an import, #habit-N
# after a plain add): r"/$" alone also matches /login?next=/.
TODAY_URL = re.compile(r"^https?://[^/]+/(#[\w-]+)?$")
PASSWORD = "correct horse battery"  # every account the browser tests sign up
WATER = {"name": "Water", "kind": "measurable", "target": 8.0, "unit": "glasses",
         "direction": "at_least"}


class ThemeNotApplied(AssertionError):
    """The page did not take the colours of the theme it was switched to."""


class AxeViolations(AssertionError):
    """axe-core found serious or critical accessibility violations."""


def progress(page):
    """Today's "N of M done" line: the first #day-progress in the page.

    (The first, because partials/habit_list.html also renders a dormant out-of-band copy after
    the list on a full page; test_today_shows_the_progress_line_once pins that bug.)
    """
    return page.locator("#day-progress").first


def wait_wired(page, selector: str) -> None:
    """Until htmx has processed the element: it does so as a swap settles, and a robot's click
    or Enter before that takes the plain link or form instead of the htmx one."""
    page.wait_for_function(
        "s => { const e = document.querySelector(s); return !!(e && e['htmx-internal-data']); }",
        arg=selector)


def settled(page) -> None:
    """Wait until htmx has wired up what it swapped in (a quick second action would otherwise
    meet a plain, unenhanced form)."""
    expect(page.locator(".htmx-request, .htmx-settling, .htmx-added")).to_have_count(0)


def scroll_width(page) -> int:
    """The page's width including anything that overflows sideways."""
    return page.evaluate("() => document.documentElement.scrollWidth")


def wait_for_worker(page) -> None:
    """Until the service worker is active and controls the page (a reload makes it so)."""
    page.wait_for_function(
        "async () => { const r = await navigator.serviceWorker.ready; return !!r.active; }")
    if not page.evaluate("() => !!navigator.serviceWorker.controller"):
        page.reload()
    page.wait_for_function("() => !!navigator.serviceWorker.controller")


def three_rows(page, register, give_habits) -> tuple[int, int, int]:
    """A new user's Today with Read, Water (measurable: no week) and Walk."""
    email = register(page)
    ids = give_habits(email, [{"name": "Read"}, WATER, {"name": "Walk"}])
    page.reload()
    expect(page.locator("#habit-list [data-habit-row]")).to_have_count(3)
    return tuple(ids)


ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def screenshot(page, name: str) -> Path:
    """A full-page screenshot in test-artifacts/ (git-ignored), for a human to look at.

    On a touch screen the window is made as tall as the page instead: Playwright's full_page
    capture re-lays the page out as if a mouse were the pointer (Chromium drops
    `pointer: coarse` for it), so it pictured phones and tablets with the desktop's controls.
    The caret is left as it is: hiding it leaves a `style=""` on a focused field, which a
    later htmx swap copies into the page and the CSP then reports.
    """
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    if not page.evaluate("() => matchMedia('(pointer: coarse)').matches"):
        page.screenshot(path=str(path), full_page=True, caret="initial")
        return path
    viewport = page.viewport_size
    height = page.evaluate("() => document.documentElement.scrollHeight")
    page.set_viewport_size({"width": viewport["width"], "height": max(height, viewport["height"])})
    try:
        page.screenshot(path=str(path), caret="initial")
    finally:
        page.set_viewport_size(viewport)
    return path


def server_states(live_app, habit_ids) -> dict[int, dict[str, str]]:
    """What the server holds for the habits: {habit id: {day: state}}."""
    import sqlalchemy as sa

    from habitory.extensions import db
    from habitory.models import CheckIn

    with live_app.app_context():
        rows = db.session.execute(
            sa.select(CheckIn.habit_id, CheckIn.day, CheckIn.state)
            .where(CheckIn.habit_id.in_(habit_ids))).all()
    found: dict[int, dict[str, str]] = {habit: {} for habit in habit_ids}
    for habit, day, state in rows:
        found[habit][day.isoformat()] = state
    return found


@dataclass
class ServerFault:
    """The server failing on check-ins: while `failing`, a POST is answered `status` (500: a
    bug with that request; 503: a deploy) instead of reaching the app; after `times` such
    answers (None: no limit), or once a test sets `failing` to False, POSTs go through.
    `answers` holds what each POST met, in order: the status, or "sent"."""

    status: int = 500
    times: int | None = None
    failing: bool = True
    answers: list[str] = field(default_factory=list)

    def answer(self, route) -> None:
        if route.request.method != "POST":
            route.continue_()
        elif self.failing:
            self.answers.append(str(self.status))
            self.failing = self.times is None or len(self.answers) < self.times
            route.fulfill(status=self.status, body=HTTPStatus(self.status).phrase)
        else:
            self.answers.append("sent")
            route.continue_()


def failing_toggles(page, browser_watch, *habits: int, status: int = 500,
                    times: int | None = None) -> ServerFault:
    """The habits' check-ins (POST /habits/<id>/toggle, in every tab of the page's context)
    meet one ServerFault; the console errors Chromium logs for them are expected."""
    fault = ServerFault(status, times)
    for habit in habits:
        browser_watch.allow_http_error(status, rf"/habits/{habit}/toggle")
        page.context.route(f"**/habits/{habit}/toggle", fault.answer)
    return fault


def tick_offline(page, habits, waiting: str) -> None:
    """Tick the habits with the connection off until the status says `waiting` ("1 change
    waiting"), then bring the connection back: the queued changes are sent."""
    page.context.set_offline(True)
    try:
        for habit in habits:
            page.locator(f"#toggle-{habit}").click()
        expect(page.locator("#offline-status")).to_contain_text(waiting)
    finally:
        page.context.set_offline(False)


def set_aside(page, register, add_habit, browser_watch, names=("Read", "Walk"),
              failing_names=("Read",)) -> tuple[dict[str, int], str, ServerFault]:
    """Habits ticked offline; back online, the ticks of `failing_names` meet a 500 every time
    and are set aside (after three tries). Returns ({name: id}, today, the server's fault)."""
    register(page)
    ids = {name: add_habit(page, name) for name in names}
    wait_for_worker(page)
    today = page.locator(f"#toggle-{ids[names[0]]}").get_attribute("value")
    fault = failing_toggles(page, browser_watch, *(ids[name] for name in failing_names))
    # offline.js's test hook: the first wait before sending again (4 s otherwise).
    page.evaluate("() => { document.documentElement.dataset.offlineRetryMs = '100'; }")
    tick_offline(page, [ids[name] for name in names], f"{len(names)} changes waiting")
    banner = page.locator("#offline-status")
    for name in failing_names:
        expect(banner).to_contain_text(f"“{name}” on ", timeout=20_000)
    expect(banner.locator("li")).to_have_count(len(failing_names), timeout=20_000)
    return ids, today, fault


def choose_language(page, code: str) -> None:
    """Choose a language in Settings, as a user would; the page is then drawn in it."""
    page.goto("/settings")
    page.get_by_label("Language", exact=True).select_option(code)
    page.locator("#language-title ~ form button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", code)

"""What the browser test modules import: exception types for precise `xfail(raises=...)`
marks (a test expected to fail for one known reason still fails loudly for any other), and
small page helpers and constants."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

MOBILE = {"width": 360, "height": 740}
# Today's address and nothing after it: r"/$" alone also matches /login?next=/.
TODAY_URL = re.compile(r"^https?://[^/]+/$")
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

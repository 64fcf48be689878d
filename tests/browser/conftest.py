"""Browser fixtures: a live server with CSRF on, Debian's Chromium driven by Playwright, and
checks that fail a test on console errors (CSP violations included), page errors, failed
requests to the app and serious accessibility violations.

The live server runs once per session on its own SQLite file: it does not use the
`database_url` fixture of tests/conftest.py, which is parametrised over backends.
"""

from __future__ import annotations

import itertools
import os
import re
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import flask_migrate
import pytest
from browser_support import (
    PASSWORD,
    TODAY_URL,
    AxeViolations,
    ThemeNotApplied,
    screenshot,
)

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

DESKTOP = {"width": 1280, "height": 800}
# Deterministic contexts: the user's day is UTC's, no OS dark mode, no transitions caught
# half-way by a colour-contrast check or a screenshot.
CONTEXT_DEFAULTS = {
    "viewport": DESKTOP,
    "timezone_id": "UTC",
    "locale": "en-GB",
    "color_scheme": "light",
    "reduced_motion": "reduce",
}
EXPECT_TIMEOUT_MS = 5_000
# What html's computed background must be once a theme is on (DESIGN.md's tokens).
THEME_BACKGROUNDS = {"light": "rgb(255, 255, 255)", "dark": "rgb(25, 25, 25)"}
BLOCKING_IMPACTS = ("serious", "critical")

_HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items):
    """Every test under tests/browser/ carries the browser mark, even one that forgets it."""
    for item in items:
        if _HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


# --- the live server ---------------------------------------------------------------------


def _quiet_handler():
    from werkzeug.serving import WSGIRequestHandler

    class QuietHandler(WSGIRequestHandler):
        """Log only the answers worth reading in a failure report (4xx and 5xx)."""

        def log_request(self, code="-", size="-"):
            if str(code).isdigit() and int(code) >= 400:
                super().log_request(code, size)

    return QuietHandler


_LIVE: dict = {}


@pytest.fixture(scope="session")
def live_app(live_server):
    """The Flask app behind the live server, for setting up data a test needs."""
    return _LIVE["app"]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The app on a fresh, migrated SQLite file, served in a daemon thread; yields its URL."""
    from werkzeug.serving import make_server

    from habitory import create_app
    from habitory.extensions import db

    root = tmp_path_factory.mktemp("live")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "browser-test-secret",
            "INSTANCE_PATH": str(root / "instance"),
            "SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(root / "browser.sqlite3"),
            # The browser proves CSRF works for real: every form and htmx request carries it.
            "WTF_CSRF_ENABLED": True,
            "RATELIMIT_ENABLED": False,
            "OPEN_REGISTRATION": True,
            "CHECK_MIGRATIONS": False,
            # Every test signs a user up; scrypt would cost ~0.3 s each (tests/test_auth.py
            # checks that the real app uses scrypt).
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        }
    )
    with app.app_context():
        flask_migrate.upgrade()
    _LIVE["app"] = app
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_quiet_handler())
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with app.app_context():
            db.engine.dispose()


# --- the browser -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright_driver(tmp_path_factory):
    """Playwright's driver, with its temporary files (the Chromium profile among them) kept
    in a fresh pytest folder: every session starts from an empty user-data dir."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.skip(
            f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)"
            " to run the browser tests. Playwright must never download a browser of its own."
        )
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    profile_root = tmp_path_factory.mktemp("chromium-profile")
    saved = {name: os.environ.get(name) for name in ("TMPDIR", "TMP", "TEMP")}
    os.environ.update(TMPDIR=str(profile_root), TMP=str(profile_root), TEMP=str(profile_root))
    try:
        # The driver process reads TMPDIR when it creates the profile of each launch.
        driver = sync_playwright().start()
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    try:
        yield driver
    finally:
        driver.stop()


@pytest.fixture(scope="session")
def browser(playwright_driver):
    """Debian's Chromium, headless; one per session."""
    chromium = playwright_driver.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
    )
    try:
        yield chromium
    finally:
        chromium.close()


@dataclass
class BrowserWatch:
    """Console errors, page errors and failed requests to the app seen during one test."""

    origin: str
    problems: list[str] = field(default_factory=list)
    allowed: list[tuple[int, str]] = field(default_factory=list)

    def allow_http_error(self, status: int, path: str) -> None:
        """An error status the test provokes on purpose (a 422 for an invalid name...).

        Chromium logs every 4xx/5xx answer as a console error; this one is expected.
        `path` is a regular expression matched against the whole request path.
        """
        self.allowed.append((status, path))

    def watch(self, page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("requestfailed", self._request_failed)

    def _console(self, message) -> None:
        if message.type != "error":
            return
        url = (message.location or {}).get("url", "")
        found = re.search(r"status of (\d{3})", message.text)
        if found and url.startswith(self.origin):
            status, path = int(found.group(1)), urlsplit(url).path
            if any(status == s and re.fullmatch(p, path) for s, p in self.allowed):
                return
        self.problems.append(f"console error: {message.text} ({url or 'no url'})")

    def _request_failed(self, request) -> None:
        # ERR_ABORTED is the browser cancelling a fetch because the page navigated away (a
        # favicon during a reload): not a failure of the app.
        if request.url.startswith(self.origin) and "ERR_ABORTED" not in (request.failure or ""):
            self.problems.append(
                f"request failed: {request.method} {request.url}: {request.failure}"
            )


@pytest.fixture
def browser_watch(live_server):
    """What went wrong in the browser during this test; fails the test at teardown."""
    watch = BrowserWatch(origin=live_server)
    yield watch
    if watch.problems:
        pytest.fail(
            "The browser reported problems:\n  " + "\n  ".join(watch.problems), pytrace=False
        )


@pytest.fixture
def new_page(browser, browser_watch, live_server):
    """Open a page in a new context: new_page(java_script_enabled=False, viewport=...)."""
    contexts = []

    def open_page(**options):
        context = browser.new_context(base_url=live_server, **{**CONTEXT_DEFAULTS, **options})
        contexts.append(context)
        page = context.new_page()
        browser_watch.watch(page)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A desktop page with JavaScript on, in a fresh context (no cookies)."""
    return new_page()


# --- helpers -----------------------------------------------------------------------------

_user_numbers = itertools.count(1)


def register_user(page, email: str | None = None) -> str:
    """Create a fresh account through the sign-up form; the page ends on Today."""
    from playwright.sync_api import expect

    email = email or f"user{next(_user_numbers)}-{uuid.uuid4().hex[:8]}@example.com"
    page.goto("/register")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    page.get_by_label("Timezone").select_option("UTC")
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(TODAY_URL)
    expect(page.locator("#messages")).to_contain_text("Welcome to Habitory")
    return email


def add_habit(page, name: str) -> int:
    """Type a name into "Add a habit", press Enter, wait for its row; returns the habit id."""
    from playwright.sync_api import expect

    field_ = page.get_by_label("Add a habit")
    field_.fill(name)
    field_.press("Enter")
    row = habit_row(page, name)
    expect(row).to_be_visible()
    expect(page.get_by_label("Add a habit")).to_have_value("")
    return int(row.get_attribute("id").removeprefix("habit-"))


def habit_row(page, name: str):
    """The dashboard row whose habit is called `name`."""
    return page.locator(
        "#habit-list [data-habit-row]", has=page.get_by_role("link", name=name, exact=True)
    )


def give_habits(app, email: str, habits: list[dict]) -> list[int]:
    """Add habits straight to the database (a measurable one needs the full form otherwise);
    each spec is a dict of Habit columns with a "name". Returns their ids."""
    import sqlalchemy as sa

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


def _axe_violations(page, context=None) -> list[dict]:
    """Run axe-core (the copy axe-playwright-python ships) on the page, injecting it once per
    document rather than once per run."""
    from axe_playwright_python.sync_playwright import DEFAULT_OPTIONS, Axe

    axe = Axe()
    if not page.evaluate("() => typeof window.axe === 'object' && !!window.axe.run"):
        page.evaluate(axe.axe_script)
    response = page.evaluate(
        "([context, options]) => axe.run(context || document, options)",
        [context, DEFAULT_OPTIONS],
    )
    return response["violations"]


def axe_check(page, themes: tuple[str, ...] = ("light", "dark"), context=None) -> None:
    """Fail on any serious or critical axe violation, in each theme (light and dark by
    default), naming the rule, its impact and the offending elements.

    Raises AxeViolations for violations (in any theme), else ThemeNotApplied when a theme's
    colours did not take effect, because a check in colours that are not there proves nothing.
    """
    root = page.locator("html")
    original = root.get_attribute("data-theme")
    failures, not_applied = [], []
    try:
        for theme in themes:
            # The same switch the theme toggle makes: the attribute the CSS keys on.
            page.evaluate("theme => { document.documentElement.dataset.theme = theme; }", theme)
            painted = root.evaluate("(el) => getComputedStyle(el).backgroundColor")
            if painted != THEME_BACKGROUNDS[theme]:
                not_applied.append(
                    f"the {theme} theme did not apply on {page.url}: html's background is"
                    f" {painted}, not {THEME_BACKGROUNDS[theme]}"
                )
                continue
            for violation in _axe_violations(page, context):
                if violation.get("impact") not in BLOCKING_IMPACTS:
                    continue
                targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
                shown = ", ".join(targets[:8]) + (" ..." if len(targets) > 8 else "")
                failures.append(
                    f"[{theme}] {violation['id']} ({violation['impact']}): {violation['help']}"
                    f" on {len(targets)} node(s): {shown}"
                )
    finally:
        if original is None:
            page.evaluate("() => { delete document.documentElement.dataset.theme; }")
        else:
            page.evaluate("theme => { document.documentElement.dataset.theme = theme; }", original)
    if failures:
        raise AxeViolations(f"Accessibility violations on {page.url}:\n" + "\n".join(failures))
    if not_applied:
        raise ThemeNotApplied("; ".join(not_applied))


@pytest.fixture
def register():
    """register(page) -> email: a fresh unique user, signed up through the UI."""
    return register_user


@pytest.fixture(name="add_habit")
def add_habit_fixture():
    """add_habit(page, name) -> habit id, through the "Add a habit" field."""
    return add_habit


@pytest.fixture(name="give_habits")
def give_habits_fixture(live_app):
    """give_habits(email, [{"name": ..., **columns}]) -> ids, written on the live server's
    database."""
    return lambda email, habits: give_habits(live_app, email, habits)


@pytest.fixture(name="axe_check")
def axe_check_fixture():
    """axe_check(page): no serious or critical violation in light or dark."""
    return axe_check


@pytest.fixture(name="screenshot")
def screenshot_fixture():
    """screenshot(page, name) -> path under test-artifacts/."""
    return screenshot

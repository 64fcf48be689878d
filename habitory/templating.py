"""Template globals: theme, the user's today, wording, date filters."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Flask, g, has_request_context, request, url_for
from flask_login import current_user

from habitory import wording
from habitory.clock import now_utc, user_today
from habitory.domain import notifications


class Theme(NamedTuple):
    name: str  # the cookie's value and <html data-theme>
    label: str  # on the top bar's toggle
    choice: str  # on the Settings page


# The one list of themes, in the order the top bar's toggle cycles through them (the toggle,
# its script and the Settings page all read it from here).
THEMES = (
    Theme("system", "System", "Follow the system"),
    Theme("dark", "Dark", "Dark"),
    Theme("light", "Light", "Light"),
)
THEME_NAMES = frozenset(theme.name for theme in THEMES)


def current_theme() -> str:
    """The theme the user picked (kept in a cookie so the first paint is right), else system."""
    theme = request.cookies.get("theme", "system")
    return theme if theme in THEME_NAMES else "system"


def theme_cycle() -> dict[str, tuple[str, str]]:
    """For the toggle: each theme's label and the theme that comes after it."""
    return {theme.name: (theme.label, THEMES[(i + 1) % len(THEMES)].name)
            for i, theme in enumerate(THEMES)}


def long_date(day: date) -> str:
    """'Wednesday, 25 November 2026'."""
    return f"{day:%A}, {day.day} {day:%B %Y}"


def short_date(day: date) -> str:
    """'Wed 25 Nov'."""
    return f"{day:%a} {day.day} {day:%b}"


def register(app: Flask) -> None:
    """Install the context processor and filters."""
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.filters["short_date"] = short_date

    app.jinja_env.filters["time_ago"] = time_ago
    app.jinja_env.filters["local_time"] = local_time
    app.jinja_env.filters["days"] = wording.days
    app.jinja_env.globals.update(url_for=remembered_url_for, wording=wording, themes=THEMES,
                                  theme_cycle=theme_cycle())

    @app.context_processor
    def _globals():
        today = user_today(current_user) if current_user.is_authenticated else None
        return {
            "theme": current_theme(),
            "user_today": today,
            "unread_count": _unread_count,
            "latest_notification_id": _latest_notification_id,
        }


def remembered_url_for(endpoint: str, **values) -> str:
    """url_for for the templates, remembered: the same endpoint and values always build the
    same path (for where the app is mounted), and a page asks for dozens of them (Today ~80)
    at ~10 µs each. External URLs, relative endpoints and unhashable values are built afresh."""
    if not has_request_context() or endpoint.startswith(".") or any(
        key.startswith("_") for key in values
    ):
        return url_for(endpoint, **values)
    try:
        return _remembered(request.script_root, endpoint, tuple(sorted(values.items())))
    except TypeError:  # an unhashable value
        return url_for(endpoint, **values)


@lru_cache(maxsize=4096)
def _remembered(root: str, endpoint: str, values: tuple) -> str:
    # A path depends only on the URL map and `root`, never on the user: safe to share between
    # requests (the app registers no url_defaults that could add per-request values).
    return url_for(endpoint, **dict(values))


def _notification_summary() -> tuple[int, int]:
    """(unread count, newest id), once per request (a route that changes them forgets it)."""
    if not current_user.is_authenticated:
        return 0, 0
    if "notification_summary" not in g:
        g.notification_summary = notifications.summary(current_user.id)
    return g.notification_summary


def _unread_count() -> int:
    return _notification_summary()[0]


def _latest_notification_id() -> int:
    """The newest notification the page already knows of; the poll asks only for newer ones."""
    return _notification_summary()[1]


def time_ago(moment: datetime) -> str:
    """'just now', '5 min ago', '2 h ago', '3 days ago', or the date for older ones."""
    seconds = (now_utc().replace(tzinfo=None) - moment).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    if seconds < 7 * 86400:
        days = int(seconds // 86400)
        return "yesterday" if days == 1 else f"{days} days ago"
    return local_time(moment, "%-d %b %Y")


def local_time(moment: datetime, fmt: str = "%a %-d %b %Y, %H:%M") -> str:
    """A stored UTC time in the user's own timezone."""
    zone = current_user.timezone if current_user.is_authenticated else "UTC"
    return moment.replace(tzinfo=UTC).astimezone(_zone(zone)).strftime(fmt)


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")

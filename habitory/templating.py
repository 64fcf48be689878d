"""Template globals: theme, the user's today, wording, date filters."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Flask, request, url_for
from flask_login import current_user

from . import wording
from .clock import now_utc, user_today


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
    app.jinja_env.globals.update(wording=wording, habit_url=habit_url, themes=THEMES,
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


def habit_url(endpoint: str, habit_id: int) -> str:
    """url_for(endpoint, habit_id=...), remembered: Today asks for three URLs in each of its
    rows, and url_for costs ~10 µs a call, a tenth of the page's time."""
    return _habit_url(request.script_root, endpoint, habit_id)


@lru_cache(maxsize=4096)
def _habit_url(root: str, endpoint: str, habit_id: int) -> str:
    # The path depends only on the URL map and where the app is mounted (`root`, part of the
    # key), never on the user: safe to share between requests.
    return url_for(endpoint, habit_id=habit_id)


def _notification_summary() -> tuple[int, int]:
    """(unread count, newest id), once per request."""
    from .notifications.store import summary

    if not current_user.is_authenticated:
        return 0, 0
    return summary(current_user.id)


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

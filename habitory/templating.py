"""Template globals: theme, the user's today, asset URLs."""

from __future__ import annotations

from datetime import date

from flask import Flask, request
from flask_login import current_user

from .clock import user_today

THEMES = ("system", "light", "dark")


def current_theme() -> str:
    """The theme the user picked (kept in a cookie so the first paint is right), else system."""
    theme = request.cookies.get("theme", "system")
    return theme if theme in THEMES else "system"


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

    @app.context_processor
    def _globals():
        today = user_today(current_user) if current_user.is_authenticated else None
        return {"theme": current_theme(), "user_today": today}

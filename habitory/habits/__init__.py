"""Habits and check-ins: the dashboard, the habit page and every row action."""

from flask import Blueprint

bp = Blueprint("habits", __name__)

from . import checkins, lifecycle, routes  # noqa: E402,F401

"""Notifications: the list, mark-as-read, the unread badge, and how findings become cards."""

from flask import Blueprint

bp = Blueprint("notifications", __name__)

from . import routes  # noqa: E402,F401

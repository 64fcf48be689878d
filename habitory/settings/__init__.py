"""Account settings: timezone, day start, theme."""

from flask import Blueprint

bp = Blueprint("settings", __name__)

from . import account, data, language, routes, tokens  # noqa: E402,F401

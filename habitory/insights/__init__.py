"""Insights: statistics, charts and recommendations from the same ai/ modules as the rest."""

from flask import Blueprint

bp = Blueprint("insights", __name__)

from . import routes  # noqa: E402,F401

"""The JSON API (/api/v1): a door like the blueprints, for scripts, widgets and shortcuts.

Requests carry a personal token (Authorization: Bearer …), never a session cookie, so the API
needs no CSRF token and a web page cannot make a browser call it. Bodies are validated by the
pydantic schemas in schemas.py (SpecTree), which also generate /api/openapi.json; the views
call the same domain functions as the web pages. Every error is an RFC 9457 problem document.
"""

from flask import Blueprint, Flask

bp = Blueprint("api", __name__, url_prefix="/api")

from . import access, account, checkins, docs, habits, today  # noqa: E402,F401


def register(app: Flask) -> None:
    """Mount the API: its blueprint, its exemptions and its error handling."""
    access.register(app, bp)
    app.register_blueprint(bp)

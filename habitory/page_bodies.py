"""Pages take their forms' fields: a JSON body posted to a page is refused before any form
reads it (Flask-WTF would fill a form from it, and numbers and lists would reach validators
written for text: a 500 on {"email": 5}). The JSON API has its own schemas."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _

from habitory.errors import error_response


def refuse_json_bodies():
    """Before a page's POST: a JSON body is answered 415, saying where JSON is taken. Without
    this, an empty form is a valid request to some forms (a toggle of today), so {"day": 5}
    would toggle today."""
    if (request.is_json and request.method in ("POST", "PUT", "PATCH", "DELETE")
            and not request.path.startswith("/api/")):
        return error_response(415, _("Not saved"), _(
            "Pages take their forms' fields, not JSON. Scripts use the JSON API under "
            "/api/v1 (Settings → API tokens)."))
    return None

"""The base of every web form: what a page posts, read from its form fields only."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.datastructures import ImmutableMultiDict

from habitory.errors import error_response


class PageForm(FlaskForm):
    """A FlaskForm that never reads a JSON body.

    Flask-WTF fills a form from `request.get_json()` when the body is JSON: numbers, lists and
    objects then reach filters and validators written for the text a browser posts (a 500 on
    `{"email": 5}`). Pages and htmx post form fields; the JSON API has its own schemas. A JSON
    body is read as an empty form, so it fails like any form with nothing filled in.
    """

    class Meta:
        def wrap_formdata(self, form, formdata):
            sent_json = (formdata is not None and not hasattr(formdata, "getlist")
                         and request.is_json and not request.form and not request.files)
            if sent_json:  # formdata is Flask-WTF's "read the request" marker
                return ImmutableMultiDict() if request.method in {"POST", "PUT", "PATCH",
                                                                  "DELETE"} else None
            return super().wrap_formdata(form, formdata)


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

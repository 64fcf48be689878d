"""RFC 9457 problem documents: every error under /api/ answers in this one shape."""

from __future__ import annotations

from flask import Response, current_app, json, request
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.exceptions import HTTPException, NotFound

from habitory.domain.text import TextError
from habitory.i18n import error_text

MEDIA_TYPE = "application/problem+json"
# The error_message of the failed sign-ins' limit (access.py): from_http says the lockout.
LOCKED_OUT = "api-address-locked-out"
# The domain's names of a habit's settings, where the API's differ.
API_FIELDS = {"description": "question", "icon": "emoji"}


class ApiProblem(Exception):
    """Raised by the API's views and hooks; the blueprint turns it into a problem document."""

    def __init__(self, status: int, title: str, detail: str, field: str | None = None,
                 errors: list[dict] | None = None, headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.status, self.title, self.detail = status, title, detail
        self.field, self.errors, self.headers = field, errors, headers or {}


def titles() -> dict[int, tuple[str, str]]:
    """(title, detail) of each status the API answers with, in the request's language."""
    return {
        400: (_("Bad request"), _("The request could not be understood.")),
        401: (_("Not authenticated"),
              _("Send a valid API token: Authorization: Bearer <token>. Create one in "
                "Settings → API tokens.")),
        403: (_("Not allowed"), _("This token may only read: create a read-write token to "
                                  "make changes.")),
        404: (_("Not found"), _("There is nothing here, or it is not yours.")),
        405: (_("Method not allowed"), _("This address does not accept this method.")),
        409: (_("Conflict"), _("Another change got there first: try again.")),
        412: (_("Precondition failed"),
              _("This changed since you read it: its ETag is no longer the one in If-Match. "
                "Read it again, then send your change with the new ETag.")),
        413: (_("Too large"), _("The request body is larger than this server accepts.")),
        415: (_("Unsupported media type"), _("Send the body as JSON, with Content-Type: "
                                             "application/json.")),
        422: (_("Invalid value"), _("A value in the request is not valid.")),
        429: (_("Too many requests"), _("This token sent too many requests: wait and try "
                                        "again.")),
        500: (_("Server error"), _("Something went wrong on our side. Nothing was saved.")),
        503: (_("Service unavailable"), _("The database is not answering right now. Nothing "
                                          "was saved: try again in a minute.")),
    }


def response(status: int, title: str | None = None, detail: str | None = None,
             field: str | None = None, errors: list[dict] | None = None,
             headers: dict[str, str] | None = None) -> Response:
    """A problem document with its status and headers."""
    default_title, default_detail = titles().get(status, (_("Error"), _("Something went "
                                                                          "wrong.")))
    body: dict = {"type": "about:blank", "title": title or default_title, "status": status,
                  "detail": detail or default_detail}
    if field is not None:
        body["field"] = field
    if errors:
        body["errors"] = errors
    answer = current_app.response_class(json.dumps(body), status=status, mimetype=MEDIA_TYPE)
    for name, value in (headers or {}).items():
        answer.headers[name] = value
    # Routing errors are answered outside the blueprint (its after_request): private here too.
    answer.headers["Cache-Control"] = "no-store"
    if status == 401:
        answer.headers["WWW-Authenticate"] = 'Bearer realm="habitory"'
    return answer


def from_problem(problem: ApiProblem) -> Response:
    return response(problem.status, problem.title, problem.detail, problem.field,
                    problem.errors, problem.headers)


def from_text(error: TextError) -> Response:
    """Text the domain refused (habits.SettingTextError names its setting): the schemas check
    text as the domain does, so this is a check they missed, and still the client's value to
    change, not a 500."""
    field = getattr(error, "field", None)
    field = API_FIELDS.get(field, field)
    detail = error_text(error)
    if field is None:
        return response(422, _("Invalid value"), detail)
    return response(422, _("Invalid value"), f"{field}: {detail}", field=field,
                    errors=[{"field": field, "detail": detail}])


def from_http(error: HTTPException) -> Response:
    """Werkzeug's errors (routing, body size, the limiter's 429) as problem documents."""
    status = error.code or 500
    headers: dict[str, str] = {}
    if status == 405 and getattr(error, "valid_methods", None):
        if _no_such_path(error.valid_methods):
            return response(404)
        headers["Allow"] = ", ".join(sorted(error.valid_methods))
    if status == 429:
        seconds = retry_after(error)
        headers["Retry-After"] = str(seconds)
        if getattr(getattr(error, "limit", None), "error_message", None) == LOCKED_OUT:
            return response(429, detail=_locked_out(seconds), headers=headers)
    return response(status, headers=headers)


def _locked_out(seconds: int) -> str:
    """The failed sign-ins' lockout: a valid token sent from the address is refused too, and
    "this token sent too many requests" would blame the token."""
    return ngettext(
        "Too many failed sign-ins (a missing, unknown or expired token) came from your "
        "address: it is locked out for up to %(num)s second, valid tokens included. Try "
        "again after Retry-After.",
        "Too many failed sign-ins (a missing, unknown or expired token) came from your "
        "address: it is locked out for up to %(num)s seconds, valid tokens included. Try "
        "again after Retry-After.", seconds)


def _no_such_path(methods) -> bool:
    """Werkzeug says 405 for /habits/99999999999 (a rule's path matched before its id was out
    of range): with an allowed method it is a 404, so it is one now."""
    try:
        current_app.url_map.bind_to_environ(request.environ).match(method=sorted(methods)[0])
    except NotFound:
        return True
    except HTTPException:
        return False
    return False


def retry_after(error: HTTPException) -> int:
    """Seconds until the token's window frees a request (Flask-Limiter knows the window)."""
    limit = getattr(error, "limit", None)
    try:
        seconds = int(limit.limit.get_expiry())  # the whole window: an upper bound
    except (AttributeError, TypeError, ValueError):
        seconds = 60
    return max(1, seconds)

"""Error handlers answering with a page, or a message fragment for htmx."""

from __future__ import annotations

from flask import Flask, current_app, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from .extensions import db, login_manager
from .htmx import is_htmx
from .i18n import signed_in_session
from .security import UPLOAD_ENDPOINTS, upload_limit

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood.")),
    403: (_l("Not allowed"), _l("You cannot do that.")),
    404: (_l("Not found"), _l("There is nothing here, or it is not yours.")),
    405: (_l("Not allowed"), _l("That address does not accept this kind of request.")),
    413: (_l("Too large"), _l("That is more than this server accepts from a form. Shorten what "
                              "you typed and try again.")),
    429: (_l("Too many attempts"),
          _l("Too many attempts. Please wait a few minutes and try again.")),
    500: (_l("Something went wrong"),
          _l("Something went wrong on our side. Nothing was saved.")),
    503: (_l("Try again in a minute"), _l("The database is not answering right now. Nothing "
                                          "was saved: try again in a minute.")),
}


def error_response(status: int, title: str | None = None, message: str | None = None,
                   headers: dict[str, str] | None = None, without_database: bool = False):
    """A readable page, or for htmx a message fragment retargeted to the page's message area.

    `without_database`: the page is drawn as for a visitor (no user, no unread badge), but a
    session that is signed in is offered no "Log in" or "Sign up" (errors/bare.html)."""
    default_title, default_message = MESSAGES.get(status, (_l("Error"),
                                                           _l("Something went wrong.")))
    title, message = title or default_title, message or default_message
    headers = dict(headers or {})
    if is_htmx():
        body = render_template("partials/message.html", kind="error", text=message)
        headers.update({"HX-Retarget": "#messages", "HX-Reswap": "innerHTML"})
        return body, status, headers
    page = render_template("errors/error.html", status=status, title=title, message=message,
                           bare=without_database,
                           signed_in=without_database and signed_in_session())
    return page, status, headers


def register(app: Flask) -> None:
    """Install the handlers."""

    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError):
        if not current_user.is_authenticated and request.blueprint != "auth":
            # The session (and its token) expired: the way forward is to log in again.
            return login_manager.unauthorized()
        return error_response(
            400,
            _("Form expired"),
            _("This form has expired (or came from another site). Reload the page and try "
              "again."),
        )

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        door = _door_for(request.path)
        if door is not None:  # e.g. /api/nowhere: a 404 no blueprint's handler sees
            return door(error)
        if error.code == 429:
            return error_response(429)
        if error.code == 413:
            return error_response(413, message=_too_large())
        return error_response(error.code or 500, message=MESSAGES.get(error.code, (None, None))[1])

    @app.errorhandler(OperationalError)
    @app.errorhandler(PoolTimeout)
    def _database_unavailable(error: Exception):
        # A connection refused or timed out, a statement cancelled by statement_timeout, a
        # SQLite lock held past the busy timeout: the database, not the request, is at fault.
        app.logger.exception("Database unavailable")
        try:
            db.session.rollback()
        except Exception:  # the connection may be gone; the next request gets a fresh one
            db.session.close()
        # The page must not ask the database again (the user's email, the unread badge):
        # render it as for a visitor, for this response only. Its language is still the
        # user's: i18n.select_locale reads the choice kept in the session.
        login_manager._update_request_context_with_user()
        if _out_of_space(error):  # a minute's wait will not help: the host must act
            return error_response(503, _("Nothing was saved"), _(
                "The server has run out of disk space, so nothing was saved. Whoever runs this "
                "Habitory needs to free some space; then try again."), without_database=True)
        return error_response(503, headers={"Retry-After": "60"}, without_database=True)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        db.session.rollback()
        app.logger.exception("Unhandled error")
        return error_response(500)


def _out_of_space(error: Exception) -> bool:
    """SQLite's "database or disk is full", PostgreSQL's "No space left on device"."""
    text = str(getattr(error, "orig", error)).lower()
    return "disk is full" in text or "no space left" in text


def answer_errors_under(app: Flask, prefix: str, handler) -> None:
    """A door with an error format of its own (the JSON API's problem documents) answers the
    routing errors (404, 405) of its URLs, which no blueprint's error handler sees."""
    app.extensions.setdefault("habitory.error_doors", {})[prefix] = handler


def _door_for(path: str):
    doors = current_app.extensions.get("habitory.error_doors", {})
    return next((handler for prefix, handler in doors.items() if path.startswith(prefix)), None)


def _too_large() -> str:
    """What a 413 says: a file has a size limit to name, a form only too much text."""
    if request.endpoint in UPLOAD_ENDPOINTS:
        megabytes = upload_limit(current_app.config) // (1024 * 1024)
        return _("The file is larger than this server accepts (at most %(size)s MB). Choose a "
                 "smaller file.", size=megabytes)
    return MESSAGES[413][1]

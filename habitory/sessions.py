"""A login on this browser: begun (the one way in, for the login and sign-up forms), restored
from the remember-me cookie, and ended (the one way out, for logout and account deletion)."""

from __future__ import annotations

import secrets

from flask import Response, current_app, flash, g, redirect, session, url_for
from flask_login import login_user, logout_user, user_loaded_from_cookie

from habitory.htmx import client_redirect, is_htmx
from habitory.i18n import remember_language


@user_loaded_from_cookie.connect
def _restored(app, user=None, **extra) -> None:
    # A browser reopened: Flask-Login has just started a new session from the remember-me
    # cookie (and writes it). The language goes in too, as at a login with the form, for the
    # pages drawn without the database (the 503).
    remember_language(getattr(user, "language", None))
    _new_csrf_secret()  # the session it lands in may be one somebody prepared (begin_login)


def begin_login(user, remember: bool = False) -> None:
    """Log `user` in on this browser, with a CSRF secret of its own.

    The secret would otherwise be the one of the anonymous session the form was posted from,
    and whoever prepared that session (a cookie planted on a shared computer, from a sibling
    subdomain or over plain HTTP) would know it, and could then post as the user. Only the
    secret is replaced: the session's other keys (the language, pending messages) are the
    visitor's own.
    """
    _new_csrf_secret()
    login_user(user, remember=remember)


def _new_csrf_secret() -> None:
    # Replaced, not only dropped: the login's own answer then carries the new secret, so the
    # page it leads to and the requests the browser sends meanwhile (the service worker's
    # /offline) share it. Dropped, each would make one of its own, and the cookie that
    # arrived last would void the page's token.
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    session[field] = secrets.token_hex(20)  # Flask-WTF's own form: 40 hexadecimal digits
    g.pop(field, None)  # Flask-WTF's token for this request, made from the old secret


def end_login(message: str | None = None) -> Response:
    """Forget the login on this browser (session, pending messages, remember-me cookie) and
    go to the login page, with `message` if any."""
    logout_user()
    # Pending messages may name the previous user's habits: the next person must not see them.
    # (This also drops Flask-Login's note to clear the remember-me cookie, hence the delete.)
    session.clear()
    if message:
        flash(message, "success")
    login_url = url_for("auth.login")
    response = client_redirect(login_url) if is_htmx() else redirect(login_url, code=303)
    config = current_app.config
    response.delete_cookie(
        config.get("REMEMBER_COOKIE_NAME", "remember_token"),
        domain=config.get("REMEMBER_COOKIE_DOMAIN"),
        path=config.get("REMEMBER_COOKIE_PATH", "/"),
    )
    return response

"""A login on this browser: restored from the remember-me cookie, and ended (the one way out,
for logout and account deletion)."""

from __future__ import annotations

from flask import Response, current_app, flash, redirect, session, url_for
from flask_login import logout_user, user_loaded_from_cookie

from habitory.htmx import client_redirect, is_htmx
from habitory.i18n import remember_language


@user_loaded_from_cookie.connect
def _restored(app, user=None, **extra) -> None:
    # A browser reopened: Flask-Login has just started a new session from the remember-me
    # cookie (and writes it). The language goes in too, as at a login with the form, for the
    # pages drawn without the database (the 503).
    remember_language(getattr(user, "language", None))


def end_login(message: str) -> Response:
    """Forget the login on this browser (session, pending messages, remember-me cookie) and
    go to the login page with `message`."""
    logout_user()
    # Pending messages may name the previous user's habits: the next person must not see them.
    # (This also drops Flask-Login's note to clear the remember-me cookie, hence the delete.)
    session.clear()
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

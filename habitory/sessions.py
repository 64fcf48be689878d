"""Ending a login on this browser: the one way out, for logout and account deletion."""

from __future__ import annotations

from flask import Response, current_app, flash, redirect, session, url_for
from flask_login import logout_user

from habitory.htmx import client_redirect, is_htmx


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

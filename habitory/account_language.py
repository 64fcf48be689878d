"""The language the last user signed in on this browser chose, kept in a cookie of its own for
the pages they see signed out: the login page after a logout (or after a password or email
change elsewhere ended their login) speaks it, not the browser's, which on a shared or
borrowed computer may be one they cannot read.

The session cannot keep it: a logout clears the session, as it must (its pending messages may
name the user's habits). The cookie holds nothing but a language code; it follows the user's
choice on every page they are signed in on (so a change in Settings, a login, a login restored
by "Remember me" all write it), is left alone by a logout, and is forgotten with the account.
i18n.select_locale honours it only for a visitor who is not signed in.
"""

from __future__ import annotations

from flask import Response, current_app, g, has_request_context, request

COOKIE = "language"
_MAX_AGE = 60 * 60 * 24 * 365


def chosen_language() -> str | None:
    """The language kept on this browser, unchecked (the caller keeps it only if it speaks it),
    or None."""
    if not has_request_context():
        return None
    return request.cookies.get(COOKIE, "")[:16] or None


def follow_user(response: Response) -> Response:
    """After a page a signed-in user saw: the cookie says their choice (none: the browser's).

    Only when the request already asked who the visitor is: loading the user for a static file
    would cost a query. Only on pages (redirects included), never on a JSON answer."""
    user = g.get("_login_user")
    if user is None or not user.is_authenticated or response.mimetype != "text/html":
        return response
    chosen = getattr(user, "language", None) or None
    if chosen == chosen_language():
        return response
    if chosen is None:
        return forget_language(response)
    response.set_cookie(COOKIE, chosen, max_age=_MAX_AGE, httponly=True, samesite="Lax",
                        secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
    return response


def forget_language(response: Response) -> Response:
    """No language kept on this browser any more (the account is deleted)."""
    if COOKIE in request.cookies:
        response.delete_cookie(COOKIE, httponly=True, samesite="Lax",
                               secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
    return response

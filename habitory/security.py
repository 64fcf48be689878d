"""Security headers on every response, and the request body limits."""

from __future__ import annotations

from flask import Flask, Response, request
from flask_login import current_user

from .htmx import add_vary

# The views that take a file upload: their bodies may be larger than MAX_CONTENT_LENGTH.
UPLOAD_ENDPOINTS = frozenset({"settings.import_data"})

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# A year, the usual figure. No includeSubDomains: Habitory owns its own host name, not the names
# below it (a self-host may serve other things there over plain HTTP), and no preload.
HSTS = "max-age=31536000"


def register(app: Flask) -> None:
    """Attach the headers (HSTS when the app is set for HTTPS) and Vary: HX-Request to every
    response."""
    # The app's after_request hooks run last-registered first: at the front of the list, this
    # one runs after Flask-Limiter's, which puts Retry-After on every answer it counts.
    app.after_request_funcs.setdefault(None, []).insert(0, _retry_after_only_to_wait)

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if app.config["SESSION_COOKIE_SECURE"]:
            # Set for HTTPS (HABITORY_SECURE_COOKIES): browsers then never try plain HTTP. Not
            # read from request.is_secure: behind a TLS proxy without HABITORY_PROXY_HOPS the
            # app sees http, and browsers ignore the header on an http response anyway. Never
            # on a plain-HTTP setup: it would lock localhost and LAN hosts out for a year.
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        if response.mimetype == "text/html":
            # Personal pages must not be kept by shared caches or the back-forward cache of
            # a logged-out browser.
            response.headers.setdefault("Cache-Control", "no-store")
        return add_vary(response)


def upload_limit(config) -> int:
    """The largest body an upload view accepts (a file and its form envelope)."""
    return config["IMPORT_MAX_CONTENT_LENGTH"] or config["IMPORT_MAX_BYTES"] + 5 * 1024 * 1024


def limit_request_bodies(app: Flask) -> None:
    """Let the upload views read more than MAX_CONTENT_LENGTH; every other view keeps it.

    Must be installed before CSRFProtect, whose check reads the form ahead of the view.
    """

    @app.before_request
    def _upload_limit() -> None:
        if request.endpoint in UPLOAD_ENDPOINTS:
            limit = upload_limit(app.config)
            request.max_content_length = limit
            # Werkzeug's multipart parser holds a file part made of many short lines in a
            # buffer bounded by MAX_FORM_MEMORY_SIZE too: a 200 KB CSV would be a 413. The
            # body limit above still bounds every part of these views. Only for a signed-in
            # user: CSRFProtect parses the form before login_required turns a stranger away.
            if current_user.is_authenticated:
                request.max_form_memory_size = limit


def _retry_after_only_to_wait(response: Response) -> Response:
    """Retry-After tells a client to wait (RFC 9110 §10.2.3): on a 429 or a 503 only, or a
    careful client would pause before every next call (the API's answers and the pages': a
    wrong login's 401 said "Retry-After: 900"). X-RateLimit-* stay on every answer."""
    if response.status_code not in (429, 503) and "Retry-After" in response.headers:
        del response.headers["Retry-After"]
    return response

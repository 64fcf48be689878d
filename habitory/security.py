"""Security headers on every response."""

from __future__ import annotations

from flask import Flask, Response

from .htmx import add_vary

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


def register(app: Flask) -> None:
    """Attach the headers and Vary: HX-Request to every response."""

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if response.mimetype == "text/html":
            # Personal pages must not be kept by shared caches or the back-forward cache of
            # a logged-out browser.
            response.headers.setdefault("Cache-Control", "no-store")
        return add_vary(response)

"""Who is calling (the bearer token), what they may do, how often, and how errors look."""

from __future__ import annotations

import hashlib

from flask import Blueprint, Flask, current_app, g, request
from flask_babel import gettext as _
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from habitory import errors
from habitory.api import bodies, bp, conditions, problems
from habitory.api.problems import ApiProblem
from habitory.domain import throttle, tokens
from habitory.domain.text import TextError
from habitory.extensions import csrf, db, limiter
from habitory.models import User

PUBLIC = frozenset({"api.openapi", "api.docs"})
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# The operations that read a JSON body (the others ignore one).
JSON_BODIES = frozenset({"api.create_habit", "api.update_habit", "api.put_checkin"})
DEFAULT_RATE_LIMIT = "600 per minute"
DEFAULT_AUTH_FAILURE_LIMIT = "30 per minute"


def register(app: Flask, blueprint: Blueprint) -> None:
    """What each app needs: no CSRF (no cookie authenticates the API), problem documents
    for the routing errors of /api/ URLs."""
    csrf.exempt(blueprint)
    errors.answer_errors_under(app, "/api/", problems.from_http)


def user() -> User:
    """The owner of the request's token."""
    return g.api_user


def _rate_limit() -> str:
    return current_app.config.get("API_RATE_LIMIT", DEFAULT_RATE_LIMIT)


def _rate_key() -> str:
    """Count per token (hashed: the limiter's storage never holds one), else per address."""
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer " and header[7:].strip():
        return "api-token:" + hashlib.sha256(header[7:].strip().encode("utf-8",
                                                                       "replace")).hexdigest()
    return "api-address:" + _address()


def _address() -> str:
    return throttle.address_key(request.remote_addr)  # an IPv6 /64 is one caller


def _auth_failure_limit() -> str:
    return current_app.config.get("API_AUTH_FAILURE_LIMIT", DEFAULT_AUTH_FAILURE_LIMIT)


# Shared by every worker through RATELIMIT_STORAGE_URI (e.g. Redis).
limiter.limit(_rate_limit, key_func=_rate_key)(bp)
# Each made-up token is counted on its own above: the 401s are also counted per address, so
# guessing (or a script stuck on a revoked token) is stopped, not served a fresh allowance.
limiter.limit(_auth_failure_limit, key_func=lambda: "api-401:" + _address(),
              deduct_when=lambda response: response.status_code == 401,
              error_message=problems.LOCKED_OUT)(bp)


@bp.before_request
def _authenticate() -> None:
    """The bearer token, its scope, and a body that is JSON: or the problem saying which not.
    OPTIONS needs none: it shows no data, and a browser's CORS preflight never sends one."""
    if request.endpoint in PUBLIC or request.method == "OPTIONS":
        return
    scheme, _space, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise ApiProblem(401, _("Not authenticated"),
                         _("Send your API token as Authorization: Bearer <token>. Create one "
                           "in Settings → API tokens."))
    try:
        found = tokens.authenticate(secret.strip())
    except tokens.TokenExpired as expired:
        raise ApiProblem(401, _("Token expired"), _(
            "This token expired on %(when)s UTC: create a new one in Settings → API tokens.",
            when=expired.expired_at.isoformat(sep=" ", timespec="minutes"))) from None
    if found is None:
        raise ApiProblem(401, _("Not authenticated"),
                         _("This token is unknown or was revoked."))
    g.api_token, g.api_user = found
    if request.method in WRITES and g.api_token.scope != "read-write":
        raise ApiProblem(403, _("Not allowed"),
                         _("This token may only read: create a read-write token to make "
                           "changes."))
    if request.endpoint in JSON_BODIES:
        bodies.check_json()


@bp.after_request
def _private(response):
    response.headers["Cache-Control"] = "no-store"
    if request.method == "OPTIONS" and response.status_code == 200 and not response.data:
        # Flask's automatic answer: its Allow, without an empty "text/html" body.
        response.status_code = 204
        del response.headers["Content-Type"]
        del response.headers["Content-Length"]
    return conditions.tag(response)


@bp.errorhandler(Exception)
def _answer(error: Exception):
    """Every error of the API as a problem document."""
    if isinstance(error, ApiProblem):
        return problems.from_problem(error)
    if isinstance(error, HTTPException):
        return problems.from_http(error)
    try:
        db.session.rollback()
    except Exception:  # the connection may be gone; the next request gets a fresh one
        db.session.close()
    if isinstance(error, TextError):
        return problems.from_text(error)
    if isinstance(error, OperationalError | PoolTimeout):
        current_app.logger.exception("Database unavailable")
        return problems.response(503, headers={"Retry-After": "60"})
    current_app.logger.exception("Unhandled API error")
    return problems.response(500)

"""Personal API tokens: made, listed, revoked, and recognised on each API request.

A token is 32 random bytes: its SHA-256 is as good as a slow password hash against guessing,
and cheap enough to look up on every request. Only the hash is stored; the token itself is
shown once, when it is made.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from functools import lru_cache

import sqlalchemy as sa
from flask_babel import gettext as _

from habitory.domain.text import TextError, clean_name
from habitory.extensions import db
from habitory.models import ApiToken, User, utcnow

SCOPES = ("read", "read-write")
PREFIX = "hab_"
NAME_MAX = 80
TOKENS_PER_USER = 50
# last_used_at is written at most this often: a script polling every second must not turn
# every read into a write.
TOUCH_EVERY = timedelta(minutes=1)
# Settings offers 7, 30, 90 or 365 days; flask create-token takes any up to this.
EXPIRY_MAX_DAYS = 3650
# A form's one-time value comes from the client: anything longer, or unprintable, is no value
# of ours, and the token is made as for a script (never refused as a form sent again).
FORM_ONCE_MAX = 64


class TokenExpired(Exception):
    """A known token past its expiry: the caller says so (a 401), rather than "unknown"."""

    def __init__(self, expired_at: datetime):
        super().__init__(expired_at.isoformat())
        self.expired_at = expired_at


class TokenError(ValueError):
    """A token that cannot be made as asked; `field` names the input it concerns."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def digest(secret: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def form_mark(once: str | None) -> str | None:
    """What a token keeps of the form value that made it (a fixed-length hash); None for no
    usable value."""
    if not isinstance(once, str) or not once or len(once) > FORM_ONCE_MAX:
        return None
    if not (once.isascii() and once.isprintable()):
        return None
    return hashlib.sha256(once.encode()).hexdigest()


def made_by_form(tokens: list[ApiToken], once: str | None) -> ApiToken | None:
    """The token among `tokens` that the form with this one-time value made, if any."""
    mark = form_mark(once)
    if mark is None:
        return None
    return next((token for token in tokens if token.form_once == mark), None)


def create(user_id: int, name: str, scope: str, expires_in_days: int | None = None,
           form_once: str | None = None) -> tuple[ApiToken, str]:
    """A new token for the user: (its row, the token itself, to show once); it stops working
    after `expires_in_days` days, or never (None). `form_once`: the one-time value of the
    settings form that asked for it (see made_by_form)."""
    if scope not in SCOPES:
        raise TokenError("scope", _("The scope must be read or read-write."))
    if expires_in_days is not None and not 1 <= expires_in_days <= EXPIRY_MAX_DAYS:
        raise TokenError("expires", _("A token expires after 1 to %(most)s days, or never.",
                                      most=EXPIRY_MAX_DAYS))
    try:
        name = clean_name(name or "", "token name")
    except TextError as error:
        raise TokenError("name", str(error)) from None
    if not name:
        raise TokenError("name", _("Give the token a name, such as “Phone shortcut”."))
    if len(name) > NAME_MAX:
        raise TokenError("name", _("Keep the name to %(most)s characters or fewer.", most=NAME_MAX))
    if len(tokens_of(user_id)) >= TOKENS_PER_USER:
        raise TokenError("name", _("You have %(count)s tokens already: revoke one first.",
                                   count=TOKENS_PER_USER))
    secret = PREFIX + secrets.token_urlsafe(32)
    now = utcnow()
    expires_at = now + timedelta(days=expires_in_days) if expires_in_days else None
    token = ApiToken(user_id=user_id, name=name, scope=scope, token_hash=digest(secret),
                     hint=secret[:len(PREFIX) + 4], created_at=now, expires_at=expires_at,
                     form_once=form_mark(form_once))
    db.session.add(token)
    db.session.commit()
    return token, secret


def tokens_of(user_id: int) -> list[ApiToken]:
    """The user's tokens, newest first."""
    return list(db.session.scalars(
        sa.select(ApiToken).where(ApiToken.user_id == user_id)
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def held_tokens_of(user_id: int) -> list[ApiToken]:
    """The user's tokens, read after taking their account's row until the next commit
    (create() commits) or rollback: two requests making a token for the same user at the same
    moment take turns, so the second reads the first one's token (a form sent twice by a
    double click makes one). A no-op UPDATE, as SQLite has no SELECT ... FOR UPDATE."""
    db.session.execute(sa.update(User).where(User.id == user_id)
                       .values(session_token=User.session_token))
    return tokens_of(user_id)


def revoke(user_id: int, token_id: int) -> bool:
    """Delete one of the user's tokens; False when they have no such token."""
    result = db.session.execute(
        sa.delete(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user_id))
    db.session.commit()
    return bool(result.rowcount)


def revoke_all(user_id: int) -> int:
    """Delete every token of the user (a password reset after a break-in); how many."""
    result = db.session.execute(sa.delete(ApiToken).where(ApiToken.user_id == user_id))
    db.session.commit()
    return result.rowcount or 0


@lru_cache(maxsize=1)
def _owner_query() -> sa.Select:
    return (sa.select(ApiToken, User).join(User, User.id == ApiToken.user_id)
            .where(ApiToken.token_hash == sa.bindparam("token_hash")))


def authenticate(secret: str) -> tuple[ApiToken, User] | None:
    """(token, its owner) for a valid token, in one query; None for an unknown or revoked one;
    TokenExpired for one past its expiry (its last use stays the last one that worked).
    Notes when it was last used (at most once a minute)."""
    if not secret or len(secret) > 200 or not secret.isascii():
        return None
    found = db.session.execute(_owner_query(), {"token_hash": digest(secret)}).first()
    if found is None:
        return None
    token, user = found
    now = utcnow()
    if token.expires_at is not None and now >= token.expires_at:
        raise TokenExpired(token.expires_at)
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        db.session.execute(sa.update(ApiToken).where(ApiToken.id == token.id)
                           .values(last_used_at=now))
        db.session.commit()
        token.last_used_at = now
    return token, user

"""The JSON API's idempotency keys: the answer to a POST, kept a day so a retry replays it.

A table of the API's own, with its purge, outside habitory.api so the periodic sweep in
habitory.jobs can purge old rows without one door importing another.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from . import clock
from .extensions import db

KEY_MAX = 255
LIFETIME = timedelta(hours=24)


def stored_now() -> datetime:
    """Naive UTC, as the database stores it, from the clock tests can move."""
    return clock.now_utc().replace(tzinfo=None)


def oldest_alive() -> datetime:
    """Rows created before this have expired: ignored, and purged by the sweep."""
    return stored_now() - LIFETIME


class ApiIdempotency(db.Model):
    """One Idempotency-Key of one token, and the 2xx answer to its request (status None
    while the first request with it is still running)."""

    __tablename__ = "api_idempotency"
    __table_args__ = (sa.UniqueConstraint("token_id", "key",
                                          name="uq_api_idempotency_token_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_id: Mapped[int] = mapped_column(sa.ForeignKey("api_tokens.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(sa.String(KEY_MAX))
    body_hash: Mapped[str] = mapped_column(sa.String(64))  # sha256 of method, path and body
    status: Mapped[int | None] = mapped_column()
    # The kept answer once status is set; until then a mark of what the first request made
    # (api/idempotency.Made.mark), so a retry after a crash can tell it from a reused id.
    body: Mapped[str | None] = mapped_column(sa.Text)
    location: Mapped[str | None] = mapped_column(sa.String(255))
    created_at: Mapped[datetime] = mapped_column(default=stored_now, index=True)


def purge_expired() -> int:
    """Delete the keys older than LIFETIME (they would be ignored anyway); how many."""
    result = db.session.execute(
        sa.delete(ApiIdempotency).where(ApiIdempotency.created_at < oldest_alive()))
    db.session.commit()
    return result.rowcount or 0

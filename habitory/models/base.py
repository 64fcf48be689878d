"""What every model module shares: the stored UTC clock and the habit-name identity."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Aware UTC now; stored as naive UTC so SQLite and PostgreSQL agree."""
    return datetime.now(UTC).replace(tzinfo=None)


def name_key(name: str) -> str:
    """The case-insensitive identity of a habit name."""
    return name.strip().casefold()

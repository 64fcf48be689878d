"""The user's "today": their timezone and day-start hour, never the server clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones


def now_utc() -> datetime:
    """The current instant; tests replace this to travel in time."""
    return datetime.now(UTC)


@lru_cache(maxsize=1)
def timezone_names() -> tuple[str, ...]:
    """Every IANA zone name this machine knows, sorted for a select box."""
    return tuple(sorted(available_timezones() - {"localtime", "Factory"}))


def is_valid_timezone(name: str) -> bool:
    """True for a real IANA zone name."""
    if not name or name not in timezone_names():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _day_clock(tz_name: str, day_start_hour: int, now: datetime | None) -> datetime:
    """Local time in tz_name (UTC for an unknown zone), shifted so the user's day starts at
    midnight: its date is their day, its time how far into it they are."""
    try:
        zone = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return (now or now_utc()).astimezone(zone) - timedelta(hours=day_start_hour)


def local_today(tz_name: str, day_start_hour: int = 0, now: datetime | None = None) -> date:
    """The local date in tz_name, where a day begins at day_start_hour (a 3 AM start keeps 1 AM
    on the previous day)."""
    return _day_clock(tz_name, day_start_hour, now).date()


def user_today(user) -> date:
    """Today for this user."""
    return local_today(user.timezone, user.day_start_hour)


def day_position(tz_name: str, day_start_hour: int, moment: datetime) -> tuple[date, float]:
    """The user's day a moment falls on, and how many seconds into that day it is (a naive
    moment is UTC, as the database stores it)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = _day_clock(tz_name, day_start_hour, moment)
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return local.date(), (local - start).total_seconds()


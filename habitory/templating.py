"""Template globals: theme, the user's today, wording, date filters."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale
from babel.dates import format_time
from flask import Flask, g, has_request_context, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext, ngettext
from flask_login import current_user

from habitory import clock, locale_formats, wording
from habitory.clock import user_today
from habitory.domain import notifications
from habitory.domain.habits import UNIT_MAX
from habitory.htmx import is_htmx
from habitory.i18n import locale_name, notification_text, stored_reasons, translate
from habitory.models import DESCRIPTION_MAX, NAME_MAX, NOTE_MAX
from habitory.stats.health import half_up


class Theme(NamedTuple):
    name: str  # the cookie's value and <html data-theme>
    label: str  # on the top bar's toggle
    choice: str  # on the Settings page


# The one list of themes, in the order the top bar's toggle cycles through them (the toggle,
# its script and the Settings page all read it from here).
THEMES = (
    Theme("system", lazy_gettext("System"), lazy_gettext("Follow the system")),
    Theme("dark", lazy_gettext("Dark"), lazy_gettext("Dark")),
    Theme("light", lazy_gettext("Light"), lazy_gettext("Light")),
)
THEME_NAMES = frozenset(theme.name for theme in THEMES)


def current_theme() -> str:
    """The theme the user picked (kept in a cookie so the first paint is right), else system."""
    theme = request.cookies.get("theme", "system")
    return theme if theme in THEME_NAMES else "system"


def theme_cycle() -> dict[str, tuple[str, str]]:
    """For the toggle: each theme's label and the theme that comes after it."""
    return _theme_cycle(locale_name())


@lru_cache(maxsize=16)
def _theme_cycle(locale: str) -> dict[str, tuple[str, str]]:
    # Per language: the labels are words of the page.
    return {theme.name: (str(theme.label), THEMES[(i + 1) % len(THEMES)].name)
            for i, theme in enumerate(THEMES)}


long_date = locale_formats.long_date
short_date = locale_formats.short_date


def first_upper(text: str) -> str:
    """The first letter in upper case, the rest as written: Jinja's capitalize lowers the rest
    ("Durch das ziel abgedeckt" for German's "durch das Ziel abgedeckt")."""
    if not isinstance(text, str):  # a lazy string; Markup stays Markup (it is a str)
        text = str(text)
    return text[:1].upper() + text[1:]


def register(app: Flask) -> None:
    """Install the context processor and filters."""
    for name in ("long_date", "short_date", "medium_date", "number", "grouped", "percent",
                 "decimal1", "day_month_year", "input_number"):
        app.jinja_env.filters[name] = getattr(locale_formats, name)
    # An input stops where the server's check does: typed past it, a field would only be
    # refused (the unit's said 40 where the check says 24).
    app.jinja_env.globals.update(NAME_MAX=NAME_MAX, DESCRIPTION_MAX=DESCRIPTION_MAX,
                                 NOTE_MAX=NOTE_MAX, UNIT_MAX=UNIT_MAX)
    # Content htmx swaps in is drawn as JavaScript leaves it (partials/chart.html).
    app.jinja_env.globals["is_htmx"] = is_htmx
    app.jinja_env.filters["reasons"] = stored_reasons
    app.jinja_env.filters["notification_text"] = notification_text
    # A subsystem's sentence translated before another filter turns it into plain text.
    app.jinja_env.filters["tr"] = translate
    app.jinja_env.filters["time_ago"] = time_ago
    app.jinja_env.filters["local_time"] = local_time
    app.jinja_env.filters["month_name"] = month_name
    app.jinja_env.filters["days"] = wording.days
    # A share as whole percent, 0.5 up as Insights and the health score round it (Jinja's
    # round sends 12.5 to 12: "Strength 12%" beside "strength 13" in the formula).
    app.jinja_env.filters["whole_percent"] = lambda share: half_up(100 * share)
    app.jinja_env.filters["first_upper"] = first_upper
    app.jinja_env.globals.update(url_for=remembered_url_for, wording=wording, themes=THEMES)

    @app.context_processor
    def _globals():
        today = user_today(current_user) if current_user.is_authenticated else None
        return {
            "theme_cycle": theme_cycle(),
            "theme": current_theme(),
            "user_today": today,
            "unread_count": _unread_count,
            "latest_notification_id": _latest_notification_id,
        }


def remembered_url_for(endpoint: str, **values) -> str:
    """url_for for the templates, remembered: the same endpoint and values always build the
    same path (for where the app is mounted), and a page asks for dozens of them (Today ~80)
    at ~10 µs each. External URLs, relative endpoints and unhashable values are built afresh."""
    if not has_request_context() or endpoint.startswith(".") or any(
        key.startswith("_") for key in values
    ):
        return url_for(endpoint, **values)
    try:
        return _remembered(request.script_root, endpoint, tuple(sorted(values.items())))
    except TypeError:  # an unhashable value
        return url_for(endpoint, **values)


@lru_cache(maxsize=4096)
def _remembered(root: str, endpoint: str, values: tuple) -> str:
    # A path depends only on the URL map and `root`, never on the user: safe to share between
    # requests (the app registers no url_defaults that could add per-request values).
    return url_for(endpoint, **dict(values))


def _notification_summary() -> tuple[int, int]:
    """(unread count, newest id), once per request (a route that changes them forgets it)."""
    if not current_user.is_authenticated:
        return 0, 0
    if "notification_summary" not in g:
        g.notification_summary = notifications.summary(current_user.id)
    return g.notification_summary


def _unread_count() -> int:
    return _notification_summary()[0]


def _latest_notification_id() -> int:
    """The newest notification the page already knows of; the poll asks only for newer ones."""
    return _notification_summary()[1]


def time_ago(moment: datetime) -> str:
    """'just now', '5 min ago', '2 h ago', '3 days ago', or the date for older ones."""
    now = clock.now_utc()
    seconds = (now.replace(tzinfo=None) - moment).total_seconds()
    if seconds < 60:
        return _("just now")
    # English abbreviates without a plural; a language that writes the word out may inflect.
    if seconds < 3600:
        return ngettext("%(num)d min ago", "%(num)d min ago", int(seconds // 60))
    if seconds < 86400:
        return ngettext("%(num)d h ago", "%(num)d h ago", int(seconds // 3600))
    # Days are the reader's calendar days, not blocks of 24 hours: 27 hours ago at 2 AM in
    # Kiritimati was the day before yesterday there.
    then = _local(moment).date()
    days = (_local(now.replace(tzinfo=None)).date() - then).days
    if days < 7:
        if days <= 1:
            return _("yesterday")
        return ngettext("%(num)d day ago", "%(num)d days ago", days)
    return locale_formats.day_month_year(then)


def local_time(moment: datetime) -> str:
    """A stored UTC time in the user's own timezone, on the reader's clock: 'Wed 25 Nov 2026,
    2:05 PM' in English, 'Mi., 25. Nov. 2026, 14:05' in German."""
    local = _local(moment)
    locale, glue = _clock(locale_name())
    # The time without its zone: it is already the user's own.
    clock_time = format_time(local.time(), "short", locale=locale)
    return glue.replace("{1}", locale_formats.medium_date(local.date())).replace(
        "{0}", clock_time)


@lru_cache(maxsize=16)
def _clock(name: str) -> tuple[Locale, str]:
    # CLDR's: the short time is 12-hour "2:05 PM" for "en" (Babel reads it as the US), 24-hour
    # "14:05" in German and French; a date and a time are joined "{1}, {0}" ("{1} {0}" in
    # Brazil).
    locale = Locale.parse(name)
    return locale, str(locale.datetime_formats["medium"])


def month_name(day: date) -> str:
    """The month of `day` named on its own: 'March'; 'März', 'mars' (CLDR's stand-alone
    form, which a month alone in a card takes)."""
    return _month_names(locale_name())[day.month - 1]


@lru_cache(maxsize=16)
def _month_names(name: str) -> tuple[str, ...]:
    wide = Locale.parse(name).months["stand-alone"]["wide"]
    return tuple(wide[month] for month in range(1, 13))


def _local(moment: datetime) -> datetime:
    zone = current_user.timezone if current_user.is_authenticated else "UTC"
    return moment.replace(tzinfo=UTC).astimezone(_zone(zone))


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")

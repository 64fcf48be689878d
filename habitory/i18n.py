"""Languages: Flask-Babel picks each request's locale; catalogues live in habitory/translations/.

Every user-facing string is written in English and wrapped: `_()` / `ngettext()` from
`flask_babel` in Python (`lazy_gettext` at import time, e.g. form labels), `{{ _('…') }}` in
templates; the pure subsystems write `stats.phrases.N_` sentences, translated here at render
time. A new language is a catalogue, not code: LANGUAGES lists every compiled one. Dates,
numbers and weekday names come from Babel's CLDR data through habitory/locale_formats.py.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, NamedTuple

from babel import Locale
from babel.numbers import format_decimal
from flask import Flask, request, session
from flask.globals import _cv_request
from flask_babel import Babel, force_locale, get_locale, get_translations
from flask_login import current_user
from markupsafe import escape

# CLOCK: locale_formats.clock_later's message id, read from here.
from habitory.account_language import chosen_language
from habitory.i18n_cldr import CLOCK as CLOCK
from habitory.i18n_cldr import four_digits_ungrouped, with_cldr_parts
from habitory.stats.phrases import USER, Msg, english_number

DEFAULT_LANGUAGE = "en"
TRANSLATIONS = Path(__file__).parent / "translations"


def _languages() -> dict[str, str]:
    """English and every language with a compiled catalogue, each named in itself (a user who
    cannot read the current language still finds their own): adding a language is adding its
    catalogue."""
    codes = sorted(p.parts[-3] for p in TRANSLATIONS.glob("*/LC_MESSAGES/messages.mo"))
    names = {}
    for code in (DEFAULT_LANGUAGE, *codes):
        name = Locale.parse(code).get_display_name(code) or code
        names[code] = name[:1].upper() + name[1:]
    return names


# The languages a user can choose (Settings) and that Accept-Language may pick.
LANGUAGE_NAMES = _languages()
LANGUAGES = tuple(LANGUAGE_NAMES)
# Accept-Language says "pt-BR" where Babel says "pt_BR", or just "pt" (lower case: tags are
# case-insensitive); a region Habitory has no catalogue for reads its language's ("pt-PT").
_ACCEPTED = {code.replace("_", "-").lower(): code for code in LANGUAGES}
for _code in LANGUAGES:
    _ACCEPTED.setdefault(_code.split("_")[0].lower(), _code)

babel = Babel()


# The signed-in user's choice, kept in their session cookie too: the pages drawn without the
# database (habitory/errors.py: the 503 when it is down) still know it. Written when they log
# in (with the form, or back through the remember-me cookie: habitory/sessions.py) or choose
# (remember_language), never by a page that merely reads it: a poll writing the cookie could
# overwrite one a page had just written (a flash, an import's token).
SESSION_LANGUAGE = "language"


def select_locale() -> str:
    """The signed-in user's choice when they made one, else the browser's best match. Drawn
    without the database (its user unread, as the 503 page is), the choice kept in the
    session."""
    if not request:
        return DEFAULT_LANGUAGE
    if getattr(current_user, "is_authenticated", False):
        chosen = getattr(current_user, "language", None)
        return chosen if chosen in LANGUAGES else browser_locale()
    kept = session.get(SESSION_LANGUAGE) if signed_in_session() else chosen_language()
    return kept if kept in LANGUAGES else browser_locale()


def remember_language(chosen: str | None) -> None:
    """Keep the user's language in their session (None: follow the browser)."""
    if session.get(SESSION_LANGUAGE) != chosen:  # an unchanged session is not sent again
        if chosen in LANGUAGES:
            session[SESSION_LANGUAGE] = chosen
        else:
            session.pop(SESSION_LANGUAGE, None)


def signed_in_session() -> bool:
    """The request's session cookie names a signed-in user (Flask-Login's `_user_id`): known
    without the database, which a page drawn while it is down must not ask."""
    return bool(request and session.get("_user_id"))


def browser_locale() -> str:
    """The first language of the request's Accept-Language that Habitory speaks, by the
    visitor's quality then order, a region read as its language (fr-CA is French); else
    English (and outside a request)."""
    if request:
        # Not Werkzeug's best_match: it prefers an exact "de;q=0.9" to the base language of
        # the visitor's first choice, "en-US", and so spoke German to an American.
        for tag, quality in request.accept_languages:
            if quality > 0:
                tag = tag.lower().replace("_", "-")
                found = _ACCEPTED.get(tag) or _ACCEPTED.get(tag.split("-")[0])
                if found:
                    return found
    return DEFAULT_LANGUAGE


def locale_name() -> str:
    """The request's locale as Babel names it ("de", "pt_BR"), worked out once per request (a
    page asks for it hundreds of times, and Babel builds the name afresh each time)."""
    context = _cv_request.get(None)
    name = getattr(context, "habitory_locale", None)
    if name is None:
        name = str(get_locale() or DEFAULT_LANGUAGE)
        if context is not None:
            # On the request context itself (as Flask-Babel keeps its locale): a LocalProxy
            # such as `g` costs a microsecond a look, and a page looks hundreds of times.
            context.habitory_locale = name
    return name


@lru_cache(maxsize=8192)
def _template_gettext(locale: str, message: str) -> str:
    # A catalogue never changes while the app runs: one lookup per message and language.
    return get_translations().ugettext(message)


@lru_cache(maxsize=8192)
def _template_ngettext(locale: str, singular: str, plural: str, n: int) -> str:
    return get_translations().ungettext(singular, plural, n)


def _jinja_gettext(message: str) -> str:
    locale = locale_name()
    return message if locale == DEFAULT_LANGUAGE else _template_gettext(locale, message)


def _jinja_ngettext(singular: str, plural: str, n: int) -> str:
    locale = locale_name()
    if locale == DEFAULT_LANGUAGE:
        return singular if n == 1 else plural
    return _template_ngettext(locale, singular, plural, n)


@lru_cache(maxsize=4096)
def decimal_text(locale: str, value: float | int) -> str:
    """A number in the locale's symbols ("0,835", "1.234,5" in German) with every digit it
    keeps and no float noise: 88.1 is "88,1", never "88,09999999999999"."""
    exact = Decimal(value) if isinstance(value, int) else Decimal(english_number(value))
    return four_digits_ungrouped(
        format_decimal(exact, locale=locale, decimal_quantization=False), value, locale)


# A word's abbreviation dot, then the sentence's own full stop: "seit Fr., 23. Okt..". CLDR
# abbreviates days and months with a dot in German, French and others, and a sentence may end
# on one; three dots (an ellipsis, a name's own) are left alone.
_DOUBLED_STOP = re.compile(r"(?<=[^\W\d_]\.)\.(?!\.)(?=\s|$)")


def _render(value: Msg, locale: str) -> str:
    value = with_cldr_parts(value, locale)  # days, times, counts: CLDR's
    text = value.render(partial(_template_gettext, locale), partial(_template_ngettext, locale),
                        partial(decimal_text, locale))
    return _DOUBLED_STOP.sub("", text) if ".." in text else text


def translate(value: Any) -> Any:
    """A subsystem's sentence (stats.phrases.Msg) in the reader's language; else unchanged.

    English is how the sentence was written: it is returned as it is, without a lookup.
    """
    if not isinstance(value, Msg):
        return value
    locale = locale_name()
    if locale == DEFAULT_LANGUAGE:
        return str(value)
    return _render(value, locale)


def in_language(value: Any, locale: str | None) -> Any:
    """A Msg in the given language, for words that leave without a page (a Web Push sent by
    the reminder job); anything else unchanged. An unknown language is English."""
    if not isinstance(value, Msg):
        return value
    if locale not in LANGUAGES or locale == DEFAULT_LANGUAGE:
        return str(value)
    with force_locale(locale):  # get_translations() reads the forced locale's catalogue
        return _render(value, locale)


def stored_text(data: str | None, fallback: str) -> str:
    """A sentence stored as Msg JSON, in the reader's language; the stored English otherwise
    (rows written before the sentences were stored as data)."""
    if not data:
        return fallback
    try:
        return translate(Msg.from_json(data))
    except (ValueError, KeyError, TypeError):
        return fallback


def register(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories="translations")
    # `<html lang>` wants BCP 47 ("pt-BR"), Babel names locales "pt_BR".
    app.jinja_env.globals["html_lang"] = lambda: locale_name().replace("_", "-")
    # A subsystem's sentence printed in a template reads in the reader's language.
    Msg.html = _msg_html
    # A page says a few hundred words: each looked up once per language, not once per use
    # (Flask-Babel's own callables find the request's catalogue on every call).
    app.jinja_env.install_gettext_callables(gettext=_jinja_gettext, ngettext=_jinja_ngettext,
                                            newstyle=True)

    @app.after_request
    def _vary(response):
        # Before a choice the browser's Accept-Language picks the words: caches keep apart.
        if response.mimetype == "text/html":
            response.vary.add("Accept-Language")
        return response


def _msg_html(value: Msg) -> str:
    return escape(translate(value))


def error_text(error: BaseException) -> str:
    """An exception's message (a domain error says it as a Msg) in the reader's language."""
    return translate(error.args[0]) if error.args else str(error)


def notification_text(notification) -> tuple[str, str]:
    """(title, body) of a stored notification in the reader's language."""
    data = getattr(notification, "message", None)
    if not data:
        return notification.title, notification.body
    return _notification_text(data, locale_name(), notification.title, notification.body)


@lru_cache(maxsize=2048)
def _notification_text(data: str, locale: str, title: str, body: str) -> tuple[str, str]:
    # A page lists up to fifty cards, read again on every visit: parsed once per language.
    try:
        parsed = json.loads(data)
        return (translate(Msg.from_data(parsed["title"])),
                translate(Msg.from_data(parsed["body"])))
    except (ValueError, KeyError, TypeError):
        return title, body


def stored_reasons(stored: str) -> list[str]:
    """A stored prediction's reasons, one a line, in the reader's language."""
    return [reason.said for reason in stored_reason_lines(stored)]


class StoredReason(NamedTuple):
    english: str  # the same words for the same fact, whoever reads: what groups reasons
    said: str  # in the reader's language
    about_user: bool  # true of all the user's habits at once (Msg.scope), not of one


def stored_reason_lines(stored: str) -> list[StoredReason]:
    """Each reason of a stored prediction: a line is Msg JSON, or for rows written before
    (and reasons too long for the column), the English text itself."""
    out = []
    for line in stored.splitlines():
        if line.startswith("{"):
            try:
                reason = Msg.from_json(line)
                out.append(StoredReason(str(reason), translate(reason),
                                        getattr(reason, "scope", None) == USER))
                continue
            except (ValueError, KeyError, TypeError):
                pass
        if line:
            out.append(StoredReason(line, line, False))
    return out

"""Languages: Flask-Babel picks each request's locale; catalogues live in habitory/translations/.

Every user-facing string is written in English and wrapped: `_()` / `ngettext()` from
`flask_babel` in Python (`lazy_gettext` at import time, e.g. form labels), `{{ _('…') }}` in
templates. A new language is a catalogue, not code.
"""

from __future__ import annotations

from flask import Flask, request
from flask_babel import Babel, get_locale
from flask_login import current_user

# The languages a user can choose (Settings) and that Accept-Language may pick.
LANGUAGES = ("en",)
DEFAULT_LANGUAGE = "en"

babel = Babel()


def select_locale() -> str:
    """The signed-in user's choice when they made one, else the browser's best match."""
    chosen = getattr(current_user, "language", None) if current_user else None
    if chosen in LANGUAGES:
        return chosen
    if request:
        return request.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def register(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories="translations")
    # `<html lang>` wants BCP 47 ("pt-BR"), Babel names locales "pt_BR".
    app.jinja_env.globals["html_lang"] = lambda: str(get_locale() or DEFAULT_LANGUAGE).replace(
        "_", "-")

"""POST /settings/language: the language of the pages and the first day of the week."""

from __future__ import annotations

from flask import flash
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..domain import accounts
from ..htmx import redirect_back
from ..i18n import remember_language, select_locale
from . import bp
from .forms import LanguageForm
from .routes import refused


@bp.post("/settings/language")
@login_required
def language():
    """Save the language and the week's first day; the next page is in the new language."""
    form = LanguageForm()
    if not form.validate_on_submit():
        return refused(language_form=form)
    user = current_user._get_current_object()
    accounts.save_locale(user, form.language.data, form.week_start.data)
    remember_language(user.language)  # for the pages drawn without the database
    # Said in the language just chosen (the browser's when it was set back to follow it).
    with force_locale(select_locale()):
        flash(_("Language and week saved."), "success")
    return redirect_back("settings.preferences")

"""GET|POST /settings and the theme switch."""

from __future__ import annotations

from flask import current_app, flash, make_response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..domain import accounts
from ..errors import error_response
from ..htmx import is_htmx, redirect_back
from ..templating import THEME_NAMES
from . import bp
from .forms import LanguageForm, NotificationSettingsForm, PreferencesForm

NOTIFY_FIELDS = ("notify_alerts", "notify_suggestions", "notify_milestones", "notify_reminders")


def _notification_form(formdata=None) -> NotificationSettingsForm:
    data = {name: getattr(current_user, name) for name in NOTIFY_FIELDS}
    data["missed_days"] = str(current_user.missed_days)
    if formdata is None:
        return NotificationSettingsForm(formdata=None, data=data)
    return NotificationSettingsForm()

ONE_YEAR = 60 * 60 * 24 * 365


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def preferences():
    """Timezone and the hour a day starts."""
    form = PreferencesForm(
        data={"timezone": current_user.timezone, "day_start_hour": str(current_user.day_start_hour)}
    )
    if request.method == "POST":
        if not form.validate_on_submit():
            return refused(form=form)
        accounts.save_preferences(current_user._get_current_object(), form.timezone.data,
                                  int(form.day_start_hour.data))
        flash(_("Settings saved."), "success")
        return redirect_back("settings.preferences")
    return settings_page(form=form)


def refused(**forms):
    """A settings form that was refused: the page with the form's messages at its fields, or
    for htmx the first message as a fragment (422)."""
    if is_htmx():
        form = next(iter(forms.values()))
        message = next((errors[0] for errors in form.errors.values() if errors), None)
        return error_response(422, _("Not saved"), str(message) if message else None)
    return settings_page(**forms), 422


def settings_page(**forms) -> str:
    """The Settings page; `forms` replace the ones the user left as they were (a form that
    was refused comes back with its messages)."""
    if "form" not in forms:
        forms["form"] = PreferencesForm(data={"timezone": current_user.timezone,
                                              "day_start_hour": str(current_user.day_start_hour)})
    forms.setdefault("notify_form", _notification_form())
    if "language_form" not in forms:
        forms["language_form"] = LanguageForm(
            formdata=None, data={"language": current_user.language or "",
                                 "week_start": current_user.week_start or ""})
    return render_template("settings/index.html", **forms)


@bp.post("/settings/notifications")
@login_required
def notifications():
    """Which notifications to create, and after how many missed days an alert comes."""
    form = _notification_form(request.form)
    if not form.validate_on_submit():
        return refused(notify_form=form)
    accounts.save_notification_settings(
        current_user._get_current_object(),
        {name: bool(getattr(form, name).data) for name in NOTIFY_FIELDS},
        int(form.missed_days.data))
    flash(_("Notification settings saved."), "success")
    return redirect_back("settings.preferences")


@bp.post("/settings/theme")
def theme():
    """Remember light, dark or system in a cookie, so the first paint is already right."""
    choice = request.form.get("theme")
    if choice not in THEME_NAMES:  # also none at all: not a reason to reset it to "system"
        return error_response(400, _("Theme not changed"),
                              _("Choose a theme: System, Dark or Light."))
    response = make_response("", 204) if is_htmx() else redirect_back("habits.dashboard")
    # Read by the page's script (no HttpOnly); Secure as every other cookie when set for HTTPS.
    response.set_cookie("theme", choice, max_age=ONE_YEAR, samesite="Lax", httponly=False,
                        secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
    return response

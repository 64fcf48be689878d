"""Settings forms."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectChoice, SelectField
from wtforms.validators import DataRequired, EqualTo, StopValidation, ValidationError

from ..account_fields import (
    canonical_email,
    email_validators,
    new_password_validators,
    timezone_choices,
)
from ..clock import is_valid_timezone
from ..i18n import LANGUAGE_NAMES
from ..locale_formats import WEEK_STARTS


def _hour_label(hour: int) -> str:
    if hour == 0:
        return _l("Midnight (default)")
    if hour == 12:
        return _l("Noon")
    if hour < 12:
        return _l("%(hour)s:00 AM", hour=hour)
    return _l("%(hour)s:00 PM", hour=hour - 12)


class Sent:
    """The field was in the posted form (blank may be a choice of its own). A form without it
    comes from no page of ours: refused, rather than read as the default (which would reset
    the setting) or as the current value (which would say "saved" over nothing)."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, form, field) -> None:
        if not field.raw_data:
            raise StopValidation(self.message)


class PreferencesForm(FlaskForm):
    timezone = SelectField(_l("Timezone"), choices=[], validate_choice=False,
                           validators=[Sent(_l("Choose a timezone from the list."))])
    day_start_hour = SelectField(
        _l("My day starts at"),
        choices=[SelectChoice(str(h), _hour_label(h)) for h in range(0, 12)],
        validate_choice=False, validators=[Sent(_l("Choose an hour from the list."))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.timezone.choices = timezone_choices()

    def validate_timezone(self, field) -> None:
        """Only real IANA zones."""
        if not is_valid_timezone(field.data or ""):
            raise ValidationError(_l("Choose a timezone from the list."))

    def validate_day_start_hour(self, field) -> None:
        """A day may start between midnight and 11 AM."""
        try:
            hour = int(field.data)
        except (TypeError, ValueError):
            raise ValidationError(_l("Choose an hour from the list.")) from None
        if not 0 <= hour <= 11:
            raise ValidationError(_l("Choose an hour between midnight and 11 AM."))


class NotificationSettingsForm(FlaskForm):
    notify_alerts = BooleanField(_l("Alerts: a habit missed, or slipping over the month"))
    notify_suggestions = BooleanField(_l("Suggestions: ideas grounded in your numbers"))
    notify_milestones = BooleanField(_l("Milestones: streaks of 7, 30, 100, 365 days; strength"))
    notify_reminders = BooleanField(_l("Reminders at the times set on each habit"))
    missed_days = SelectField(
        _l("Alert me after missing a habit"),
        choices=[SelectChoice(str(n), lazy_ngettext("%(num)d scheduled day in a row",
                                                    "%(num)d scheduled days in a row", n))
                 for n in range(1, 8)],
        validate_choice=False,
    )

    def validate_missed_days(self, field) -> None:
        """Between one and seven days."""
        if field.data not in {str(n) for n in range(1, 8)}:
            raise ValidationError(_l("Choose between 1 and 7 days."))


class PasswordChangeForm(FlaskForm):
    current = PasswordField(
        _l("Current password"), validators=[DataRequired(_l("Enter your current password."))]
    )
    password = PasswordField(
        _l("New password"), validators=new_password_validators(_l("Choose a new password."))
    )
    confirm = PasswordField(
        _l("Confirm new password"),
        validators=[DataRequired(_l("Type the new password again.")),
                    EqualTo("password", _l("The two passwords do not match."))],
    )
    # Off by default: a forgotten password is no reason to break the owner's scripts; after a
    # break-in, a token made with the stolen session would outlive the new password.
    revoke_tokens = BooleanField(_l("Also revoke my API tokens (scripts using them stop "
                                    "working until they get a new one)"))


class EmailChangeForm(FlaskForm):
    email = EmailField(
        _l("New email"),
        filters=[canonical_email],
        validators=email_validators(_l("Enter the new email address.")),
    )
    current = PasswordField(_l("Current password"),
                            validators=[DataRequired(_l("Enter your password."))])


class DeleteAccountForm(FlaskForm):
    current = PasswordField(_l("Your password"),
                            validators=[DataRequired(_l("Enter your password."))])


class LanguageForm(FlaskForm):
    """The language of the pages and the first day of the week; blank follows the browser and
    the language."""

    language = SelectField(_l("Language"), choices=[], validate_choice=False,
                           validators=[Sent(_l("Choose a language from the list."))])
    week_start = SelectField(_l("Weeks start on"), choices=[], validate_choice=False,
                             validators=[Sent(_l("Choose Monday, Sunday or Saturday."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = [SelectChoice("", _("Follow the browser")),
                                 *(SelectChoice(code, name)
                                   for code, name in LANGUAGE_NAMES.items())]
        self.week_start.choices = [
            SelectChoice("", _("As usual in my language")),
            SelectChoice("monday", _("Monday")), SelectChoice("sunday", _("Sunday")),
            SelectChoice("saturday", _("Saturday")),
        ]

    def validate_language(self, field) -> None:
        """One of the languages Habitory speaks, or blank."""
        if field.data and field.data not in LANGUAGE_NAMES:
            raise ValidationError(_("Choose a language from the list."))

    def validate_week_start(self, field) -> None:
        """Monday, Sunday or Saturday, or blank."""
        if field.data and field.data not in WEEK_STARTS:
            raise ValidationError(_("Choose Monday, Sunday or Saturday."))

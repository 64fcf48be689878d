"""Settings forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from ..auth.forms import normalise_email, timezone_choices
from ..clock import is_valid_timezone
from ..forms_text import Text


def _hour_label(hour: int) -> str:
    if hour == 0:
        return "Midnight (default)"
    return f"{hour}:00 AM" if hour < 12 else ("Noon" if hour == 12 else f"{hour - 12}:00 PM")


class PreferencesForm(FlaskForm):
    timezone = SelectField("Timezone", choices=[], validate_choice=False)
    day_start_hour = SelectField(
        "My day starts at",
        choices=[(str(h), _hour_label(h)) for h in range(0, 12)],
        validate_choice=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.timezone.choices = timezone_choices()

    def validate_timezone(self, field) -> None:
        """Only real IANA zones."""
        if not is_valid_timezone(field.data or ""):
            raise ValidationError("Choose a timezone from the list.")

    def validate_day_start_hour(self, field) -> None:
        """A day may start between midnight and 11 AM."""
        try:
            hour = int(field.data)
        except (TypeError, ValueError):
            raise ValidationError("Choose an hour from the list.") from None
        if not 0 <= hour <= 11:
            raise ValidationError("Choose an hour between midnight and 11 AM.")


class NotificationSettingsForm(FlaskForm):
    notify_alerts = BooleanField("Alerts: a habit missed, or slipping over the month")
    notify_suggestions = BooleanField("Suggestions: ideas grounded in your numbers")
    notify_milestones = BooleanField("Milestones: streaks of 7, 30, 100, 365 days; strength")
    notify_reminders = BooleanField("Reminders at the times set on each habit")
    missed_days = SelectField(
        "Alert me after missing a habit",
        choices=[(str(n), f"{n} scheduled day{'' if n == 1 else 's'} in a row") for n in
                 range(1, 8)],
        validate_choice=False,
    )

    def validate_missed_days(self, field) -> None:
        """Between one and seven days."""
        if field.data not in {str(n) for n in range(1, 8)}:
            raise ValidationError("Choose between 1 and 7 days.")


class PasswordChangeForm(FlaskForm):
    current = PasswordField(
        "Current password", validators=[DataRequired("Enter your current password.")]
    )
    password = PasswordField(
        "New password",
        validators=[DataRequired("Choose a new password."),
                    Length(min=8, max=200, message="Use at least 8 characters.")],
    )
    confirm = PasswordField(
        "Confirm new password",
        validators=[DataRequired("Type the new password again."),
                    EqualTo("password", "The two passwords do not match.")],
    )


class EmailChangeForm(FlaskForm):
    email = EmailField(
        "New email",
        filters=[normalise_email],
        validators=[Text(), DataRequired("Enter the new email address."),
                    Email("Enter a valid email address, like name@example.com.",
                          check_deliverability=False),
                    Length(max=254)],
    )
    current = PasswordField("Current password", validators=[DataRequired("Enter your password.")])


class DeleteAccountForm(FlaskForm):
    current = PasswordField("Your password", validators=[DataRequired("Enter your password.")])

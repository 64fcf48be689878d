"""The habit form's risk-aware reminder fields: remind only when today is likely a miss."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField

from habitory.domain.risk_reminders import DEFAULT_BELOW

BELOW_RANGE = (1, 99)  # 0 would never remind and 100 always: both are the other settings


class RiskReminderFields:
    """Mixed into HabitForm; check_risk() runs with the form's other cross-field checks."""

    remind_at_risk = BooleanField(_l("Only when I'm likely to miss it"))
    remind_below = StringField(_l("Likely to miss means a chance below (%)"),
                               default=str(DEFAULT_BELOW))

    def check_risk(self) -> bool:
        """remind_below is a whole percentage in BELOW_RANGE (blank: the default)."""
        raw = (self.remind_below.data or "").strip().rstrip("%").strip()
        self.below_value = DEFAULT_BELOW
        if not raw:
            return True
        try:
            value = int(raw)
        except ValueError:
            self.remind_below.errors = [*self.remind_below.errors, _(
                "The threshold must be a whole percentage, like 60.")]
            return False
        low, high = BELOW_RANGE
        if not low <= value <= high:
            self.remind_below.errors = [*self.remind_below.errors, _(
                "The threshold must be between %(low)d and %(high)d %%.", low=low, high=high)]
            return False
        self.below_value = value
        return True

    def load_risk(self, habit) -> None:
        self.remind_at_risk.data = bool(habit.remind_at_risk)
        self.remind_below.data = str(habit.remind_below)

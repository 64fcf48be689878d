"""GET /insights: how each habit is going, where the user slips, what helps."""

from __future__ import annotations

from datetime import timedelta

from flask import request
from flask_babel import lazy_gettext
from flask_login import current_user, login_required

from habitory.clock import user_today
from habitory.domain import history, predictions
from habitory.domain.habit_queries import habits_of
from habitory.htmx import page_or_fragment
from habitory.insights import bp
from habitory.insights.tomorrow import cards
from habitory.locale_formats import first_week_day
from habitory.stats.patterns import insights
from habitory.views.charts import page_charts

# (days, the tab's label, the label inside a sentence: "Due days met, all time").
PERIODS = {"30": (30, lazy_gettext("30 days"), lazy_gettext("30 days")),
           "90": (90, lazy_gettext("90 days"), lazy_gettext("90 days")),
           "365": (365, lazy_gettext("1 year"), lazy_gettext("1 year")),
           "all": (None, lazy_gettext("All time"), lazy_gettext("all time"))}
DEFAULT_PERIOD = "90"


def insights_for(user, period_days: int | None):
    """The user's active habits, their whole history (one query) and the statistics."""
    today = user_today(user)
    habits = habits_of(user.id)
    histories = history.histories(habits)
    names = {h.id: h.name for h in habits}
    return habits, insights(histories, names, today, period_days,
                            first_week_day(getattr(user, "week_start", None)))


@bp.get("/insights")
@login_required
def overview():
    """The Insights page; ?period=30|90|365|all swaps the period section."""
    period = request.args.get("period", DEFAULT_PERIOD)
    if period not in PERIODS:
        period = DEFAULT_PERIOD
    days, _label, label = PERIODS[period]
    habits, data = insights_for(current_user, days)
    colours = {h.id: h.colour or "teal" for h in habits}
    names = {h.id: h.name for h in habits}
    stored = predictions.stored(current_user.id, data.today + timedelta(days=1))
    tomorrow = cards(stored, names)
    # A habit with no chance for tomorrow is not due then (its weekdays, or its target for the
    # period already met), once the chances are fresh: said, rather than a card gone missing.
    not_due = ([h.name for h in habits if h.id not in stored]
               if stored and not current_user.predictions_stale else [])
    return page_or_fragment(
        "insights/index.html", "partials/insights_period.html",
        data=data, charts=page_charts(data, colours), period=period, period_label=label,
        periods=PERIODS, colours=colours, predictions=tomorrow.items, shared=tomorrow.shared,
        not_due=not_due,
    )

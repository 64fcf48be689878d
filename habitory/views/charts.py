"""Chart specifications (plain data, JSON for charts.js) with a table fallback each.

Titles, labels and table headers are in the reader's language here, before the JSON is
written: charts.js only draws what it is given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from flask_babel import gettext as _
from flask_babel import ngettext

from habitory.locale_formats import (
    day_month,
    day_month_year,
    month_year,
    percent,
    percent_affixes,
    user_first_day,
    weekday_names,
)
from habitory.stats.patterns import Insights


@dataclass
class Chart:
    """One chart: what charts.js draws and what the table shows instead. A rate with nothing
    due is null in the data (no bar, as its table says "–"), never a 0 % that reads as misses:
    a week of holiday skips, weeks before the habit, a habit begun today."""

    id: str
    title: str
    type: str
    labels: list[str]
    datasets: list[dict]
    unit: str = ""
    horizontal: bool = False
    columns: list[str] = field(default_factory=list)  # the table's header
    rows: list[list[str]] = field(default_factory=list)  # time series: the newest first
    partial_last: bool = False  # the last point is a period still under way (drawn dashed)
    note: str = ""  # a line under the chart
    wide: bool = False  # spans both columns of the page's grid
    # Rows after `rows`, under a heading row of their own: the rest of a long series, sparser.
    older_heading: str = ""
    older_rows: list[list[str]] = field(default_factory=list)

    def spec(self) -> dict:
        return {"type": self.type, "labels": self.labels, "datasets": self.datasets,
                "unit": self.unit, "horizontal": self.horizontal,
                "partialLast": self.partial_last,
                **({"percent": percent_affixes()} if self.unit == "%" else {})}


def _pct(value) -> str:
    return "–" if value is None else percent(value)


def page_charts(data: Insights, colours: dict[int, str]) -> list[Chart]:
    """The overview charts: per habit, per month, per week, per weekday."""
    if not data.habits or data.charts is None:
        return []
    habits = data.habits
    # "Done" is what the user did (completions, as the months count them); the rate is
    # successes / due days as on the habit page, which a day covered by the target (3 times a
    # week) meets without a tick: "Met", so that 9 ticks are not read as 22 days done.
    start, end = data.period_start.toordinal(), data.today.toordinal()
    per_habit = Chart(
        "chart-habits", _("Completion rate per habit"), "bar",
        [h.name for h in habits],
        [{"label": _("Completion rate"), "data": [h.rate_period.percent for h in habits],
          "colours": [colours.get(h.habit_id, "teal") for h in habits]}],
        unit="%", horizontal=True, wide=True,
        columns=[_("Habit"), _("Done"), _("Met"), _("Due days"), _("Rate")],
        rows=[[h.name, str(h.days.count("completed", start, end)), str(h.rate_period.successes),
               str(h.rate_period.due), _pct(h.rate_period.percent)] for h in habits],
        note=_("Done: the days you did it. Met: the due days that count toward the rate, as on "
               "each habit's page; a day covered by the target counts without a tick."),
    )
    # The tables list the newest first: without JavaScript they are what a reader sees, and
    # a scrolling box would otherwise open on the oldest, emptiest months.
    months = data.charts.monthly
    # This month so far: its total is still growing, so it is marked as partial, not a drop.
    partial = bool(months) and (data.today + timedelta(days=1)).month == data.today.month
    so_far = " " + _("(so far)")
    month_labels = [month_year(m.month) for m in months]
    month_names = [month_year(m.month, wide=True) for m in months]
    if partial:
        month_labels[-1] += so_far
        month_names[-1] += so_far
    monthly = Chart(
        "chart-months", _("Completions per month, last 12 months"), "line",
        month_labels,
        [{"label": _("Completions"), "data": [m.completions for m in months], "colour": "blue",
          "fill": True}],
        columns=[_("Month"), _("Completions"), _("Rate")],
        rows=[[name, str(m.completions), _pct(m.rate.percent)]
              for name, m in zip(month_names, months, strict=True)][::-1],
        partial_last=partial,
        note=ngettext("The dashed end is this month so far: its first day.",
                      "The dashed end is this month so far: its first %(num)s days.",
                      data.today.day) if partial else "",
    )
    weeks = data.charts.weekly
    weekly = Chart(
        "chart-weeks", _("Weekly consistency: share of due habit-days met"), "bar",
        [day_month(w.week_start) for w in weeks],
        [{"label": _("Met"), "data": [w.rate.percent for w in weeks], "colour": "teal"}],
        unit="%", columns=[_("Week of"), _("Met"), _("Due"), _("Rate")],
        rows=[[day_month_year(w.week_start), str(w.successes), str(w.due),
               _pct(w.rate.percent)] for w in weeks][::-1],
    )
    # The weekday chart starts on the user's first day of the week.
    first, names = user_first_day(), weekday_names()
    order = [(first + i) % 7 for i in range(7)]
    weekdays = data.charts.weekdays
    per_weekday = Chart(
        "chart-weekdays", _("Completion rate by weekday"), "bar", [names[i] for i in order],
        [{"label": _("Rate"), "data": [weekdays[i].percent for i in order],
          "colour": "violet"}],
        unit="%", columns=[_("Weekday"), _("Met"), _("Due"), _("Rate")],
        rows=[[names[i], str(weekdays[i].successes), str(weekdays[i].due),
               _pct(weekdays[i].percent)] for i in order],
    )
    # The moving rates sit between the weekly and the weekday charts: two series over time.
    return [per_habit, monthly, weekly, moving_chart(data), per_weekday]


def moving_chart(data: Insights) -> Chart:
    """The pooled 7- and 30-day moving completion rates over the period; its table gives the
    whole percents of the page's other rates, so its newest row is the headline's."""
    rolling = data.charts.rolling
    days = rolling.days
    rows = [[day_month_year(day), _pct(seven.percent), _pct(thirty.percent)] for day, seven, thirty
            in zip(days, rolling.rates(7), rolling.rates(30), strict=True)][::-1]
    # As the strength table: the last 30 points, then one row a week (points are 1 or 7 days
    # apart), so a year stays a table one can read.
    older = rows[30 + (-30 * rolling.step % 7) // rolling.step::7 // rolling.step]
    note = _("Each point is the share of due habit-days met in the 7 or 30 days up to that day.")
    if rolling.step > 1:
        note = _("Each point is the share of due habit-days met in the 7 or 30 days up to that "
                 "day, one point a week.")
    return Chart(
        # Over a year of weekly points, a day and month alone would name two days.
        "chart-moving", _("Moving completion rate"), "line",
        [(day_month_year if rolling.step > 1 else day_month)(day) for day in days],
        [{"label": _("Last 7 days"), "data": rolling.rolling_7, "colour": "teal"},
         {"label": _("Last 30 days"), "data": rolling.rolling_30, "colour": "blue"}],
        unit="%", columns=[_("Day"), _("Last 7 days"), _("Last 30 days")],
        rows=rows[:30], older_heading=_("Earlier: one row a week") if older else "",
        older_rows=older, note=note,
    )


def strength_chart(series: list[tuple], colour: str) -> Chart:
    """A habit's strength over time (one point a week past a year). Its table lists the last
    30 points, then one row a week (on today's weekday) back to the habit's first week."""
    step = 7 if len(series) > 400 else 1
    newest = series[::-1]
    points = newest[::step][::-1]
    recent = 30 * step  # the days the table's first rows cover, counted back from today
    older = newest[recent + (-recent % 7)::7]
    return Chart(
        "chart-strength", _("Strength over time"), "line",
        [day_month_year(day) for day, _score in points],
        [{"label": _("Strength"), "data": [round(score * 100, 1) for _day, score in points],
          "colour": colour, "fill": True}],
        unit="%", columns=[_("Day"), _("Strength")],
        rows=[[day_month_year(day), _pct(round(score * 100, 1))]
              for day, score in points[-30:]][::-1],
        older_heading=_("Earlier: one row a week") if older else "",
        older_rows=[[day_month_year(day), _pct(round(score * 100, 1))] for day, score in older],
    )

"""A habit's strength chart over any range: day by day for a year, past that Loop's score on
sampled days (one a week, or one a month past five years), so a decade of Loop history stays
a light chart with a table one can read. Samples, not averages: each point is the score the
habit had on that very day, as on the 1-year chart. A calendar year's chart is drawn day by day,
and its table lists each of those days."""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import gettext as _

from habitory.locale_formats import day_month_year, percent
from habitory.views.charts import Chart, strength_chart

DAILY_UP_TO = 400  # days between the first and the last point: drawn day by day
WEEKLY_UP_TO = 1900  # ~5.2 years: at most 272 weekly points; longer, one point a month


def months_before(day: date, months: int) -> date:
    """The same day of the month `months` earlier, or that month's last day (31 Mar -> 28 Feb)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    first_of_next = date(year + (month == 11), (month + 1) % 12 + 1, 1)
    return date(year, month + 1, min(day.day, (first_of_next - timedelta(days=1)).day))


def sample_days(start: date, end: date) -> tuple[list[date], str]:
    """The days a range's points fall on and their spacing ("day", "week", "month"): every 7th
    day back from `end` (on its weekday), or its day of the month; and always `start`, so an
    "All time" chart begins on the habit's first day."""
    span = (end - start).days
    if span <= DAILY_UP_TO:
        return [start + timedelta(days=d) for d in range(span + 1)], "day"
    if span <= WEEKLY_UP_TO:
        back = [end - timedelta(days=d) for d in range(0, span, 7)]
        return [start, *back[::-1]], "week"
    back, months = [], 0
    while (day := months_before(end, months)) > start:
        back.append(day)
        months += 1
    return [start, *back[::-1]], "month"


def range_strength_chart(series: list[tuple[date, float]], colour: str,
                         year: int | None = None) -> Chart:
    """The chart for a daily series from the range's first day to its last: as it always was
    up to a year; sampled past that, its table listing every point, the newest first. For a
    calendar `year`, that year's days."""
    if year is not None:
        return year_strength_chart(series, colour, year)
    days, step = sample_days(series[0][0], series[-1][0])
    if step == "day":
        return strength_chart(series, colour)
    first = series[0][0].toordinal()
    points = [(day, round(series[day.toordinal() - first][1] * 100, 1)) for day in days]
    note = (_("Each point is the strength on that day, one point a week.") if step == "week"
            else _("Each point is the strength on that day, one point a month."))
    return Chart(
        "chart-strength", _("Strength over time"), "line",
        [day_month_year(day) for day, _score in points],
        [{"label": _("Strength"), "data": [score for _day, score in points],
          "colour": colour, "fill": True}],
        unit="%", columns=[_("Day"), _("Strength")],
        rows=[[day_month_year(day), percent(score)] for day, score in points][::-1],
        note=note,
    )


def year_strength_chart(series: list[tuple[date, float]], colour: str, year: int) -> Chart:
    """One calendar year, day by day as its calendar is. Its table lists the very points the
    chart draws, the newest first: a past year has no "last 30 days" to single out, and the
    reader who chose it asked for its every day."""
    points = [(day, round(score * 100, 1)) for day, score in series]
    return Chart(
        "chart-strength", _("Strength in %(year)s", year=year), "line",
        [day_month_year(day) for day, _score in points],
        [{"label": _("Strength"), "data": [score for _day, score in points],
          "colour": colour, "fill": True}],
        unit="%", columns=[_("Day"), _("Strength")],
        rows=[[day_month_year(day), percent(score)] for day, score in points][::-1],
    )

"""GET /calendar: the year heatmap of all habits."""

from __future__ import annotations

from flask import request
from flask_login import current_user, login_required

from habitory.domain import habits as habit_store
from habitory.locale_formats import user_first_day
from habitory.views.heatmap import overall_year, years_since
from habitory.views.year_numbers import year_numbers

from ..clock import user_today
from ..htmx import page_or_fragment
from . import bp


@bp.get("/calendar")
@login_required
def year_view():
    """The year heatmap for all habits, with a year switcher back to the first check-in."""
    today = user_today(current_user)
    first = habit_store.first_start(current_user.id)
    years = years_since(first, today)
    year = request.args.get("year", type=int) or today.year
    if year not in years:
        year = min(max(year, years[-1]), years[0])
    grid = overall_year(current_user.id, year, today, user_first_day())
    return page_or_fragment(
        "calendar/year.html", "partials/calendar_year.html", grid=grid, years=years, year=year,
        today=today, numbers=year_numbers(grid), has_habits=first is not None,
    )



"""A habit page's view state: what its query asks the page to show besides the habit (the
calendar's year, the strength chart's range), read in one place, and every link or form that
changes one part of it built here, keeping the rest. The page, the fragment that redraws its
sections after a tick (/summary, whose own address is no page) and a browser without
JavaScript then all link the same view. A form on the page posts its view back as `next`
(the page with its query), so the page drawn again for a refused form keeps it too."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import parse_qsl, urlsplit

from flask import request, url_for
from werkzeug.datastructures import MultiDict

from habitory.habits.strength_range import is_range
from habitory.htmx import safe_next
from habitory.models import Habit
from habitory.views.heatmap import years_since

# The query parameters the habit page understands, in the order its links write them.
PARAMS = ("year", "strength")


@dataclass(frozen=True)
class HabitPageView:
    habit_id: int
    year: int  # the calendar's year shown
    years: list[int]  # the years it can show, newest first
    chosen: dict[str, int | str]  # what the query asked for and the page understood

    @property
    def strength(self) -> str | None:
        """The strength chart's range as asked (None: the default)."""
        return self.chosen.get("strength")

    def url(self, _anchor: str | None = None, **changes: int | str | None) -> str:
        """The habit page with this view, but for `changes` (None: back to that default)."""
        unknown = set(changes) - set(PARAMS)
        if unknown:  # a typo in a template would otherwise drop the view silently
            raise TypeError(f"not a habit page parameter: {', '.join(sorted(unknown))}")
        wanted = {**self.chosen, **changes}
        query = {key: wanted[key] for key in PARAMS if wanted.get(key) is not None}
        return url_for("habits.detail", habit_id=self.habit_id, _anchor=_anchor, **query)

    def summary_url(self) -> str:
        """The fragment that redraws the page's sections: drawn for this same view."""
        return url_for("habits.summary", habit_id=self.habit_id, **self.chosen)


def read_view(habit: Habit, until: date) -> HabitPageView:
    """The view the request asks for: its query, or a form's `next` (posted_view) when the
    page answers a form posted from it (a refused day). What the page cannot show is dropped
    (an unknown range) or brought within reach (a year before the habit began: its first
    year), so the links built from it carry only what the page understood."""
    years = years_since(habit.created_on, until)
    asked = posted_view(habit.id) if request.method == "POST" else request.args
    asked_year = asked.get("year", type=int)
    year = min(max(asked_year or until.year, years[-1]), years[0])
    chosen: dict[str, int | str] = {}
    if asked_year:
        chosen["year"] = year
    strength = asked.get("strength")
    if is_range(strength):
        chosen["strength"] = strength
    return HabitPageView(habit.id, year, years, chosen)


def posted_view(habit_id: int) -> MultiDict:
    """The query of the page a form was posted from, read from its `next`: only a same-site
    address of this habit's own page counts (anything else asks for the default view), and
    read_view then keeps only what it understands of it."""
    target = safe_next(request.form.get("next"))
    parts = urlsplit(target) if target else None
    if parts is None or parts.path != url_for("habits.detail", habit_id=habit_id):
        return MultiDict()
    return MultiDict(parse_qsl(parts.query))

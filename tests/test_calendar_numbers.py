"""The Calendar's year in numbers: days with everything done, the best month, the longest run
of full days; computed from the year's cells and shown under the heatmap."""

from __future__ import annotations

import re
from datetime import date, timedelta

from habitory.views.heatmap import Cell, _assemble, grid_days
from habitory.views.year_numbers import year_numbers

from .conftest import TODAY
from .page_text import without_tokens


def grid(counts: dict[date, tuple[int, int]], year: int = 2026, today: date = TODAY):
    """A year grid whose cells have (done, due) from `counts`, nothing due elsewhere."""
    cells = []
    for day in grid_days(year):
        done, due = counts.get(day, (0, 0))
        cells.append(Cell(day, day.year == year, day > today, done=done, due=due))
    return _assemble(year, cells)


def days(first: date, count: int) -> list[date]:
    return [first + timedelta(days=i) for i in range(count)]


def test_full_days_are_counted_out_of_the_days_something_was_due():
    counts = {day: (2, 2) for day in days(date(2026, 3, 1), 5)}
    counts[date(2026, 3, 6)] = (1, 2)
    counts[date(2026, 4, 1)] = (3, 3)
    numbers = year_numbers(grid(counts))
    assert (numbers.perfect_days, numbers.due_days) == (6, 7)


def test_the_longest_run_is_the_longest_stretch_of_full_days_with_its_dates():
    counts = {day: (1, 1) for day in days(date(2026, 2, 1), 3)}
    counts |= {day: (2, 2) for day in days(date(2026, 5, 10), 6)}
    counts[date(2026, 5, 16)] = (0, 2)  # breaks it
    counts |= {day: (1, 1) for day in days(date(2026, 5, 17), 4)}
    run = year_numbers(grid(counts)).longest_run
    assert (run.length, run.start, run.end) == (6, date(2026, 5, 10), date(2026, 5, 15))


def test_a_day_with_nothing_due_neither_counts_nor_breaks_a_run():
    counts = {date(2026, 6, 1): (1, 1), date(2026, 6, 3): (1, 1), date(2026, 6, 4): (1, 1)}
    numbers = year_numbers(grid(counts))  # 2 June: nothing due (a Mon/Wed/Fri habit...)
    assert numbers.due_days == 3
    assert (numbers.longest_run.length, numbers.longest_run.start) == (3, date(2026, 6, 1))


def test_the_best_month_has_the_highest_share_of_habit_days_done():
    counts = {day: (3, 4) for day in days(date(2026, 1, 1), 31)}  # 75%, the most done
    counts |= {day: (1, 1) for day in days(date(2026, 2, 1), 10)}  # 100%: the best
    counts |= {day: (0, 1) for day in days(date(2026, 3, 1), 31)}
    best = year_numbers(grid(counts)).best_month
    assert (best.first, best.done, best.due, best.percent) == (date(2026, 2, 1), 10, 10, 100)


def test_more_than_a_week_with_nothing_due_ends_a_run():
    counts = {day: (1, 1) for day in days(date(2026, 2, 1), 3)}
    counts |= {day: (1, 1) for day in days(date(2026, 2, 10), 2)}  # 6 days with nothing due
    counts |= {day: (1, 1) for day in days(date(2026, 2, 20), 2)}  # 7 days: a new run
    run = year_numbers(grid(counts)).longest_run
    assert (run.length, run.start, run.end) == (5, date(2026, 2, 1), date(2026, 2, 11))


def test_future_days_and_the_neighbouring_years_days_do_not_count():
    counts = {date(2025, 12, 31): (1, 1), date(2027, 1, 1): (1, 1),
              TODAY + timedelta(days=1): (1, 1), TODAY: (1, 1)}
    numbers = year_numbers(grid(counts))
    assert (numbers.perfect_days, numbers.due_days) == (1, 1)


def test_a_year_with_nothing_due_has_no_month_and_no_run():
    numbers = year_numbers(grid({}))
    assert (numbers.perfect_days, numbers.due_days) == (0, 0)
    assert numbers.best_month is None and numbers.longest_run is None


def test_the_calendar_shows_the_numbers_of_its_own_user_only(client, user, auth, make_habit):
    start = TODAY - timedelta(days=9)
    make_habit(user, "Read", created=start, done=days(start, 10))  # 10 full days to today
    make_habit(user, "Run", created=start, done=days(start, 4) + days(start + timedelta(6), 4))
    html = client.get("/calendar?year=2026").get_data(as_text=True)
    numbers = html.split("data-year-numbers", 1)[1]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", numbers))
    assert "Days with everything done 8 of 10" in text
    assert "Best month November" in text and "90% of due habit-days met (18 of 20)" in text
    assert "Longest run of full days 4 days" in text
    assert "Mon 16 Nov – Thu 19 Nov" in text  # the first of two runs of 4
    # Another user sees none of it.
    client.post("/logout")
    auth.register(email="bob@example.com")
    other = without_tokens(client.get("/calendar?year=2026").get_data(as_text=True))
    assert "data-year-numbers" not in other and "Nov" not in other
    # A user with no habit is shown the way forward instead of an empty year.
    assert "No habits yet." in other and "Add your first habit" in other


def test_the_year_is_said_once_and_the_wording_holds_in_both_themes(client, user, make_habit):
    make_habit(user, "Read", done=[TODAY])
    html = client.get("/calendar?year=2026").get_data(as_text=True)
    main = html.split('<main', 1)[1]
    visible = re.sub(r'<[^>]*class="sr-only"[^>]*>[^<]*<', "<", main)
    assert len(re.findall(r">\s*2026\s*<", visible)) == 1  # the year's pill
    assert "darker" not in html  # dark theme brightens: the words say "how many", not a shade


def test_flexible_and_quit_habits_do_not_keep_a_day_from_being_complete(client, user,
                                                                         make_habit):
    """A "3× a week" habit done three times a week, or a quit habit kept clean, leaves every
    day of a daily habit done complete: neither is expected on each day."""
    start = TODAY - timedelta(days=13)
    make_habit(user, "Read", created=start, done=days(start, 14))
    make_habit(user, "Gym", created=start, freq_num=3, freq_den=7,
               done=[start, start + timedelta(2), start + timedelta(4), start + timedelta(7)])
    make_habit(user, "Smoking", created=start, kind="quit")
    html = client.get("/calendar?year=2026").get_data(as_text=True)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.split("data-year-numbers", 1)[1]))
    assert "Days with everything done 14 of 14" in text
    assert "Longest run of full days 14 days" in text
    # A weekday habit is needed on its days: a Monday without it is not complete.
    make_habit(user, "Piano", created=start, weekdays=1)  # Mondays, never done
    html = client.get("/calendar?year=2026").get_data(as_text=True)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.split("data-year-numbers", 1)[1]))
    mondays = sum(1 for day in days(start, 14) if day.weekday() == 0)
    assert f"Days with everything done {14 - mondays} of 14" in text

"""A habit page says how its streak and counts are counted where Loop's streak and the rates
part: a limit, a target per period, a goal a few times a week. A daily habit says nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from .conftest import TODAY

CASES = {
    "at most": ({"kind": "measurable", "direction": "at_most", "target": 2.0},
                "A streak counts the days with an amount logged within the limit"),
    "per week": ({"kind": "measurable", "direction": "at_least", "target": 20.0,
                  "freq_num": 1, "freq_den": 7},
                 "the rates judge the total of each 7 days"),
    "3 a week": ({"freq_num": 3, "freq_den": 7},
                 "“Days done” counts the days you ticked; the streak and the rates also count"),
}


@pytest.mark.parametrize("case", CASES)
def test_the_note_says_how_this_habit_is_counted(client, user, make_habit, case):
    columns, words = CASES[case]
    habit = make_habit(user, "Kept", created=TODAY - timedelta(days=30), **columns)
    html = client.get(f"/habits/{habit.id}").get_data(as_text=True)
    assert words in html.replace("&#34;", '"')
    assert sum(note in html for _, note in CASES.values()) == 1  # its own, no other


@pytest.mark.parametrize("columns", [{}, {"kind": "quit"}, {"weekdays": 0b10101},
                                     {"kind": "measurable", "target": 8.0}],
                         ids=["daily", "quit", "weekdays", "daily amount"])
def test_habits_whose_streak_and_rates_agree_say_nothing(client, user, make_habit, columns):
    habit = make_habit(user, "Plain", **columns)
    html = client.get(f"/habits/{habit.id}").get_data(as_text=True)
    assert not any(note in html for _, note in CASES.values())
    assert "as Loop counts it" not in html and "as Loop does" not in html


@pytest.mark.parametrize(("columns", "plan"), [
    ({"freq_num": 1, "freq_den": 7}, "at most 3 cups a week"),
    ({"freq_num": 1, "freq_den": 30}, "at most 3 cups a month"),
    ({"freq_num": 1, "freq_den": 10}, "at most 3 cups in 10 days"),
    ({}, "Every day · at most 3 cups a day"),
])
def test_a_target_says_the_period_it_is_judged_over(client, user, make_habit, columns, plan):
    habit = make_habit(user, "Coffee", kind="measurable", direction="at_most", target=3.0,
                       unit="cups", **columns)
    page = client.get(f"/habits/{habit.id}").get_data(as_text=True)
    assert plan in page
    today = client.get("/").get_data(as_text=True)
    shown = plan.removesuffix(" a day")  # Today: "Every day · at most 3 cups"
    assert f"<span>{shown}</span>" in today
    if columns:
        assert "Once a week" not in page.split("<h1")[1].split("</header>")[0]


def test_one_due_day_is_said_in_the_singular(client, user, make_habit):
    habit = make_habit(user, "Floss", done=[TODAY])
    page = client.get(f"/habits/{habit.id}").get_data(as_text=True)
    assert "1 of 1 due day<" in page and "1 of 1 due days" not in page
    insights = client.get("/insights").get_data(as_text=True)
    assert "1 of 1 due days" not in insights

"""A Loop veteran's three habits, each made in Habitory on the day of its first tick: every
page gives Loop's streaks, which hold the automatic checkmarks Loop slides back before that
first tick, and the habit's calendar shows those days as covered by the target (today is
7 Dec 2026). Loop: a weekly habit ticked 14, 19 and 29 Nov covers 12 and 13 Nov (best streak
12-25 Nov, 14 days); 5 in 30 days from 25 Oct covers 15 Oct on (current streak 54); every 3
days from 20 Nov covers 18 Nov on (current streak 20)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from .api_support import bearer

NOV = [date(2026, 11, d) for d in range(1, 31)]
CASES = {
    "weekly": dict(ticks=[NOV[13], NOV[18], NOV[28]], freq_num=1, freq_den=7, current=0,
                   best=14, best_span="Thu 12 Nov 2026 – Wed 25 Nov 2026",
                   covered=["Thu 12 Nov 2026", "Fri 13 Nov 2026"], before="Wed 11 Nov 2026"),
    "5 in 30 days": dict(
        ticks=[date(2026, 10, 25), date(2026, 10, 29), *(NOV[d - 1] for d in (2, 10, 14, 20, 28)),
               date(2026, 12, 1), date(2026, 12, 5)],
        freq_num=5, freq_den=30, current=54, best=54,
        best_span="Thu 15 Oct 2026 – Mon 7 Dec 2026",
        covered=[f"{w} {d} Oct 2026" for w, d in zip(
            ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
            range(15, 25), strict=True)],
        before="Wed 14 Oct 2026"),
    "every 3 days": dict(
        ticks=[*(NOV[d - 1] for d in (20, 23, 26, 27, 30)),
               *(date(2026, 12, d) for d in (3, 6, 7))],
        freq_num=1, freq_den=3, current=20, best=20,
        best_span="Wed 18 Nov 2026 – Mon 7 Dec 2026",
        covered=["Wed 18 Nov 2026", "Thu 19 Nov 2026"], before="Tue 17 Nov 2026"),
}


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("name", CASES)
def test_every_page_counts_the_days_loop_slides_back(client, user, make_habit, frozen_now,
                                                      name):
    case = CASES[name]
    frozen_now(2026, 12, 7, 12, 0)
    ticks = case["ticks"]
    habit = make_habit(user, "Swim", created=ticks[0], done=ticks,
                       freq_num=case["freq_num"], freq_den=case["freq_den"])
    current, best = case["current"], case["best"]

    page = client.get(f"/habits/{habit.id}").get_data(as_text=True)
    numbers = re.search(r"Current streak ([\d,]+) days? Best streak ([\d,]+)", text_of(page))
    assert (int(numbers.group(1)), int(numbers.group(2))) == (current, best)
    section = re.search(r'<section id="habit-best".*?</section>', page, re.S).group(0)
    longest = max(re.findall(r"<span>(.*?)</span><strong>(\d+) days</strong>", section),
                  key=lambda s: int(s[1]))
    assert longest == (case["best_span"], str(best))
    # The calendar shows the days the streak holds before the first tick as covered.
    for day in case["covered"]:
        assert f'aria-label="{day}: covered by the target"' in page, day
    assert f'aria-label="{case["before"]}: no entry"' in page

    today = client.get("/").get_data(as_text=True)
    row = re.search(rf'id="streak-{habit.id}"[^>]*>([\d,]*)</span>', today).group(1)
    assert int(row or 0) == current

    insights = client.get("/insights").get_data(as_text=True)
    cells = re.search(rf'href="/habits/{habit.id}"[^>]*>.*?</tr>', insights, re.S).group(0)
    streak = text_of(re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S)[5])
    found = re.match(r"\s*(\d+)(?:\s+\(best (\d+)\))?", streak)
    assert (int(found.group(1)), int(found.group(2) or found.group(1))) == (current, best)

    # The Calendar's counts, as the rates, start at the habit's creation.
    calendar = text_of(client.get("/calendar?year=2026").get_data(as_text=True))
    for day in case["covered"]:
        assert not re.search(rf"{day.split(' ', 1)[1]}: \d+ habits? done", calendar), day

    stats = client.get(f"/api/v1/habits/{habit.id}/stats", headers=bearer(user.id)).get_json()
    assert (stats["current_streak"], stats["best_streak"]) == (current, best)

"""An "at most" habit (Vaping, at most 80 a day) is kept on a day with nothing logged: nothing
was over the limit. Strength counts it so (Loop's score reads no value as 0), the rules do,
and so do the rates everywhere they are shown: the habit page's "Last 7/30/90 days" and "All
time", Insights' table, its health score and advice, the API's /stats and the Calendar's
"done out of". A period target ("at most 10 a week") likewise: a week with nothing logged is
within it. Streaks stay Loop's, which count only entries."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import CheckIn

from .api_support import bearer
from .conftest import TODAY

OVER, UNDER = 100.0, 50.0


def _text(body: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]*>", " ", body)))


def _log(habit, amounts: dict[int, float]) -> None:
    """An amount on each of these days back from today; the other days have nothing."""
    db.session.execute(sa.insert(CheckIn), [
        {"habit_id": habit.id, "day": TODAY - timedelta(days=back), "state": "done",
         "amount": amount} for back, amount in amounts.items()])
    db.session.commit()


def _page(client, habit_id: int) -> dict:
    """The habit page's rates as (percent, successes, due days), with its key numbers."""
    text = _text(client.get(f"/habits/{habit_id}").get_data(as_text=True))
    rates = {label: (int(pct), int(done), int(due)) for label, pct, done, due in re.findall(
        r"(Last 7 days|Last 30 days|Last 90 days|All time) (\d+)% (\d+) of (\d+) due days", text)}
    key = re.search(r"Current streak (\d+) days? Best streak (\d+) days? Strength (\d+)%", text)
    health = re.search(r"Health score (\d+) / 100", text)
    return {"rates": rates, "current": int(key[1]), "best": int(key[2]),
            "strength": int(key[3]), "health": int(health[1])}


def _insights(client, name: str) -> tuple[dict, str]:
    """Insights' row for the habit, and the whole page's text (its advice)."""
    text = _text(client.get("/insights?period=all").get_data(as_text=True))
    row = re.search(rf"{name} (\d+)% (\d+)% (\d+)% (\d+)% \S+ (\d+)(?: \(best (\d+)\))? "
                    rf"(\d+)% (\d+)", text)
    assert row, text[:3000]
    table = re.search(rf"Habit Done Met Due days Rate {name} \d+ (\d+) (\d+) (\d+)%", text)
    return {"rates": [int(row[i]) for i in range(1, 5)], "current": int(row[5]),
            "best": int(row[6] or row[5]), "strength": int(row[7]), "health": int(row[8]),
            "all_time": (int(table[3]), int(table[1]), int(table[2]))}, text


def _agree(client, user, habit_id: int, name: str) -> dict:
    """The page's numbers, after checking Insights and the API give the same."""
    page = _page(client, habit_id)
    row, text = _insights(client, name)
    rates = page["rates"]
    assert row["rates"] == [rates[k][0] for k in
                            ("Last 7 days", "Last 30 days", "Last 90 days", "All time")]
    assert row["all_time"] == rates["All time"]
    assert {k: row[k] for k in ("current", "best", "strength", "health")} == {
        k: page[k] for k in ("current", "best", "strength", "health")}
    stats = client.get(f"/api/v1/habits/{habit_id}/stats", headers=bearer(user.id)).get_json()
    assert [stats[f"rate_{n}"] for n in (7, 30, 90)] == [
        rates[f"Last {n} days"][1] / rates[f"Last {n} days"][2] for n in (7, 30, 90)]
    assert stats["health"] == page["health"]
    page["advice"] = text
    return page


def test_a_day_with_nothing_logged_is_within_a_daily_limit(client, user, make_habit):
    habit = make_habit(user, "Vaping", created=TODAY - timedelta(days=29), kind="measurable",
                       target=80.0, direction="at_most", unit="puffs")
    # Over the limit on 4 days, under it on 6, nothing logged on the other 19 (and today).
    _log(habit, {**dict.fromkeys((2, 5, 9, 20), OVER),
                 **dict.fromkeys((1, 3, 4, 10, 11, 12), UNDER)})
    page = _agree(client, user, habit.id, "Vaping")
    # Only the 4 days over the limit are misses (were 3 of 6 and 6 of 29: only days logged
    # under the limit counted); today, with nothing logged yet, is still open.
    assert page["rates"] == {"Last 7 days": (67, 4, 6), "Last 30 days": (86, 25, 29),
                             "Last 90 days": (86, 25, 29), "All time": (86, 25, 29)}
    # The same direction as strength: a habit kept on most days is not "hard to keep up".
    assert page["strength"] >= 80 and page["health"] >= 75
    assert "Vaping is hard to keep up" not in page["advice"]
    # Streaks are Loop's: only days logged within the limit make one.
    assert (page["current"], page["best"]) == (1, 3)
    # The Calendar counts the empty day done too, and the day over the limit not.
    calendar = _text(client.get("/calendar").get_data(as_text=True))
    assert "19 Nov 2026: 1 habit done out of 1" in calendar  # 6 days back: nothing logged
    assert "23 Nov 2026: 0 habits done out of 1" in calendar  # 2 days back: 100 puffs


def test_months_without_entries_are_within_the_limit(client, user, make_habit):
    # The tester's case: a month of logs under the limit 20 months ago, nothing since.
    created = TODAY - timedelta(days=600)
    habit = make_habit(user, "Vaping", created=created, kind="measurable", target=80.0,
                       direction="at_most", unit="puffs")
    _log(habit, dict.fromkeys(range(571, 601), UNDER))
    page = _agree(client, user, habit.id, "Vaping")
    # Strength 100 % and the rates agree (they were 0 % and "0 of 600 due days").
    assert page["strength"] == 100
    assert page["rates"] == {"Last 7 days": (100, 6, 6), "Last 30 days": (100, 29, 29),
                             "Last 90 days": (100, 89, 89), "All time": (100, 600, 600)}
    assert page["health"] == 100
    assert "Vaping is hard to keep up" not in page["advice"]
    assert (page["current"], page["best"]) == (0, 30)  # no entries, no streak (as Loop)


def test_a_week_with_nothing_logged_is_within_a_weekly_limit(client, user, make_habit):
    habit = make_habit(user, "Drinks", created=TODAY - timedelta(days=41), kind="measurable",
                       target=10.0, direction="at_most", unit="drinks", freq_num=1, freq_den=7)
    # 15 drinks 20 days back puts each 7-day window holding that day over the limit (days 20
    # to 14 back); 4 drinks 30 days back is within it, and so is every window with nothing.
    _log(habit, {20: 15.0, 30: 4.0})
    page = _agree(client, user, habit.id, "Drinks")
    # Were 0 of 6, 0 of 29 and 7 of 41: only windows with something logged could be kept.
    assert page["rates"] == {"Last 7 days": (100, 6, 6), "Last 30 days": (76, 22, 29),
                             "Last 90 days": (83, 34, 41), "All time": (83, 34, 41)}
    assert "Drinks is hard to keep up" not in page["advice"]

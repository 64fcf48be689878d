"""Insights says "done" only of days really done: a flexible habit's days covered by its
target (every 3 days, once a month) count toward its rates, as on the habit page, but they are
"met", not "done", and no action that could help another habit.

An outside tester's account (every-3-days and monthly habits among daily ones) read "H07 was
done on 30 of 30 days" of a habit ticked once, "On the 16 days you did H18" of a habit ticked
6 times, and a table's "Done" of 22 for 9 ticks."""

from __future__ import annotations

import re
from datetime import timedelta

from .conftest import TODAY
from .test_probe_numbers_agreement import _text


def ago(n: int):
    return TODAY - timedelta(days=n)


def _insights(client, period: str = "30") -> str:
    return _text(client.get(f"/insights?period={period}").get_data(as_text=True))


def _habit_page_30(client, habit_id: int) -> tuple[int, int, int]:
    text = _text(client.get(f"/habits/{habit_id}").get_data(as_text=True))
    pct, met, due = re.search(r"Last 30 days (\d+)% (\d+) of (\d+) due days", text).groups()
    return int(pct), int(met), int(due)


def test_the_per_habit_table_counts_ticks_as_done_and_covered_days_as_met(
        client, user, make_habit):
    ticks = [ago(n) for n in range(1, 28, 3)]  # 9 ticks, every third day
    habit = make_habit(user, "Stretch", created=ago(60), done=ticks, freq_num=1, freq_den=3)
    text = _insights(client)
    table = re.search(r"Habit Done Met Due days Rate Stretch (\d+) (\d+) (\d+) (\d+)%", text)
    assert table, text[:2000]
    done, met, due, pct = map(int, table.groups())
    assert done == 9  # the ticks, not the 27 days they cover
    # The rate stays the habit page's: met (done or covered) out of due days.
    assert (pct, met, due) == _habit_page_30(client, habit.id)
    assert met > done
    # The months count the same ticks.
    months = re.search(r"Month Completions Rate (.*?) Weekly", text)[1]
    assert sum(int(n) for n in re.findall(r"20\d\d(?: \(so far\))? (\d+)", months)) == 9
    assert "Due days met, 30 days" in text and "Done, 30 days" not in text
    assert "Week of Met Due Rate" in text and "Weekday Met Due Rate" in text


def test_a_flexible_habits_trend_says_met_and_gives_the_days_done(client, user, make_habit):
    # Every third day in the 30 days before the last 14 (all covered), once since.
    ticks = [ago(n) for n in range(14, 44, 3)] + [ago(12)]
    make_habit(user, "Yoga", created=ago(60), done=ticks, freq_num=1, freq_den=3)
    text = _insights(client)
    assert "Yoga is trending down" in text
    sentence = re.search(r"Yoga met its target on (\d+) of (\d+) due days \((\d+)%\) in the "
                         r"last 14 days, against (\d+) of (\d+) \((\d+)%\) in the 30 days before\. "
                         r"You did it on 1 day in the last 14 days and on 10 in the 30 days "
                         r"before\. The other days met were covered by the target\.", text)
    assert sentence, re.search(r"Where do I slip\?(.*?)What helps", text)[1]
    recent_met, recent_due, _pct, before_met, before_due, _ = map(int, sentence.groups())
    # The counts are the rates' (the habit page's): covered days are met, and far more than
    # the 1 and 10 ticks.
    assert recent_met > 1 and before_met >= 28 and before_due == 30
    assert "Yoga was done on" not in text


def test_a_monthly_habit_ticked_once_is_not_done_on_every_day(client, user, make_habit):
    """The tester's H07: the 30 days before are all covered by a tick 44 days ago."""
    habit = make_habit(user, "Budget", created=ago(80), done=[ago(75), ago(44), ago(1)],
                       freq_num=1, freq_den=30)
    slips = re.search(r"Where do I slip\?(.*?)What helps", _insights(client))[1]
    assert ("Budget is trending down Budget met its target on 1 of 13 due days (8%) in the last "
            "14 days, against 30 of 30 (100%) in the 30 days before. You did it on 1 day in the "
            "last 14 days and on 0 in the 30 days before. The other days met were covered by "
            "the target.") in slips
    assert "Budget was done on" not in slips
    table = re.search(r"Habit Done Met Due days Rate .*?Budget (\d+) (\d+) (\d+) (\d+)%",
                      _insights(client))
    assert int(table[1]) == 1  # one tick in the 30 days
    assert (int(table[4]), int(table[2]), int(table[3])) == _habit_page_30(client, habit.id)


def _flexible_pair(make_habit, user) -> None:
    """Two every-3-days habits ticked on different days: each covers the first 30 days of the
    last 60, neither is ticked after. Their covered days line up; their ticks never meet."""
    make_habit(user, "Read", created=ago(59), done=[ago(n) for n in range(59, 29, -3)],
               freq_num=1, freq_den=3)
    make_habit(user, "Walk", created=ago(59), done=[ago(n) for n in range(58, 29, -3)],
               freq_num=1, freq_den=3)


def test_covered_days_make_no_link_between_two_flexible_habits(client, user, make_habit):
    _flexible_pair(make_habit, user)
    text = _insights(client, "90")
    helps = re.search(r"What helps\?(.*)", text)[1]
    assert "goes with" not in helps and "you did" not in helps
    assert helps.strip().startswith("No pair of habits moves together clearly enough yet.")


def _correlated(make_habit, user, days: int = 60) -> None:
    """Gym on even days; Protein shake on 28 of the 30 Gym days and 3 of the 30 others."""
    gym = [ago(n) for n in range(0, days, 2)]
    others = [ago(n) for n in range(1, days, 2)]
    shake = [d for i, d in enumerate(gym) if i not in (3, 17)] + others[:3]
    make_habit(user, "Gym", created=ago(days - 1), done=gym)
    make_habit(user, "Protein shake", created=ago(days - 1), done=shake)


def test_daily_habits_still_show_their_link_beside_flexible_ones(client, user, make_habit):
    _flexible_pair(make_habit, user)
    _correlated(make_habit, user)
    text = _insights(client, "90")
    helps = re.search(r"What helps\?(.*)", text)[1]
    assert "Protein shake goes with Gym" in helps
    assert ("On the 30 days you did Gym, you did Protein shake on 28 (93%); on the 30 days you "
            "didn't, on 3 (10%). Both were due on 60 days (z = 6.5).") in helps
    assert not re.search(r"(Read|Walk) goes with|with (Read|Walk)\b", helps)


def test_a_flexible_habit_links_by_its_ticks(client, user, make_habit):
    """Done together, an every-3-days habit and a daily one still make a link: their ticks."""
    gym = [ago(n) for n in range(0, 60, 3)]  # 20 ticks, Gym every 3 days
    make_habit(user, "Gym", created=ago(59), done=gym, freq_num=1, freq_den=3)
    make_habit(user, "Protein shake", created=ago(59), done=gym[:18] + [ago(1), ago(2)])
    text = _insights(client, "90")
    helps = re.search(r"What helps\?(.*)", text)[1]
    # The stronger direction: Gym on the 20 days Protein shake was done (not on every day
    # its ticks cover, which would be all 60).
    assert ("Gym goes with Protein shake On the 20 days you did Protein shake, you did Gym on "
            "18 (90%); on the 40 days you didn't, on 2 (5%). Both were due on 60 days") in helps

"""One number, every place it is shown: for habits of every odd shape ("3 in 7 days", every
third day, weekdays, a habit to quit, at least / at most an amount; started today, its start
moved earlier by logging a day before it, archived, with skipped days), the habit page, the
summary fragment it swaps in after a change, the API's /stats and Insights' table give the
same streaks, strength, rates and health; Today, the API's /today and the Calendar's cell
for today give the same "done of due" in timezones far east and west and with a day that
starts at 4 AM; and Insights' weeks (starting Monday or Sunday) add up the Calendar's days."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import CheckIn, User

from .api_support import bearer
from .conftest import HTMX, TODAY

CASES = {
    "3 in 7": {"freq_num": 3, "freq_den": 7},
    "every 3 days": {"freq_num": 1, "freq_den": 3},
    "Mon Wed Fri": {"weekdays": 0b0010101},
    "quit": {"kind": "quit"},
    "at most": {"kind": "measurable", "target": 3.0, "direction": "at_most", "unit": "cups"},
    "at least": {"kind": "measurable", "target": 3.0, "direction": "at_least", "unit": "km"},
}


def _text(body: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]*>", " ", body)))


def _page_numbers(body: str) -> dict:
    """The habit page's (or summary fragment's) key numbers, rates and health score."""
    text = _text(body)
    key = re.search(r"(?:Current streak|Clean for) (\d+) days? Best streak (\d+) days? "
                    r"Strength (\d+)% (?:Days done|Clean days) (\d+)", text)
    assert key, text[:2000]
    rates = dict(re.findall(r"(Last 7 days|Last 30 days|Last 90 days|All time) (\d+%|–)", text))
    health = re.search(r"Health score (\d+) / 100", text)
    return {"current": int(key[1]), "best": int(key[2]), "strength": int(key[3]),
            "done": int(key[4]), "rate_7": rates["Last 7 days"], "rate_30": rates["Last 30 days"],
            "rate_90": rates["Last 90 days"], "rate_all": rates["All time"],
            "health": int(health[1]) if health else None}


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{int(100 * value + 0.5 + 1e-9)}%"


def _api_numbers(stats: dict) -> dict:
    return {"current": stats["current_streak"], "best": stats["best_streak"],
            "strength": stats["strength"], "rate_7": _percent(stats["rate_7"]),
            "rate_30": _percent(stats["rate_30"]), "rate_90": _percent(stats["rate_90"]),
            "health": stats["health"]}


def _insights_numbers(body: str, name: str) -> dict:
    row = re.search(rf"{name} (\S+) (\S+) (\S+) (\S+) \S+ (\d+)(?: \(best (\d+)\))? (\d+)% (\S+)",
                    _text(body))
    assert row, name
    return {"rate_7": row[1], "rate_30": row[2], "rate_90": row[3], "rate_all": row[4],
            "current": int(row[5]), "best": int(row[6] or 0), "strength": int(row[7]),
            "health": None if row[8] == "–" else int(row[8])}


def _log(habit, created: date, kind: str | None, skips: bool) -> None:
    """Three weeks of days from `created`: two days in three logged, some not done."""
    rows = []
    for back in range((TODAY - created).days + 1):
        if back % 3 == 1:
            continue
        state = "skipped" if skips and back % 5 == 0 else (
            "not_done" if back % 7 == 3 else "done")
        amount = (2.0 if back % 2 else 4.0) if kind == "measurable" and state != "skipped" \
            else None
        rows.append({"habit_id": habit.id, "day": TODAY - timedelta(days=back), "state": state,
                     "amount": amount})
    db.session.execute(sa.insert(CheckIn), rows)
    db.session.commit()


@pytest.mark.parametrize("variant", ["plain", "started today", "start moved earlier",
                                     "archived", "skipped days"])
@pytest.mark.parametrize("case", list(CASES))
def test_every_door_gives_an_odd_habit_the_same_numbers(client, user, make_habit, case,
                                                        variant):
    columns = CASES[case]
    created = TODAY if variant == "started today" else TODAY - timedelta(days=20)
    extra = {"archived": True, "archived_on": TODAY - timedelta(days=5)} \
        if variant == "archived" else {}
    habit = make_habit(user, "Probe", created=created, **columns, **extra)
    _log(habit, created, columns.get("kind"), skips=variant == "skipped days")
    if variant == "start moved earlier":  # through the day form, as a user moves it
        day = {"day": (created - timedelta(days=4)).isoformat()}
        if columns.get("kind") == "measurable":
            day["amount"] = "1"
        assert client.post(f"/habits/{habit.id}/day", data=day).status_code in (200, 303)
    page = _page_numbers(client.get(f"/habits/{habit.id}").get_data(as_text=True))
    fragment = _page_numbers(client.get(f"/habits/{habit.id}/summary", headers=HTMX)
                             .get_data(as_text=True))
    assert fragment == page
    stats = client.get(f"/api/v1/habits/{habit.id}/stats", headers=bearer(user.id)).get_json()
    assert _api_numbers(stats) == {k: page[k] for k in _api_numbers(stats)}
    if variant != "archived":  # Insights lists the active habits
        row = _insights_numbers(client.get("/insights?period=all").get_data(as_text=True),
                                "Probe")
        assert row == {k: page[k] for k in row}


@pytest.mark.parametrize(("zone", "day_start", "now"), [
    ("Pacific/Kiritimati", 0, (2026, 11, 25, 11, 0)),  # UTC+14: already the 26th there
    ("Pacific/Pago_Pago", 0, (2026, 11, 26, 9, 0)),  # UTC-11: still the 25th there
    ("Pacific/Pago_Pago", 4, (2026, 11, 26, 14, 0)),  # 3 AM on the 26th: the 25th's night
])
def test_today_api_and_calendar_count_today_alike_far_east_and_west(
        client, user, make_habit, frozen_now, zone, day_start, now):
    owner = db.session.get(User, user.id)
    owner.timezone, owner.day_start_hour = zone, day_start
    db.session.commit()
    frozen_now(*now)
    for number, columns in enumerate(CASES.values()):
        created = TODAY - timedelta(days=12 + 9 * (number % 2))
        _log(make_habit(user, f"H{number}", created=created, **columns), created,
             columns.get("kind"), skips=number % 2 == 0)
    make_habit(user, "Made tomorrow", created=TODAY + timedelta(days=1))  # then moved west
    local = date(2026, 11, 26) if zone == "Pacific/Kiritimati" else date(2026, 11, 25)
    api = client.get("/api/v1/today", headers=bearer(user.id)).get_json()
    assert api["date"] == local.isoformat()
    done, due = re.findall(r"(\d+) of (\d+) done", _text(client.get("/").get_data(as_text=True)))[0]
    calendar = _text(client.get("/calendar").get_data(as_text=True))
    cell = re.search(rf"{local.day} Nov 2026: (\d+) habits? done out of (\d+)", calendar)
    assert (int(done), int(due)) == (api["done"], api["due"]) == (int(cell[1]), int(cell[2]))


@pytest.mark.parametrize("week_start", ["monday", "sunday"])
def test_insights_weeks_add_up_the_calendar_days(client, user, make_habit, week_start):
    owner = db.session.get(User, user.id)
    owner.week_start = week_start
    db.session.commit()
    for number, columns in enumerate(CASES.values()):
        created = TODAY - timedelta(days=30 + 7 * number)
        habit = make_habit(user, f"H{number}", created=created, **columns)
        rows = []
        for back in range(1, (TODAY - created).days + 1):
            day = TODAY - timedelta(days=back)
            # A weekday habit is logged on its off-days too: a day done there is due and done
            # in Insights' weeks as on the Calendar (and Today); skipped or missed, not due.
            if back * (number + 1) % 4 == 1:
                continue
            state = "skipped" if (back + number) % 13 == 0 else (
                "not_done" if (back + number) % 6 == 3 else "done")
            amount = (2.0 if back % 2 else 4.0) if columns.get("kind") == "measurable" \
                and state != "skipped" else None
            rows.append({"habit_id": habit.id, "day": day, "state": state, "amount": amount})
        db.session.execute(sa.insert(CheckIn), rows)
    db.session.commit()
    months = {"Sep": 9, "Oct": 10, "Nov": 11}
    cells = {date(2026, months[month], int(day)): (int(done), int(due)) for day, month, done, due
             in re.findall(r"(\d+) (Sep|Oct|Nov) 2026: (\d+) habits? done out of (\d+)",
                           _text(client.get("/calendar").get_data(as_text=True)))}
    insights = _text(client.get("/insights?period=90").get_data(as_text=True))
    weeks = re.search(r"Week of Met Due Rate (.*?) Moving", insights)[1]
    compared = 0
    for day, month, done, due in re.findall(r"(\d+) (Sep|Oct|Nov) 2026 (\d+) (\d+)", weeks):
        first = date(2026, months[month], int(day))
        assert first.weekday() == (6 if week_start == "sunday" else 0)
        # Days before today only: today, still open, is due on the Calendar as on Today.
        days = [first + timedelta(days=k) for k in range(7)]
        counted = [cells.get(d, (0, 0)) for d in days if d < TODAY]
        assert (int(done), int(due)) == (sum(c[0] for c in counted), sum(c[1] for c in counted)), \
            first
        compared += 1
    assert compared >= 8

"""A Loop veteran's account (many habits, years of days, every kind): each request runs the
same statements as a small account's, so a page does not slow down habit by habit or year by
year (benchmarks/BIG_ACCOUNT.md). Each test compares a small and a big account route by route
and pins today's counts as a ceiling; the messages name every route that moved."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import CheckIn, Habit, Notification, User, utcnow

from .api_support import bearer
from .conftest import HTMX, TODAY, upload_body

# One of each kind a Loop user brings; `role` names the habits the routes below open.
KINDS = [
    {"role": "daily", "kind": "yes_no"},
    {"role": "measurable", "kind": "measurable", "unit": "km", "target": 5.0},
    {"role": "at_most", "kind": "measurable", "unit": "cups", "target": 2.0,
     "direction": "at_most"},
    {"role": "quit", "kind": "quit"},
    {"role": "weekly", "kind": "yes_no", "freq_num": 3, "freq_den": 7},
    {"role": "monthly", "kind": "yes_no", "freq_num": 4, "freq_den": 30},
    {"role": "weekdays", "kind": "yes_no", "weekdays": 0b0010101},
    {"role": "archived", "kind": "measurable", "unit": "reps", "target": 30.0, "archived": True},
]
FEW, MANY = (1, 100), (4, 3 * 365)  # (copies of KINDS, days): both past the 64-day window
BREAK = (110, 180)  # days back without check-ins: every streak is shorter than 256 days


def _rows(habit_id: int, spec: dict, days: int, first_copy: bool, off) -> list[dict]:
    """Four days in five done (every day for the first daily habit: a streak longer than
    Today's window), a skip now and then, an amount on measurable days, a note on some; and
    the days `off` (BREAK: 70 days before the last 110; a month off would not break a "4 a
    month" streak, Loop's automatic checkmarks bridge it) without any, so that no current
    streak is longer in the big account (test_a_streak_of_years_... compares those)."""
    rows = []
    for back in range(days):
        day = TODAY - timedelta(days=back)
        every_day = first_copy and spec["role"] == "daily"
        if off and off[0] <= back < off[1] or not every_day and back % 5 == 4:
            continue
        state = "skipped" if not every_day and back % 13 == 6 else "done"
        if spec["kind"] == "quit":
            state = "not_done"  # a slip
        amount = (4.0 + back % 4) if spec["kind"] == "measurable" else None
        if amount is not None and state == "done":
            at_most = spec.get("direction") == "at_most"
            state = "done" if (amount <= spec["target"] if at_most
                               else amount >= spec["target"]) else "not_done"
        rows.append({"habit_id": habit_id, "day": day, "state": state, "amount": amount,
                     "note": "felt great" if back % 10 == 3 else None})
    return rows


def _account(auth, email: str, copies: int, days: int, off=BREAK) -> dict:
    """Register and sign in `email`, then give it `copies` of every kind over `days` days
    (none on the days `off`) and notifications; returns {role: habit id} (the first copy's)."""
    auth.register(email=email)
    user_id = db.session.scalar(sa.select(User.id).where(User.email == email))
    roles, rows, position = {}, [], 0
    for copy in range(copies):
        for spec in KINDS:
            position += 1
            columns = {k: v for k, v in spec.items() if k != "role"}
            habit = Habit(user_id=user_id, position=position,
                          created_on=TODAY - timedelta(days=days - 1), **columns)
            habit.rename(f"{spec['role']} {copy}")
            db.session.add(habit)
            db.session.flush()
            roles.setdefault(spec["role"], habit.id)
            rows += _rows(habit.id, spec, days, copy == 0, off)
    db.session.execute(sa.insert(CheckIn), rows)
    # Fewer unread than a page (50) in both: a full page of unread skips the read ones' query.
    db.session.add_all(Notification(user_id=user_id, kind="milestone", category="milestone",
                                    title=f"Milestone {i}", body="A streak.",
                                    dedup_key=f"big-{i}", read_at=utcnow() if i % 3 else None)
                       for i in range(copies * 30))
    db.session.commit()
    roles["user_id"] = user_id
    return roles


def _count(client, count_queries, method: str, path: str, arguments) -> tuple[int, object]:
    """Statements of the second of two identical requests (the first may touch a token or
    warm a cache), the body read inside the count: exports stream it."""
    client.open(path, method=method, **arguments()).get_data()
    with count_queries() as statements:
        response = client.open(path, method=method, **arguments())
        response.get_data()
    return len(statements), response


SIZES = {  # label: (email, copies of KINDS, days, days off)
    f"1 copy of each kind × {FEW[1]} days": ("few@example.com", *FEW, BREAK),
    f"{MANY[0]} copies × {MANY[1]} days": ("many@example.com", *MANY, BREAK),
}


def _compare(client, auth, count_queries, requests, ceilings: dict[str, int],
             accounts=SIZES) -> None:
    """Every request of `requests(roles)` for each of two accounts: the same status and
    statement count for both, and no more statements than `ceilings`."""
    counts: dict[str, list[int]] = {}
    for email, *shape in accounts.values():
        roles = _account(auth, email, *shape)
        for name, method, path, arguments, status in requests(roles):
            count, response = _count(client, count_queries, method, path, arguments)
            assert response.status_code == status, (name, response.get_data(as_text=True))
            counts.setdefault(name, []).append(count)
        auth.logout()
    first, second = accounts
    moved = [f"{name}: {one} with {first}, {two} with {second} (ceiling {ceilings[name]})"
             for name, (one, two) in counts.items() if one != two or two > ceilings[name]]
    assert not moved, "statements per request moved:\n" + "\n".join(moved)


def _plain(**extra):
    return lambda: dict(extra)


@pytest.fixture
def clock(frozen_now):
    frozen_now(TODAY.year, TODAY.month, TODAY.day, 12, 0)


def test_pages_run_as_many_statements_for_years_of_many_habits(client, auth, count_queries,
                                                                clock):
    """Today, the calendar (this year and an old one), habit pages of every kind, Insights,
    notifications and the archive: no statement per habit, per day or per year."""
    old = TODAY.year - 2

    def requests(r):
        return [
            ("today", "GET", "/", _plain(), 200),
            ("today (htmx)", "GET", "/", _plain(headers=HTMX), 200),
            ("calendar", "GET", "/calendar", _plain(), 200),
            ("calendar old year", "GET", f"/calendar?year={old}", _plain(), 200),
            ("habit page", "GET", f"/habits/{r['daily']}", _plain(), 200),
            ("habit page old year", "GET", f"/habits/{r['daily']}?year={old}", _plain(), 200),
            ("measurable habit page", "GET", f"/habits/{r['measurable']}", _plain(), 200),
            ("monthly habit page", "GET", f"/habits/{r['monthly']}", _plain(), 200),
            ("habit row", "GET", f"/habits/{r['daily']}/row", _plain(headers=HTMX), 200),
            ("archived habits", "GET", "/habits/archived", _plain(), 200),
            ("insights", "GET", "/insights", _plain(), 200),
            ("insights all", "GET", "/insights?period=all", _plain(), 200),
            ("notifications", "GET", "/notifications", _plain(), 200),
            ("notifications badge", "GET", "/notifications/badge", _plain(headers=HTMX), 200),
        ]

    _compare(client, auth, count_queries, requests, {
        "today": 8, "today (htmx)": 7, "calendar": 5, "calendar old year": 5, "habit page": 11,
        "habit page old year": 11, "measurable habit page": 10, "monthly habit page": 11,
        "habit row": 4, "archived habits": 3, "insights": 5, "insights all": 5,
        "notifications": 6, "notifications badge": 2})


def test_changing_a_day_runs_as_many_statements_for_years_of_many_habits(
        client, auth, count_queries, clock):
    """Ticking a row (htmx and without JavaScript), a "3 a week" calendar cell (which redraws
    the year) and a measurable day's amount and note."""
    day = TODAY.isoformat()

    def requests(r):
        return [
            ("toggle row", "POST", f"/habits/{r['daily']}/toggle",
             _plain(data={"day": day, "view": "row"}, headers=HTMX), 200),
            ("toggle row without JavaScript", "POST", f"/habits/{r['daily']}/toggle",
             _plain(data={"day": day, "view": "row", "next": "/"}), 303),
            ("toggle a 3-a-week cell", "POST", f"/habits/{r['weekly']}/toggle",
             _plain(data={"day": day, "view": "cell"}, headers=HTMX), 200),
            ("toggle a weekday cell", "POST", f"/habits/{r['weekdays']}/toggle",
             _plain(data={"day": (TODAY - timedelta(days=2)).isoformat(), "view": "cell"},
                    headers=HTMX), 200),
            ("amount and note", "POST", f"/habits/{r['measurable']}/day",
             _plain(data={"day": day, "amount": "6.5", "note": "windy"}, headers=HTMX), 200),
            ("amount without JavaScript", "POST", f"/habits/{r['measurable']}/day",
             _plain(data={"day": day, "amount": "7", "form": "day"}), 303),
        ]

    _compare(client, auth, count_queries, requests, {
        "toggle row": 7, "toggle row without JavaScript": 4, "toggle a 3-a-week cell": 8,
        "toggle a weekday cell": 7, "amount and note": 6, "amount without JavaScript": 4})


def test_exports_and_an_import_preview_run_as_many_statements_for_years_of_many_habits(
        client, auth, count_queries, clock):
    """Every export format streams the account in a fixed number of statements, and the
    preview of re-importing one's own backup compares it in a fixed number too."""
    def requests(r):
        backup = client.get("/settings/export?format=json").get_data()
        return [
            ("export json", "GET", "/settings/export?format=json", _plain(), 200),
            ("export csv", "GET", "/settings/export?format=csv", _plain(), 200),
            ("export loop", "GET", "/settings/export?format=loop", _plain(), 200),
            ("loop export notice", "GET", "/settings/export/loop", _plain(), 200),
            ("import preview of one's backup", "POST", "/settings/import",
             lambda: upload_body({}, "backup.json", backup), 200),
        ]

    _compare(client, auth, count_queries, requests, {
        # The JSON backup reads the notifications too: one statement, whatever their number.
        "export json": 7, "export csv": 6, "export loop": 6, "loop export notice": 8,
        "import preview of one's backup": 6})


def test_the_api_runs_as_many_statements_for_years_of_many_habits(client, auth, count_queries,
                                                                   clock):
    """The JSON API: habits, a habit's check-ins over all its years, its stats, today's
    list and the export."""
    first = (TODAY - timedelta(days=MANY[1] - 1)).isoformat()

    def requests(r):
        token = bearer(r["user_id"])
        return [
            ("api habits", "GET", "/api/v1/habits", _plain(headers=token), 200),
            ("api archived habits", "GET", "/api/v1/habits?archived=true",
             _plain(headers=token), 200),
            ("api check-ins over years", "GET",
             f"/api/v1/habits/{r['measurable']}/checkins?from={first}&to={TODAY.isoformat()}",
             _plain(headers=token), 200),
            ("api stats", "GET", f"/api/v1/habits/{r['daily']}/stats", _plain(headers=token),
             200),
            ("api today", "GET", "/api/v1/today", _plain(headers=token), 200),
            ("api export", "GET", "/api/v1/export?format=json", _plain(headers=token), 200),
        ]

    _compare(client, auth, count_queries, requests, {
        "api habits": 4, "api archived habits": 4, "api check-ins over years": 5,
        "api stats": 5, "api today": 4, "api export": 7})


def test_a_streak_of_years_runs_as_many_statements_as_a_streak_of_months(
        client, auth, count_queries, clock):
    """Loop veterans keep streaks for years ("3 a week" and "4 a month" ones above all, with
    automatic checkmarks). Today, a row and its toggle, and the habit page read a current
    streak in as many statements whether it is 110 days old or 3 years.

    Fails on the code of 6 Dec 2026: habits/rows.py build_rows() widens the 64-day window
    four times at a step (256, 1,024, 4,096 days), one statement each, and re-walks every
    streak day by day at each step; see benchmarks/BIG_ACCOUNT.md (Today: 11 ms CPU with
    ordinary streaks, 230 ms with 25 streaks of 5 years).
    """
    accounts = {
        f"streaks of at most 136 days over {MANY[1]} days": ("months@example.com", 2, MANY[1],
                                                               BREAK),
        f"streaks of {MANY[1]} days": ("years@example.com", 2, MANY[1], None),
    }
    day = TODAY.isoformat()

    def requests(r):
        return [
            ("today", "GET", "/", _plain(), 200),
            ("today (htmx)", "GET", "/", _plain(headers=HTMX), 200),
            ("habit row", "GET", f"/habits/{r['weekly']}/row", _plain(headers=HTMX), 200),
            ("toggle row", "POST", f"/habits/{r['weekly']}/toggle",
             _plain(data={"day": day, "view": "row"}, headers=HTMX), 200),
            ("habit page", "GET", f"/habits/{r['monthly']}", _plain(), 200),
        ]

    _compare(client, auth, count_queries, requests, {
        "today": 8, "today (htmx)": 7, "habit row": 4, "toggle row": 7, "habit page": 11},
        accounts)

"""The import preview's Merge choice (outside tester): a habit with 68 days was promised "your
0 existing days stay as they are", the count being only the days the file also has."""

from __future__ import annotations

from datetime import date

from .conftest import upload_body

OWN_DAYS = [date(2026, 11, d) for d in (1, 2, 3)]


def preview(client, days: list[str]) -> str:
    rows = "".join(f"{d},Read,done,,\n" for d in days)
    response = client.post("/settings/import", **upload_body(
        {}, "habitory-checkins.csv", f"date,habit,state,amount,note\n{rows}".encode()))
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_no_shared_day_promises_no_count_of_kept_days(client, user, make_habit):
    make_habit(user, "Read", done=OWN_DAYS)
    html = preview(client, ["2026-11-10", "2026-11-11"])
    assert ("add the days missing from your habit (2 to add); your existing days stay as "
            "they are.") in html
    assert "0 existing days" not in html and "your 0" not in html


def test_shared_days_are_counted_as_the_files_days_kept_as_yours(client, user, make_habit):
    make_habit(user, "Read", done=OWN_DAYS)
    html = preview(client, ["2026-11-03", "2026-11-10"])
    assert ("(1 to add); your existing days stay as they are, including the 1 day the file "
            "also has.") in html
    html = preview(client, ["2026-11-02", "2026-11-03", "2026-11-10"])
    assert "including the 2 days the file also has." in html
    assert "your 2 existing days" not in html  # the habit has 3

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


def test_a_measurable_habit_of_the_file_met_by_a_yes_no_one_of_yours_is_said_if_merged(
        client, user, make_habit):
    """The file's "Read" counts pages; yours is yes/no. The preview said as a fact that its
    amounts "were left out" because it "is not a measurable habit", beside a line calling the
    file's habit measurable: what happens depends on Merge, and it is your habit's type."""
    make_habit(user, "Read", done=OWN_DAYS)
    backup = ('{"format": "habitory-backup", "schema_version": 1, "habits": [{"name": "Read", '
              '"kind": "measurable", "target": 10, "direction": "at_least", "checkins": ['
              '{"day": "2026-11-10", "state": "done", "amount": 12}, '
              '{"day": "2026-11-11", "state": "not_done", "amount": 4}]}]}')
    response = client.post("/settings/import", **upload_body({}, "b.json", backup.encode()))
    html = response.get_data(as_text=True).replace("&#34;", '"').replace("&quot;", '"')
    assert ('If merged, your "Read" keeps its type, which has no amounts: 2 amounts from the '
            "file are left out (their days are kept).") in html
    assert "which is not a measurable habit" not in html

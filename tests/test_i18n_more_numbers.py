"""Numbers inside the import's messages are written the reader's way: "1,002" on an English
page, "1.002" on a German one, "1 002" (a narrow no-break space, as CLDR has it) on a French
one; never the English grouping inside a translated sentence."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from habitory.i18n import error_text
from habitory.portability import BadImportFile, Limits, read_import

from .conftest import upload_body

NNBSP = "\u202f"
WIDE_CSV = ("date," + ",".join(f"h{i}" for i in range(1001)) + "\n2026-01-01\n").encode()


def _speak(client, language: str) -> None:
    client.get("/settings")  # ends the English welcome flashed at sign-up
    assert client.post("/settings/language", data={"language": language,
                                                   "week_start": ""}).status_code == 303


def _upload(client, content: bytes, name: str):
    return client.post("/settings/import", **upload_body({}, name, content))


def _backup(checkins: int) -> bytes:
    days = [(date(2020, 1, 1) + timedelta(days=i)).isoformat() for i in range(checkins)]
    habit = {"name": "Water", "kind": "yes_no", "freq_num": 1, "freq_den": 1, "position": 1,
             "checkins": [{"day": day, "state": "done"} for day in days]}
    return json.dumps({"format": "habitory-backup", "schema_version": 1,
                       "habits": [habit]}).encode()


@pytest.mark.parametrize(("language", "said"), [
    ("", "The file has 1,002 columns; Habitory reads at most 1,000."),
    ("de", "1.002"), ("fr", f"1{NNBSP}002"), ("es", "1002"), ("pt_BR", "1.002"),
])
def test_a_csv_too_wide_names_its_columns_in_the_readers_numbers(client, user, language, said):
    if language:
        _speak(client, language)
    page = _upload(client, WIDE_CSV, "wide.csv").get_data(as_text=True)
    assert said in page
    if language:
        assert "1,002" not in page and "1,000" not in page


@pytest.mark.parametrize(("language", "total", "limit"), [
    ("", "1,010", "1,000"), ("de", "1.010", "1.000"), ("fr", f"1{NNBSP}010", f"1{NNBSP}000"),
])
def test_a_backup_over_the_check_in_limit_says_both_numbers_the_readers_way(
        app, client, user, language, total, limit):
    app.config["IMPORT_MAX_CHECKINS"] = 1000
    if language:
        _speak(client, language)
    response = _upload(client, _backup(1010), "backup.json")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert total in page and limit in page


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "The file holds 1,200 habits; Habitory imports at most 1,000 at a time."),
    ("de", "1.200"), ("fr", f"1{NNBSP}200"),
])
def test_the_habit_limit_of_a_backup_reads_in_the_readers_numbers(app, language, expected):
    habits = [{"name": f"H{i}", "kind": "yes_no", "freq_num": 1, "freq_den": 1,
               "position": i, "checkins": []} for i in range(1200)]
    data = json.dumps({"format": "habitory-backup", "schema_version": 1,
                       "habits": habits}).encode()
    with app.test_request_context(headers={"Accept-Language": language}):
        with pytest.raises(BadImportFile) as refused:
            read_import(data, Limits(max_habits=1000))
        said = error_text(refused.value)
    assert expected in said
    if language != "en":
        assert "1,200" not in said and "1,000" not in said

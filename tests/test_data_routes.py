"""Import and export from Settings and the command line, as a user meets them."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import CheckIn, Habit, User

from .conftest import HTMX
from .test_portability import loop_v25


@pytest.fixture
def read_history(client, user):
    """Ada's "Read", done on 20 and 21 November with a note on the 21st, all through the UI."""
    client.post("/habits", data={"name": "Read"})
    hid = db.session.scalar(sa.select(Habit.id))
    for day in ("2026-11-20", "2026-11-21"):
        client.post(f"/habits/{hid}/toggle", data={"day": day})
    client.post(f"/habits/{hid}/day", data={"day": "2026-11-21", "note": "Dune, chapter 3"})


def counts(user_id):
    habits = db.session.scalar(sa.select(sa.func.count(Habit.id)).where(Habit.user_id == user_id))
    checkins = db.session.scalar(sa.select(sa.func.count(CheckIn.id)).join(Habit)
                                 .where(Habit.user_id == user_id))
    return habits, checkins


@pytest.mark.parametrize(
    ("fmt", "mimetype", "filename"),
    [("json", "application/json", "habitory-backup-2026-11-25.json"),
     ("csv", "text/csv", "habitory-checkins-2026-11-25.csv"),
     ("loop", "application/zip", "habitory-loop-export-2026-11-25.zip")],
)
def test_export_downloads(client, user, read_history, fmt, mimetype, filename):
    response = client.get(f"/settings/export?format={fmt}")
    assert response.status_code == 200
    assert response.mimetype == mimetype
    assert response.headers["Content-Type"].count("charset") <= 1
    assert f'filename="{filename}"' in response.headers["Content-Disposition"]
    body = response.get_data()
    if fmt == "json":
        backup = json.loads(body)
        assert backup["schema_version"] == 1
        (habit,) = backup["habits"]
        assert habit["name"] == "Read" and len(habit["checkins"]) == 2
    elif fmt == "csv":
        text = body.decode()
        assert text.splitlines()[0].lower().startswith("date,habit,state")
        assert "Dune, chapter 3" in text
    else:
        names = zipfile.ZipFile(io.BytesIO(body)).namelist()
        assert "Habits.csv" in names and any(n.endswith("/Scores.csv") for n in names)


def test_unknown_export_format_is_a_clear_400(client, user, read_history):
    response = client.get("/settings/export?format=xls")
    assert response.status_code == 400 and "json, csv, loop or loop_db" in response.get_data(True)


def test_round_trip_through_the_web(client, auth, user, read_history):
    backup = client.get("/settings/export?format=json").get_data()
    auth.logout()
    auth.register(email="new@example.com")
    preview = client.post("/settings/import", data={"file": (io.BytesIO(backup), "b.json")},
                          content_type="multipart/form-data")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "1 habit" in html and "2 check-ins" in html and 'name="token"' in html
    new_id = db.session.scalar(sa.select(User.id).where(User.email == "new@example.com"))
    assert counts(new_id) == (0, 0)  # nothing written before the confirm
    token = html.split('name="token" value="')[1].split('"')[0]
    done = client.post("/settings/import/confirm", data={"token": token, "on_conflict": "merge"})
    assert done.status_code == 303
    assert counts(new_id) == (1, 2)
    page = client.get("/").get_data(as_text=True)
    assert "Imported 1 new habit" in page and ">Read</a>" in page
    again = client.post("/settings/import/confirm", data={"token": token})
    assert again.status_code == 422 and "expired or was already imported" in again.get_data(True)


def test_import_preview_names_existing_habits_and_merge_keeps_them(client, user, read_history,
                                                                   tmp_path):
    data = loop_v25(tmp_path / "loop.db")
    response = client.post("/settings/import", data={"file": (io.BytesIO(data), "loop.db")},
                           content_type="multipart/form-data")
    assert response.status_code == 200
    assert "Loop Habit Tracker backup" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("payload", "filename", "message"),
    [
        (b"hello, world", "notes.txt", "Habitory cannot read this file"),
        (b"", "empty.json", "The file is empty"),
        (b'{"format": "habitory-backup", "schema_version": 99}', "b.json", "newer Habitory"),
        (b'{"schema_version": 1}', "b.json", "not a Habitory backup"),
    ],
)
def test_bad_uploads_get_a_message_and_change_nothing(client, user, read_history, payload, filename,
                                                      message):
    before = counts(user.id)
    response = client.post("/settings/import", data={"file": (io.BytesIO(payload), filename)},
                           content_type="multipart/form-data")
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert counts(user.id) == before


def test_missing_file_and_foreign_token(client, user, read_history):
    response = client.post("/settings/import", data={}, content_type="multipart/form-data")
    assert response.status_code == 422 and "Choose a file" in response.get_data(True)
    forged = client.post("/settings/import/confirm", data={"token": "../../etc/passwd"})
    assert forged.status_code == 422


def test_oversized_upload_is_refused(client, app, user, read_history):
    app.config["IMPORT_MAX_BYTES"] = 1000
    big = b"{" + b" " * 5000 + b"}"
    response = client.post("/settings/import", data={"file": (io.BytesIO(big), "big.json")},
                           content_type="multipart/form-data")
    assert response.status_code == 422 and "larger than" in response.get_data(True)


def test_cli_export_then_import(runner, client, auth, user, read_history, tmp_path):
    out = tmp_path / "backup.json"
    result = runner.invoke(args=["export-data", "--email", "ada@example.com", "--format", "json",
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Exported 1 habit and 2 check-ins" in result.output
    auth.logout()
    auth.register(email="copy@example.com")
    result = runner.invoke(args=["import-data", "--email", "copy@example.com", str(out)])
    assert result.exit_code == 0, result.output
    assert "Imported 1 new habit" in result.output
    copy = db.session.scalar(sa.select(User.id).where(User.email == "copy@example.com"))
    assert counts(copy) == (1, 2)
    again = runner.invoke(args=["import-data", "--email", "copy@example.com",
                                "--on-conflict", "skip", str(out)])
    assert again.exit_code == 0 and "skipped 1" in again.output
    assert counts(copy) == (1, 2)


def test_cli_import_bad_file_exits_non_zero(runner, user, read_history, tmp_path):
    bad = tmp_path / "x.txt"
    bad.write_text("nope")
    result = runner.invoke(args=["import-data", "--email", "ada@example.com", str(bad)])
    assert result.exit_code != 0 and "cannot read this file" in result.output
    missing = runner.invoke(args=["export-data", "--email", "nobody@example.com", "--format",
                                  "csv", "-o", str(tmp_path / "o.csv")])
    assert missing.exit_code != 0 and "No account" in missing.output


def test_export_needs_login(client):
    assert client.get("/settings/export?format=json").status_code == 302
    assert client.get("/settings/export?format=json", headers=HTMX).status_code == 401


def test_previews_sent_again_and_again_keep_only_the_newest_few_files(client, app, user,
                                                                      read_history):
    """One account re-sending a large file must not fill the disk that holds everyone's
    database: it keeps its three newest previews waiting, and the newest still imports."""
    from habitory.domain import workspace

    backup = client.get("/settings/export?format=json").get_data()
    tokens = []
    for _ in range(8):
        preview = client.post("/settings/import", data={"file": (io.BytesIO(backup), "b.json")},
                              content_type="multipart/form-data")
        assert preview.status_code == 200
        tokens.append(preview.get_data(as_text=True).split('name="token" value="')[1]
                      .split('"')[0])
    waiting = sorted(workspace.folder().glob(f"import-{user.id}-*.bin"))
    assert len(waiting) == 3
    assert {p.name for p in waiting} == {f"import-{user.id}-{t}.bin" for t in tokens[-3:]}
    done = client.post("/settings/import/confirm", data={"token": tokens[-1],
                                                          "on_conflict": "merge"})
    assert done.status_code == 303

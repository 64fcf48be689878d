"""Files that hold one person's data are theirs and the host's alone, and an export never
replaces a file unasked: `flask export-data -o`, pending uploads, the models folder."""

from __future__ import annotations

import io
import json
import os
import stat
from pathlib import Path

import pytest

from habitory.jobs import forecast

from .conftest import TODAY


@pytest.fixture(autouse=True)
def usual_umask():
    """The umask most hosts run with (files 644, folders 755 unless made otherwise)."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def export(runner, output: Path, *extra: str):
    return runner.invoke(args=["export-data", "--email", "ada@example.com", "--format", "json",
                               "-o", str(output), *extra])


def test_export_data_writes_a_file_for_its_owner_alone(runner, user, make_habit, tmp_path):
    make_habit(user, "Read", done=[TODAY])
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "ada.json"
    result = export(runner, out)
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_bytes())["habits"][0]["name"] == "Read"
    assert mode(out) == 0o600
    assert [p.name for p in out.parent.iterdir()] == ["ada.json"]  # nothing left beside it


def test_export_data_refuses_to_replace_a_file_unless_forced(runner, user, make_habit, tmp_path):
    make_habit(user, "Read", done=[TODAY])
    out = tmp_path / "notes.json"
    out.write_text("my own notes")
    out.chmod(0o644)
    refused = export(runner, out)
    assert refused.exit_code == 1
    assert refused.output == f"Error: {out} exists: pass --force to replace it.\n"
    assert out.read_text() == "my own notes"
    forced = export(runner, out, "--force")
    assert forced.exit_code == 0, forced.output
    assert json.loads(out.read_bytes())["habits"][0]["name"] == "Read"
    assert mode(out) == 0o600  # the replacement is private, whatever the old file was


def test_export_data_still_writes_to_a_device(runner, user):
    assert export(runner, Path("/dev/null")).exit_code == 0


def test_a_pending_upload_and_its_folder_are_private(app, client, user):
    backup = json.dumps({"format": "habitory-backup", "schema_version": 1,
                         "habits": [{"name": "Run", "checkins": []}]}).encode()
    preview = client.post("/settings/import", data={"file": (io.BytesIO(backup), "b.json")},
                          content_type="multipart/form-data")
    assert preview.status_code == 200
    folder = Path(app.instance_path) / "tmp"
    (upload,) = folder.glob("import-*.bin")
    assert mode(folder) == 0o700 and mode(upload) == 0o600


def test_a_working_folder_left_open_by_an_older_version_is_closed(app, client, user):
    folder = Path(app.instance_path) / "tmp"
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o755)
    backup = json.dumps({"format": "habitory-backup", "schema_version": 1,
                         "habits": [{"name": "Run", "checkins": []}]}).encode()
    client.post("/settings/import", data={"file": (io.BytesIO(backup), "b.json")},
                content_type="multipart/form-data")
    assert mode(folder) == 0o700


@pytest.fixture
def model_files(app_config):
    """Models kept as files (PostgreSQL's default keeps them in the database)."""
    app_config["MODEL_STORE"] = "files"


def test_the_models_folder_is_private(model_files, app, user, make_habit):
    make_habit(user, "Read", done=[TODAY])
    forecast.train(user.id)
    folder = Path(app.config["MODELS_DIR"])
    (model,) = folder.glob("user_*.pkl")
    assert mode(folder) == 0o700 and mode(model) == 0o600


def test_a_shared_folder_chosen_as_the_working_folder_stays_shared(make_app, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)  # as /tmp
    app = make_app(PORTABILITY_TMP_DIR=str(shared))
    client = app.test_client()
    client.post("/register", data={"email": "ada@example.com", "password": "long enough 123",
                                   "confirm": "long enough 123", "timezone": "UTC"})
    backup = json.dumps({"format": "habitory-backup", "schema_version": 1,
                         "habits": [{"name": "Run", "checkins": []}]}).encode()
    client.post("/settings/import", data={"file": (io.BytesIO(backup), "b.json")},
                content_type="multipart/form-data")
    (upload,) = shared.glob("import-*.bin")
    assert mode(shared) == 0o1777 and mode(upload) == 0o600

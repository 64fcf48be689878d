"""Start-up, configuration, health and security headers."""

from __future__ import annotations

import gc
import os

import pytest
import sqlalchemy as sa

from habitory import create_app
from habitory.database import SchemaOutOfDate
from habitory.extensions import db

from .page_text import without_tokens


def test_healthz_answers_ok_when_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    # Later fields (disk, workers) extend the answer: these are what a probe has always read.
    assert {key: response.json[key] for key in ("status", "database", "queue", "jobs_waiting")} \
        == {"status": "ok", "database": "ok", "queue": "ok", "jobs_waiting": 0}


def test_healthz_answers_503_when_database_is_down(tmp_path):
    # A SQLite file inside a folder that does not exist cannot be opened.
    app = create_app({
        "TESTING": True,
        "INSTANCE_PATH": str(tmp_path),
        "SECRET_KEY": "x",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/missing/dir/db.sqlite3",
    })
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["status"] == "error"


def test_security_headers_on_every_response(client):
    for path in ("/login", "/healthz", "/does-not-exist"):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp
        assert "style-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"]
        assert "HX-Request" in headers["Vary"]


def test_pages_use_no_inline_script_or_style(client, user):
    client.post("/habits", data={"name": "Read"})
    for path in ("/", "/calendar", "/settings", "/habits/archived"):
        html = without_tokens(client.get(path).get_data(as_text=True))
        assert "<script>" not in html and "<style" not in html and " style=" not in html
        assert "cdn" not in html.lower()


def test_session_cookie_is_httponly_and_lax(client, auth):
    response = auth.register()
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_secure_cookies_when_asked(monkeypatch, tmp_path):
    monkeypatch.setenv("HABITORY_SECURE_COOKIES", "1")
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path)})
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]


def test_secret_key_is_generated_once_and_kept(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path)}).secret_key
    second = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path)}).secret_key
    assert first == second and len(first) >= 32
    assert (tmp_path / "secret_key").read_text().strip() == first
    assert oct(os.stat(tmp_path / "secret_key").st_mode)[-3:] == "600"


def test_secret_key_from_environment_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "from-env")
    assert create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path)}).secret_key == "from-env"


def test_database_url_selects_postgresql(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.example:5432/habits")
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path)})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db.example:5432/habits"


def test_default_database_is_sqlite_in_the_instance_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("HABITORY_INSTANCE", str(tmp_path / "inst"))
    app = create_app({"TESTING": True})
    assert app.instance_path == str(tmp_path / "inst")
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/inst/habitory.sqlite3"


def test_refuses_to_start_on_unmigrated_database(tmp_path):
    with pytest.raises(SchemaOutOfDate, match="flask --app habitory db upgrade"):
        create_app({
            "TESTING": False,
            "CHECK_MIGRATIONS": True,
            "INSTANCE_PATH": str(tmp_path),
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/empty.sqlite3",
        })


@pytest.fixture
def garbage_collector_restored():
    """A serving app freezes the collector and raises its thresholds for the whole process:
    undo that after a test that starts one, so the rest of the run collects as usual."""
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_starts_on_migrated_database(make_app, garbage_collector_restored):
    app = make_app(
        TESTING=False,
        CHECK_MIGRATIONS=True,
        # The embedded consumer's threads would outlive the test and run the jobs of
        # whichever test then runs on this shared database.
        EMBEDDED_WORKER=False,
    )
    assert app.name == "habitory"
    assert "habitory_embedded_consumer" not in app.extensions


def test_sqlite_runs_with_foreign_keys_wal_and_busy_timeout(tmp_path):
    app = create_app({
        "TESTING": True,
        "INSTANCE_PATH": str(tmp_path),
        "SECRET_KEY": "x",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/pragmas.sqlite3",
    })
    with app.app_context(), db.engine.connect() as connection:
        assert connection.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(sa.text("PRAGMA busy_timeout")).scalar() >= 5000


def test_unknown_page_is_a_readable_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Not found" in response.get_data(as_text=True)

"""The production shape: gunicorn with several workers, limits shared through Redis."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import flask_migrate
import pytest

from habitory import create_app
from habitory.extensions import db


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_serves_with_several_workers_on_a_migrated_database(tmp_path):
    url = f"sqlite:///{tmp_path}/prod.sqlite3"
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x",
                      "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        flask_migrate.upgrade()
        db.engine.dispose()
    port = free_port()
    env = dict(os.environ, DATABASE_URL=url, HABITORY_INSTANCE=str(tmp_path),
               SECRET_KEY="prod-secret", HABITORY_SCHEDULER="0")
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "--workers", "3", "--bind", f"127.0.0.1:{port}", "habitory:create_app()"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    with server:  # closes the output pipe (and waits) after the server is terminated
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz",
                                                timeout=2) as r:
                        assert r.status == 200 and b'"status":"ok"' in r.read().replace(b" ", b"")
                        break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        output = server.stdout.read().decode() if server.poll() is not None else ""
                        pytest.fail(f"gunicorn did not answer: {output[-2000:]}")
                    time.sleep(0.3)
            pages = []
            for _ in range(6):
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as page:
                    pages.append(page.status)
            assert pages == [200] * 6
        finally:
            server.terminate()
            server.wait(timeout=15)


def test_gunicorn_refuses_an_unmigrated_database(tmp_path):
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path}/empty.sqlite3",
               HABITORY_INSTANCE=str(tmp_path), SECRET_KEY="x", HABITORY_SCHEDULER="0")
    code = "from habitory import create_app; create_app()"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode != 0
    assert "flask --app habitory db upgrade" in result.stderr


def test_per_address_login_limit_is_shared_through_redis(make_app):
    redis = pytest.importorskip("redis")
    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_timeout=2).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("HABITORY_REQUIRE_ALL_SUITES") == "1":
            raise
        pytest.skip("no Redis on 127.0.0.1:6379")
    prefix = f"habitory-test-{uuid.uuid4().hex}"
    config = dict(RATELIMIT_ENABLED=True, LOGIN_LIMIT_PER_ADDRESS="3 per minute",
                  RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379", RATELIMIT_KEY_PREFIX=prefix)
    worker_a = make_app(**config).test_client()
    worker_b = make_app(**config).test_client()
    form = {"email": "x@example.com", "password": "wrong password"}
    # A fresh client address per run: the count of an earlier run may still be in Redis.
    address = {"REMOTE_ADDR": f"127.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.9"}
    statuses = [c.post("/login", data=form, environ_base=address).status_code
                for c in (worker_a, worker_b, worker_a, worker_b)]
    assert statuses == [401, 401, 401, 429]


def test_server_timing_header_only_when_the_host_asks(make_app):
    """HABITORY_SERVER_TIMING adds `Server-Timing: app;dur=<ms>` (benchmarks read it under
    gunicorn); by default exact timings are not handed to every visitor."""
    plain = make_app().test_client().get("/login")
    assert plain.status_code == 200 and "Server-Timing" not in plain.headers
    timed = make_app(SERVER_TIMING=True).test_client().get("/login")
    header = timed.headers["Server-Timing"]
    assert header.startswith("app;dur=") and float(header.split("=")[1]) > 0

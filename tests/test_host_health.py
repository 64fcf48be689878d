"""What /healthz tells a host beyond "the database answers": whether the instance folder (and
the SQLite database's) can still take a write, and whether any consumer takes jobs off the
queue (a Redis queue with no `flask worker` sends no reminder, ever)."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import flask_migrate
import pytest

from habitory.extensions import db
from habitory.jobs import queue
from habitory.jobs.consumer import EMBEDDED

MB = 1024 * 1024


def test_healthz_reports_the_instance_folders_free_space(client, app):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json
    assert body["status"] == "ok" and body["database"] == "ok" and body["queue"] == "ok"
    assert body["disk"] == "ok"
    free = shutil.disk_usage(app.instance_path).free
    assert abs(body["disk_free_mb"] - free // MB) <= 64  # other tests write meanwhile


def test_healthz_is_503_when_the_instance_folder_is_nearly_full(make_app):
    """Below HABITORY_HEALTHZ_MIN_FREE_MB every write fails (check-ins, sessions' failed-login
    records, the queue): the host hears it from the health check, not from its users."""
    app = make_app()
    app.config["HEALTHZ_MIN_FREE_MB"] = shutil.disk_usage(app.instance_path).free // MB + 10_000
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    body = response.json
    assert body["status"] == "error" and body["database"] == "ok"
    assert body["disk"] == "full"
    assert "free" in body["detail"] and "HABITORY_HEALTHZ_MIN_FREE_MB" in body["detail"]


def test_healthz_is_503_when_the_instance_folder_refuses_a_write(make_app, monkeypatch):
    """A read-only remount or an exhausted quota: free space alone would not show it."""
    app = make_app()
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    real_open = os.open

    def no_space(path, flags, *args, **kwargs):
        if flags & os.O_CREAT and os.fspath(path).startswith(app.instance_path):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", no_space)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["disk"] == "unwritable" and response.json["database"] == "ok"
    assert "No space left on device" in response.json["detail"]
    monkeypatch.setattr(os, "open", real_open)
    assert client.get("/healthz").status_code == 200
    assert [p for p in Path(app.instance_path).iterdir() if "healthz" in p.name] == []


def test_a_write_refused_only_on_close_leaves_no_probe_file(make_app, monkeypatch):
    """On NFS or under a quota a full disk may be told only when the file is closed."""
    app = make_app()
    client = app.test_client()
    real_close = os.close

    def refused_close(fd):
        real_close(fd)
        raise OSError(errno.EDQUOT, "Disk quota exceeded")

    monkeypatch.setattr(os, "close", refused_close)
    answers = [client.get("/healthz") for _ in range(3)]
    monkeypatch.setattr(os, "close", real_close)
    assert [a.status_code for a in answers] == [503] * 3
    assert "Disk quota exceeded" in answers[0].json["detail"]
    assert [p for p in Path(app.instance_path).iterdir() if "healthz" in p.name] == []


def test_healthz_answers_within_its_timeout_whatever_hangs(make_app, monkeypatch):
    """A database that answers just in time, then a folder and a queue that hang: one answer
    within HEALTHZ_TIMEOUT (the checks waited for each in turn: 8 s for a 3 s timeout)."""
    from habitory import health

    app = make_app(HEALTHZ_TIMEOUT=1.5, QUEUE_HEALTH_TIMEOUT=1.0)
    real_query = health._query
    monkeypatch.setattr(health, "_query",
                        lambda engine, seconds: (time.sleep(1.0), real_query(engine, seconds))[1])
    monkeypatch.setattr(health, "_disk", lambda folders, free: time.sleep(10))
    monkeypatch.setattr(app.extensions["habitory_queue"].huey, "pending_count",
                        lambda: time.sleep(10))
    began = time.monotonic()
    response = app.test_client().get("/healthz")
    assert response.status_code == 503 and response.json["database"] == "ok"
    assert time.monotonic() - began < 1.5 + 0.5


def test_healthz_says_when_no_worker_consumes_the_redis_queue(make_app, redis_queue,
                                                             monkeypatch):
    """Still 200 and status "ok" (web nodes are fine: a load balancer must not take them all
    out for want of a worker), with a `workers` field a monitor can alert on."""
    app = make_app(QUEUE_URL=redis_queue)
    client = app.test_client()
    body = client.get("/healthz").json
    assert body["status"] == "ok" and body["queue"] == "ok"
    assert body["workers"] == "none seen yet"

    now = time.time()
    queue.heartbeat(queue.of(app).huey)  # a worker was alive ...
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json["workers"] == "ok"
    later = now + 600
    monkeypatch.setattr(queue, "clock", lambda: later)  # ... ten minutes ago
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json["status"] == "ok"
    assert response.json["workers"].startswith("none seen in ")
    assert 595 <= response.json["workers_last_seen_seconds"] <= 605


def test_a_flask_worker_process_is_seen_by_healthz(make_app, app_config, redis_queue, tmp_path):
    """The real `flask --app habitory worker`, on Redis, as README's multi-host setup runs it."""
    folder = tmp_path / "worker-instance"
    url = f"sqlite:///{folder}/habitory.sqlite3"
    web = make_app(QUEUE_URL=redis_queue, INSTANCE_PATH=str(folder),
                   SQLALCHEMY_DATABASE_URI=url)
    with web.app_context():
        flask_migrate.upgrade()
        db.engine.dispose()
    client = web.test_client()
    assert client.get("/healthz").json["workers"] == "none seen yet"
    env = {**os.environ, "DATABASE_URL": url, "HABITORY_INSTANCE": str(folder),
           "HABITORY_QUEUE_URL": redis_queue, "SECRET_KEY": "a" * 20 + "-worker-test-key",
           "HABITORY_SCHEDULER": "0"}
    flask = Path(sys.executable).with_name("flask")
    worker = subprocess.Popen([str(flask), "--app", "habitory", "worker"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while client.get("/healthz").json["workers"] != "ok":
            if worker.poll() is not None or time.monotonic() > deadline:
                worker.kill()
                pytest.fail("healthz never saw the worker: "
                            + worker.communicate()[0].decode()[-2000:])
            time.sleep(0.3)
    finally:
        worker.terminate()
        worker.communicate(timeout=20)


@pytest.fixture
def garbage_collector_restored():
    """The app freezes the collector when it starts serving: undo it after the test."""
    import gc

    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_the_embedded_consumer_is_seen_by_healthz(make_app, garbage_collector_restored):
    """`make run`'s default: the web process's own consumer thread counts as a worker."""
    served = make_app(TESTING=False, CHECK_MIGRATIONS=False, EMBEDDED_WORKER=True,
                      SCHEDULER_ENABLED=False)
    try:
        body = served.test_client().get("/healthz").json
        assert body["status"] == "ok" and body["workers"] == "ok"
    finally:
        served.extensions[EMBEDDED].stop(graceful=True)


def test_healthz_says_unwritable_when_a_folder_is_gone(make_app, monkeypatch):
    """A folder moved away or unmounted while serving: "disk" is one of the README's states
    and the detail names the folder and why (it said "instance folder: FileNotFoundError")."""
    app = make_app()
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    real_usage = shutil.disk_usage

    def gone(path):
        if os.fspath(path).startswith(app.instance_path):
            raise FileNotFoundError(errno.ENOENT, "No such file or directory")
        return real_usage(path)

    monkeypatch.setattr(shutil, "disk_usage", gone)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["disk"] == "unwritable" and response.json["database"] == "ok"
    assert ("the instance folder cannot take a write: No such file or directory"
            in response.json["detail"])

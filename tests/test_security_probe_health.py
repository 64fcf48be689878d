"""/healthz to a stranger: the status code and the coarse states a load balancer or an uptime
monitor acts on, and how many jobs wait (issue 12's contract), but not the host's other
numbers (free disk, when a worker was last seen) nor the reasons (exception names, paths); the
operator on the host still gets them."""

from __future__ import annotations

import pytest

from habitory import create_app

STRANGER = {"REMOTE_ADDR": "203.0.113.7"}
HOST = {"REMOTE_ADDR": "127.0.0.1"}
SECRETS = ("disk_free_mb", "workers_last_seen_seconds", "detail")


def test_a_stranger_hears_whether_it_is_up_but_not_the_hosts_numbers(client):
    full = client.get("/healthz", environ_base=HOST)
    public = client.get("/healthz", environ_base=STRANGER)
    assert full.status_code == public.status_code == 200
    assert public.headers["Cache-Control"] == "no-store"
    assert "disk_free_mb" in full.json and "jobs_waiting" in full.json
    assert public.json["status"] == full.json["status"] == "ok"
    assert public.json["database"] == "ok" and public.json["disk"] == "ok"
    assert public.json["queue"] == "ok"
    assert public.json["jobs_waiting"] == full.json["jobs_waiting"]
    assert public.json["workers"] in ("ok", "none seen")
    for name in SECRETS:
        assert name not in public.json, name


@pytest.mark.parametrize("header", ["X-Forwarded-For", "Forwarded", "X-Real-IP"])
def test_a_request_a_proxy_on_the_host_forwarded_is_a_strangers(client, header):
    """nginx on the same machine connects from 127.0.0.1 for everyone it forwards."""
    response = client.get("/healthz", environ_base=HOST, headers={header: "127.0.0.1"})
    assert response.status_code == 200 and response.json["status"] == "ok"
    assert "disk_free_mb" not in response.json


def test_a_proxy_on_the_host_that_forwards_no_address_is_still_no_operator(client):
    """nginx's `location = /healthz` block sends Host: <upstream name> and, unless told to,
    no X-Forwarded-For: the site's name or the upstream's is no loopback name."""
    for host in ("habits.example.org", "habitory", "web1.internal:8000"):
        response = client.get("/healthz", environ_base=HOST, headers={"Host": host})
        assert response.status_code == 200 and "disk_free_mb" not in response.json, host
    for host in ("[::1", "127.0.0.1:x", "", "localhost.evil.example"):
        response = client.get("/healthz", environ_base=HOST, headers={"Host": host})
        assert response.status_code == 200 and "disk_free_mb" not in response.json, host
    for host in ("localhost:8000", "127.0.0.1:8000", "[::1]:8000"):
        response = client.get("/healthz", environ_base=HOST, headers={"Host": host})
        assert "disk_free_mb" in response.json, host


def test_behind_a_trusted_proxy_a_forged_loopback_address_is_still_a_stranger(make_app):
    app = make_app(PROXY_HOPS=1)
    response = app.test_client().get("/healthz", environ_base=STRANGER,
                                     headers={"X-Forwarded-For": "127.0.0.1"})
    assert response.status_code == 200 and "disk_free_mb" not in response.json


def test_ipv6_loopback_is_the_host(client):
    response = client.get("/healthz", environ_base={"REMOTE_ADDR": "::1"})
    assert "disk_free_mb" in response.json


def test_a_down_database_is_503_for_everyone_with_the_reason_for_the_host_only(tmp_path):
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x",
                      "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://postgres@127.0.0.1:1/no"})
    client = app.test_client()
    public = client.get("/healthz", environ_base=STRANGER)
    full = client.get("/healthz", environ_base=HOST)
    assert public.status_code == full.status_code == 503
    assert public.json == {"status": "error", "database": "unreachable"}
    assert full.json["detail"]


def test_a_full_disk_is_503_for_everyone_without_the_free_space(make_app):
    app = make_app(HEALTHZ_MIN_FREE_MB=10**12)
    client = app.test_client()
    public = client.get("/healthz", environ_base=STRANGER)
    assert public.status_code == 503
    assert public.json["status"] == "error" and public.json["disk"] == "full"
    for name in SECRETS:
        assert name not in public.json, name
    assert "MB free" in client.get("/healthz", environ_base=HOST).json["detail"]


def test_checks_that_arrive_together_all_hear_the_truth(make_app, monkeypatch):
    """Two load balancers and a monitor asking at the same moment (or anyone sending a burst:
    /healthz has no rate limit) must not read 503 from a healthy node: a check that arrives
    while another's probe runs waits for that probe instead of saying "timeout" at once."""
    import threading
    import time

    from habitory import health

    app = make_app(HEALTHZ_TIMEOUT=3)
    real_query = health._query
    # A database that takes a moment, as a busy one does: the checks overlap for certain.
    monkeypatch.setattr(health, "_query",
                        lambda engine, seconds: (time.sleep(0.3), real_query(engine, seconds))[1])
    statuses: list[int] = []

    def check():
        statuses.append(app.test_client().get("/healthz", environ_base=STRANGER).status_code)

    threads = [threading.Thread(target=check) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert statuses == [200] * 6

"""Push delivery under hostile or broken push services: a name that resolves to a public
address when checked and to a local one when connected (DNS rebinding), and a push service
that accepts connections and never answers, which must not hold up other people's reminders."""

from __future__ import annotations

import html
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from habitory.domain.rules_run import run_reminders
from habitory.extensions import db
from habitory.models import Notification, User
from habitory.pwa import delivery

from .push_support import Browser, SilentHost, due_reminder, subscriptions

AT_EIGHT = datetime(2026, 11, 25, 8, 0, 30, tzinfo=UTC)


def register_bob(app):
    other = app.test_client()
    other.post("/register", data={"email": "bob@example.com", "password": "correct horse battery",
                                  "confirm": "correct horse battery", "timezone": "UTC"})
    return other


def test_a_name_that_rebinds_to_a_local_address_gets_no_request(
        app, client, user, push_service, monkeypatch):
    """The name check passed (a public answer), the connection reached loopback: refused
    before a byte of the request is sent."""
    endpoint = push_service.url("/send/x").replace("127.0.0.1", "localhost")
    client.post("/push/subscriptions", data=Browser(endpoint).fields())
    due_reminder("ada@example.com")
    app.config["PUSH_ALLOW_HTTP"] = False
    monkeypatch.setattr(delivery, "resolves_to_public", lambda hostname: True)

    assert run_reminders(AT_EIGHT) == 1

    assert push_service.received == []
    assert len(subscriptions("ada@example.com")) == 1
    assert db.session.scalar(sa.select(sa.func.count(Notification.id))) == 1


@pytest.mark.parametrize("address", ["127.0.0.1", "::ffff:127.0.0.1", "10.1.2.3",
                                     "::ffff:10.1.2.3", "169.254.169.254", "fe80::1%eth0"])
def test_local_addresses_are_not_public(address):
    from habitory.pwa.endpoints import is_public_address

    assert not is_public_address(address)
    assert is_public_address("93.184.216.34") and is_public_address("2606:4700::1111")


def test_a_push_service_that_never_answers_delays_nobody_else(
        app, client, user, push_service, monkeypatch):
    """Ada subscribed six browsers on a host that accepts and never answers; Bob one on a
    working push service. Bob's reminder is delivered, and Ada's host is given up on after its
    second miss (with two requests in flight, three tries at most), not tried six times one
    after another."""
    monkeypatch.setattr(delivery, "TIMEOUT_SECONDS", 1)
    monkeypatch.setattr(delivery, "WORKERS", 2)
    silent = SilentHost()
    try:
        for n in range(6):
            client.post("/push/subscriptions",
                        data=Browser(silent.url(f"/send/ada-{n}")).fields())
        bob = register_bob(app)
        bob_browser = Browser(push_service.url("/send/bob"))
        bob.post("/push/subscriptions", data=bob_browser.fields())
        due_reminder("ada@example.com")
        due_reminder("bob@example.com")

        assert run_reminders(AT_EIGHT) == 2

        assert [path for path, _, _ in push_service.received] == ["/send/bob"]
        assert bob_browser.decrypt(push_service.received[0][2])["title"] == "Time for Stretch"
        assert 2 <= len(silent.connections) <= 3
        assert len(subscriptions("ada@example.com")) == 6  # unreachable is not gone: kept
    finally:
        silent.close()


def test_the_test_notification_reports_only_the_devices_that_accepted_it(
        app, client, user, push_service, monkeypatch):
    monkeypatch.setattr(delivery, "TIMEOUT_SECONDS", 1)
    silent = SilentHost()
    try:
        client.post("/push/subscriptions", data=Browser(silent.url("/send/a")).fields())
        client.post("/push/subscriptions",
                    data=Browser(push_service.url("/send/b")).fields())
        response = client.post("/push/test", follow_redirects=True)
        assert ("A test notification went to 1 of your 2 devices; the others' push services "
                "did not take it.") in html.unescape(response.get_data(as_text=True))
        client.post("/push/subscriptions/delete", data={"endpoint": push_service.url("/send/b")})
        alone = client.post("/push/test", follow_redirects=True).get_data(as_text=True)
        assert "push service did not take the test notification" in alone
        assert "No device received it" not in alone  # it is subscribed: not that advice
    finally:
        silent.close()


def test_an_account_with_many_hanging_push_hosts_is_given_up_on_after_three(
        app, client, user, push_service, monkeypatch):
    """Six subscriptions, each on its own host that never answers (what an account set up to
    slow the server down would do): three timeouts, then the rest of its pushes are skipped;
    Bob's still arrives."""
    monkeypatch.setattr(delivery, "TIMEOUT_SECONDS", 0.5)
    monkeypatch.setattr(delivery, "WORKERS", 1)
    hosts = [SilentHost() for _ in range(6)]
    try:
        for n, host in enumerate(hosts):
            client.post("/push/subscriptions", data=Browser(host.url(f"/send/{n}")).fields())
        bob = register_bob(app)
        bob.post("/push/subscriptions", data=Browser(push_service.url("/send/bob")).fields())
        due_reminder("ada@example.com")
        due_reminder("bob@example.com")

        assert run_reminders(AT_EIGHT) == 2

        assert [path for path, _, _ in push_service.received] == ["/send/bob"]
        assert sum(len(host.connections) for host in hosts) == 3
    finally:
        for host in hosts:
            host.close()


def test_the_test_notification_is_limited_per_account(make_app, push_service):
    app = make_app(RATELIMIT_ENABLED=True, PUSH_TEST_LIMIT="2 per minute",
                   PUSH_ALLOW_HTTP=True)
    clients = [app.test_client() for _ in range(2)]
    for n, client in enumerate(clients):
        client.post("/register", data={
            "email": f"u{n}@example.com", "password": "correct horse battery",
            "confirm": "correct horse battery", "timezone": "UTC"})
        client.post("/push/subscriptions",
                    data=Browser(push_service.url(f"/send/{n}")).fields())
    first, second = clients
    assert [first.post("/push/test").status_code for _ in range(3)] == [303, 303, 429]
    assert "Too many attempts" in first.post("/push/test").get_data(as_text=True)
    assert len(push_service.received) == 2
    assert second.post("/push/test").status_code == 303  # another account: its own limit
    assert len(push_service.received) == 3


def test_one_dropped_request_does_not_cost_others_on_that_push_service_their_push(
        app, client, user, push_service, monkeypatch):
    """Most browsers share a few push services: one request that got no answer there (Ada's)
    is no reason to skip Bob's on the same service."""
    monkeypatch.setattr(delivery, "TIMEOUT_SECONDS", 0.5)
    monkeypatch.setattr(delivery, "WORKERS", 1)
    client.post("/push/subscriptions", data=Browser(push_service.url("/send/ada")).fields())
    bob = register_bob(app)
    bob_browser = Browser(push_service.url("/send/bob"))
    bob.post("/push/subscriptions", data=bob_browser.fields())
    due_reminder("ada@example.com")
    due_reminder("bob@example.com")
    push_service.stall_first = 1.0  # Ada's request, the first, gets no answer in time

    assert run_reminders(AT_EIGHT) == 2

    assert push_service.stall_first == 0  # Ada's request came, and got no answer in time
    assert [path for path, _, _ in push_service.received] == ["/send/bob"]
    assert bob_browser.decrypt(push_service.received[0][2])["title"] == "Time for Stretch"


def test_a_reminder_is_pushed_in_the_language_its_reader_reads(app, client, user,
                                                               push_service):
    """The job that pushes has no page and no Accept-Language: a device gets the language its
    browser asked for when it subscribed, unless the user chose one in Settings."""
    french = Browser(push_service.url("/send/fr-phone"))
    english = Browser(push_service.url("/send/en-laptop"))
    client.post("/push/subscriptions", data=french.fields(),
                headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    client.post("/push/subscriptions", data=english.fields(),
                headers={"Accept-Language": "en-GB"})
    due_reminder("ada@example.com")

    assert run_reminders(AT_EIGHT) == 1

    sent = {path: body for path, _, body in push_service.received}
    assert french.decrypt(sent["/send/fr-phone"])["title"] == "C’est l’heure de Stretch"
    assert french.decrypt(sent["/send/fr-phone"])["body"] == \
        "Il est 08:00\u202f: Stretch n’est pas encore cochée aujourd’hui."
    assert english.decrypt(sent["/send/en-laptop"])["title"] == "Time for Stretch"


def test_the_language_chosen_in_settings_wins_on_every_device(app, client, user,
                                                              push_service):
    browser = Browser(push_service.url("/send/phone"))
    client.post("/push/subscriptions", data=browser.fields(),
                headers={"Accept-Language": "fr"})
    db.session.execute(sa.update(User).where(User.email == "ada@example.com")
                       .values(language="de"))
    db.session.commit()
    due_reminder("ada@example.com")

    assert run_reminders(AT_EIGHT) == 1

    pushed = browser.decrypt(push_service.received[0][2])
    assert pushed["title"] == "Zeit für Stretch"
    assert pushed["body"] == "Es ist 08:00: Stretch ist heute noch nicht abgehakt."

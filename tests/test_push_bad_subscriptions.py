"""A push subscription that cannot be signed or encrypted for: the subscribe form refuses it
with its reason, and one stored before the form did (or written by anything else) costs only
its own push: everybody else's reminders and the test notification still go out."""

from __future__ import annotations

import html
import logging
from datetime import UTC, datetime

import pytest

from habitory.domain import push
from habitory.domain.rules_run import run_reminders
from habitory.pwa import delivery
from habitory.pwa.endpoints import is_public_address

from .conftest import HTMX
from .push_support import Browser, b64, due_reminder, subscriptions

AT_EIGHT = datetime(2026, 11, 25, 8, 0, 30, tzinfo=UTC)
OFF_THE_CURVE = b64(b"\x04" + b"\x01" * 64)  # the right length and prefix, no P-256 point
ODD_CHARACTERS = "without spaces, control characters or letters outside ASCII"
NOT_A_NAME = "by a domain name, not an IP address"
BAD_PORT = "port must be a number from 1 to 65535"


@pytest.mark.parametrize(("change", "message"), [
    ({"endpoint": "https://[2607:f8b0:4004:c1b::5f]/send/x"}, NOT_A_NAME),
    ({"endpoint": "https://93.184.216.34/send/x"}, NOT_A_NAME),
    ({"endpoint": "https://2130706433/send/x"}, NOT_A_NAME),  # 127.0.0.1 to getaddrinfo
    ({"endpoint": "https://fcm/send/x"}, NOT_A_NAME),
    ({"endpoint": "https://fcm.googleapis.com:abc/send/x"}, BAD_PORT),
    ({"endpoint": "https://fcm.googleapis.com:/send/x"}, BAD_PORT),
    ({"endpoint": "https://fcm.googleapis.com:0/send/x"}, BAD_PORT),
    ({"endpoint": "https://fcm.googleapis.com:70000/send/x"}, BAD_PORT),
    ({"endpoint": "https://@fcm.googleapis.com/send/x"}, "must be an https:// address"),
    ({"endpoint": "https://fcm.googleapis.com/send/x\x00y"}, ODD_CHARACTERS),
    ({"endpoint": "https://fcm.googleapis.com/send/x y"}, ODD_CHARACTERS),
    ({"endpoint": "https://fcm.googleapis.com/send/\tx"}, ODD_CHARACTERS),
    ({"endpoint": "https://fcm.googleapis.com/send/é"}, ODD_CHARACTERS),
    ({"p256dh": OFF_THE_CURVE}, "not a P-256 public key"),
    ({"p256dh": "\x00"}, "not a P-256 public key"),
])
def test_a_subscription_delivery_could_not_use_is_refused_with_its_reason(
        client, user, change, message):
    fields = {**Browser("https://fcm.googleapis.com/send/1").fields(), **change}
    response = client.post("/push/subscriptions", data=fields, headers=HTMX)
    assert response.status_code == 422
    assert message in html.unescape(response.get_data(as_text=True))
    assert subscriptions("ada@example.com") == []


@pytest.mark.parametrize("field", ["p256dh", "auth"])
def test_a_key_with_a_nul_or_a_space_in_it_is_refused_not_stored(client, user, field):
    """base64's lenient decoder skips what is not base64: the key decoded fine and was stored
    as sent, NUL included (which PostgreSQL refuses with a 500). Four of them: the padding
    still adds up."""
    fields = Browser("https://fcm.googleapis.com/send/1").fields()
    for junk in ("\x00" * 4, " " * 4, "\x00 \t\n"):
        sent = {**fields, field: fields[field][:8] + junk + fields[field][8:]}
        response = client.post("/push/subscriptions", data=sent, headers=HTMX)
        assert response.status_code == 422
    assert subscriptions("ada@example.com") == []


@pytest.mark.parametrize("endpoint", [
    "https://fcm.googleapis.com/fcm/send/dGVzdA:APA91b",
    "https://updates.push.services.mozilla.com:443/wpush/v2/gAAAAA",
    "https://web.push.apple.com./QGx",
])
def test_push_services_endpoints_are_accepted(client, user, endpoint):
    assert client.post("/push/subscriptions", data=Browser(endpoint).fields()).status_code == 204
    assert [s.endpoint for s in subscriptions("ada@example.com")] == [endpoint]


def test_a_subscription_stored_before_these_checks_can_still_be_turned_off(client, user):
    """push.js unsubscribes the browser only once the server forgot the endpoint: a refusal
    would leave it subscribed, and skipped, for good."""
    bad = "https://[2607:f8b0:4004:c1b::5f]/send/x"
    push.subscribe(user.id, bad, OFF_THE_CURVE, b64(b"a" * 16))
    assert client.post("/push/subscriptions/delete", data={"endpoint": bad}).status_code == 204
    assert subscriptions("ada@example.com") == []
    nul = client.post("/push/subscriptions/delete", data={"endpoint": "https://a.b/\x00"},
                      headers=HTMX)
    assert nul.status_code == 422 and ODD_CHARACTERS in html.unescape(nul.get_data(as_text=True))


def store_unusable(user_id: int, push_service) -> list[str]:
    """Five subscriptions no push can be sent to, as stored before the form refused them: an
    IPv6 literal, an empty and a non-numeric port, a key off the curve (none can be signed or
    encrypted for), and a space in the path (http.client refuses to send it)."""
    keys = Browser("unused").fields()
    endpoints = [push_service.url("/send/v6").replace("127.0.0.1", "[::1]"),
                 push_service.url("/send/empty-port").replace(
                     f":{push_service.server.server_port}", ":"),
                 "http://127.0.0.1:abc/send/letters-port"]
    for endpoint in endpoints:
        push.subscribe(user_id, endpoint, keys["p256dh"], keys["auth"])
    push.subscribe(user_id, push_service.url("/send/off-curve"), OFF_THE_CURVE, keys["auth"])
    push.subscribe(user_id, push_service.url("/send/a space"), keys["p256dh"], keys["auth"])
    return endpoints


def test_unusable_subscriptions_cost_only_their_own_push(
        app, client, user, push_service, caplog):
    """Ada has five unusable subscriptions and a good one, Bob a good one: both good ones get
    the reminder, each of Ada's two, and each that cannot be prepared is logged once a
    batch."""
    store_unusable(user.id, push_service)
    ada = Browser(push_service.url("/send/ada"))
    client.post("/push/subscriptions", data=ada.fields())
    bob_client = app.test_client()
    bob_client.post("/register", data={
        "email": "bob@example.com", "password": "correct horse battery",
        "confirm": "correct horse battery", "timezone": "UTC"})
    bob = Browser(push_service.url("/send/bob"))
    bob_client.post("/push/subscriptions", data=bob.fields())
    due_reminder("ada@example.com")
    due_reminder("ada@example.com", "Read")
    due_reminder("bob@example.com")

    with caplog.at_level(logging.WARNING, logger="habitory.pwa.delivery"):
        assert run_reminders(AT_EIGHT) == 3

    paths = sorted(path for path, _, _ in push_service.received)
    assert paths == ["/send/ada", "/send/ada", "/send/bob"]
    (to_bob,) = [body for path, _, body in push_service.received if path == "/send/bob"]
    assert bob.decrypt(to_bob)["title"] == "Time for Stretch"
    skipped = [r for r in caplog.records if "cannot be sent to" in r.getMessage()]
    assert len(skipped) == 5
    # Skipped, not forgotten: a browser may renew them. The key off the curve never can be
    # used by any browser, so it is deleted (tests/test_host_push_cleanup.py).
    assert len(subscriptions("ada@example.com")) == 5


def test_the_test_notification_answers_for_an_unusable_subscription(
        client, user, push_service):
    push.subscribe(user.id, push_service.url("/send/off-curve"), OFF_THE_CURVE,
                   b64(b"a" * 16))
    alone = client.post("/push/test", follow_redirects=True)
    assert alone.status_code == 200
    assert "push service did not take the test notification" in html.unescape(
        alone.get_data(as_text=True))

    store_unusable(user.id, push_service)
    good = Browser(push_service.url("/send/good"))
    client.post("/push/subscriptions", data=good.fields())
    mixed = client.post("/push/test", follow_redirects=True)
    assert mixed.status_code == 200
    assert ("A test notification went to 1 of your 6 devices; the others' push services did "
            "not take it.") in html.unescape(mixed.get_data(as_text=True))
    assert [path for path, _, _ in push_service.received] == ["/send/good"]


def test_a_request_that_cannot_be_made_costs_its_push_service_nothing(
        client, user, push_service, monkeypatch):
    """A push service most browsers share is given up on for the batch after two requests
    without an answer. Ada's endpoint with a space in it, which http.client refuses to send
    (were the check before it ever to miss one), got no answer twice; that must not cost her
    other browser on the same push service its second reminder."""
    monkeypatch.setattr(delivery, "WORKERS", 1)
    monkeypatch.setattr(delivery, "is_plain_url", lambda url: True, raising=False)
    keys = Browser("unused").fields()
    push.subscribe(user.id, push_service.url("/send/a space"), keys["p256dh"], keys["auth"])
    good = Browser(push_service.url("/send/good"))
    client.post("/push/subscriptions", data=good.fields())
    due_reminder("ada@example.com")
    due_reminder("ada@example.com", "Read")

    assert run_reminders(AT_EIGHT) == 2

    assert [path for path, _, _ in push_service.received] == ["/send/good"] * 2


@pytest.mark.parametrize("address", [
    "64:ff9b::a9fe:a9fe",  # 169.254.169.254 through NAT64's well-known prefix
    "64:ff9b::7f00:1", "64:ff9b::a00:1",
    "64:ff9b:1::5db8:d822", "64:ff9b:1:5db8:d822::",  # NAT64 for local use only (RFC 8215)
    "::a9fe:a9fe", "::7f00:1", "::10.0.0.1",  # IPv4-compatible
    "::ffff:0:7f00:1",  # IPv4-translated
    "2002:a9fe:a9fe::1", "2002:7f00:1::", "2002:c0a8:101::1",  # 6to4 of local addresses
])
def test_an_ipv6_address_carrying_a_local_ipv4_one_is_not_public(address):
    assert not is_public_address(address)


@pytest.mark.parametrize("address", [
    "64:ff9b::5db8:d822", "2002:5db8:d822::1", "::ffff:0:5db8:d822", "2606:4700::1111",
])
def test_an_ipv6_address_carrying_a_public_ipv4_one_stays_public(address):
    assert is_public_address(address)

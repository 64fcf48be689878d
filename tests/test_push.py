"""The installable app's server side: the manifest and its icons, the service worker's headers,
push subscriptions (validated, per user), and a reminder delivered as an RFC 8291 Web Push to
a push service on loopback, decrypted here with the subscription's own keys."""

from __future__ import annotations

import json
import struct
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from py_vapid import Vapid02

from habitory.domain.rules_run import run_reminders
from habitory.extensions import db
from habitory.models import Notification, PushSubscription

from .conftest import HTMX
from .push_support import Browser, PushService, b64, due_reminder, subscriptions


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_manifest_names_the_app_and_its_icons_load(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.data)
    assert manifest["name"] == "Habitory" and manifest["short_name"] == "Habitory"
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    assert manifest["background_color"] == "#FFFFFF" and manifest["theme_color"] == "#FFFFFF"
    sizes = {}
    for icon in manifest["icons"]:
        with client.get(icon["src"]) as image:
            assert image.status_code == 200 and image.mimetype == "image/png"
            width, height = png_size(image.data)
        assert icon["sizes"] == f"{width}x{height}"
        sizes[(width, icon["purpose"])] = True
    assert {(192, "any"), (512, "any"), (512, "maskable")} <= set(sizes)


def test_every_page_links_the_manifest_and_both_theme_colours(client):
    html = client.get("/login").get_data(as_text=True)
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert 'content="#191919" media="(prefers-color-scheme: dark)"' in html
    assert '<meta name="theme-color" content="#FFFFFF">' in html
    client.set_cookie("theme", "dark")
    html = client.get("/login").get_data(as_text=True)
    assert '<meta name="theme-color" content="#191919">' in html


def test_service_worker_is_served_from_the_root_for_the_whole_app(client):
    with client.get("/sw.js") as response:
        assert response.status_code == 200
        assert response.mimetype == "text/javascript"
        assert response.headers["Service-Worker-Allowed"] == "/"
        assert response.headers["Cache-Control"] == "no-cache"
        assert b"addEventListener(\"fetch\"" in response.data


def test_subscription_is_stored_for_the_user(client, user, push_service):
    browser = Browser(push_service.url("/send/abc"))
    assert client.post("/push/subscriptions", data=browser.fields()).status_code == 204
    (stored,) = subscriptions("ada@example.com")
    assert stored.endpoint == browser.endpoint and stored.auth == browser.fields()["auth"]
    # The same browser again (keys refreshed): still one row.
    again = Browser(browser.endpoint)
    assert client.post("/push/subscriptions", data=again.fields()).status_code == 204
    (stored,) = subscriptions("ada@example.com")
    assert stored.p256dh == again.fields()["p256dh"]


@pytest.mark.parametrize(("change", "message"), [
    ({"endpoint": "http://push.example.com/x"}, "must be an https:// address"),
    ({"endpoint": "https://user:pw@push.example.com/x"}, "must be an https:// address"),
    ({"endpoint": ""}, "The push endpoint is missing."),
    ({"p256dh": b64(b"\x04" + b"x" * 10)}, "not a P-256 public key"),
    ({"p256dh": "***"}, "not a P-256 public key"),
    ({"auth": b64(b"short")}, "must be 16 bytes"),
])
def test_a_bad_subscription_is_refused_with_its_reason(client, user, change, message):
    fields = {**Browser("https://push.example.com/send/1").fields(), **change}
    response = client.post("/push/subscriptions", data=fields, headers=HTMX)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert subscriptions("ada@example.com") == []


def test_anonymous_cannot_subscribe(app):
    fields = Browser("https://push.example.com/send/1").fields()
    response = app.test_client().post("/push/subscriptions", data=fields)
    assert response.status_code == 303 and "/login" in response.headers["Location"]
    assert db.session.scalar(sa.select(sa.func.count(PushSubscription.id))) == 0


def test_another_user_cannot_remove_my_subscription(app, client, auth, user):
    browser = Browser("https://push.example.com/send/ada")
    client.post("/push/subscriptions", data=browser.fields())
    other = app.test_client()
    other.post("/register", data={"email": "bob@example.com", "password": "correct horse battery",
                                  "confirm": "correct horse battery", "timezone": "UTC"})
    other.post("/push/subscriptions/delete", data={"endpoint": browser.endpoint})
    assert len(subscriptions("ada@example.com")) == 1
    # My own removal works.
    assert client.post("/push/subscriptions/delete",
                       data={"endpoint": browser.endpoint}).status_code == 204
    assert subscriptions("ada@example.com") == []


def test_a_browser_subscribed_by_another_account_moves_to_it(app, client, user):
    browser = Browser("https://push.example.com/send/shared-tablet")
    client.post("/push/subscriptions", data=browser.fields())
    other = app.test_client()
    other.post("/register", data={"email": "bob@example.com", "password": "correct horse battery",
                                  "confirm": "correct horse battery", "timezone": "UTC"})
    other.post("/push/subscriptions", data=browser.fields())
    assert subscriptions("ada@example.com") == []
    assert len(subscriptions("bob@example.com")) == 1


def test_a_stored_reminder_reaches_the_browser_encrypted_for_it(client, user, push_service):
    browser = Browser(push_service.url("/send/ada-phone"))
    client.post("/push/subscriptions", data=browser.fields())
    habit = due_reminder("ada@example.com")

    assert run_reminders(datetime(2026, 11, 25, 8, 0, 30, tzinfo=UTC)) == 1

    (path, headers, body) = push_service.received[0]
    assert len(push_service.received) == 1 and path == "/send/ada-phone"
    assert headers["content-encoding"] == "aes128gcm" and int(headers["ttl"]) > 0
    assert browser.decrypt(body) == {
        "title": "Time for Stretch",
        "body": "It is 8:00\u202fAM: Stretch is not ticked off yet today.",
        "url": f"/habits/{habit.id}", "tag": f"/habits/{habit.id}",
    }
    # Signed with this instance's VAPID key, the one the browser subscribed with.
    assert headers["authorization"].startswith("vapid t=")
    assert Vapid02.verify(headers["authorization"])
    public = client.get("/settings").get_data(as_text=True).split('data-key="')[1].split('"')[0]
    assert headers["authorization"].endswith("k=" + public)
    # A second tick in the same minute: no second reminder, no second push.
    assert run_reminders(datetime(2026, 11, 25, 8, 1, tzinfo=UTC)) == 0
    assert len(push_service.received) == 1


def test_a_gone_subscription_is_forgotten_and_the_reminder_kept(client, user, push_service):
    push_service.status = 410
    client.post("/push/subscriptions", data=Browser(push_service.url("/send/old")).fields())
    due_reminder("ada@example.com")
    assert run_reminders(datetime(2026, 11, 25, 8, 0, 30, tzinfo=UTC)) == 1
    assert subscriptions("ada@example.com") == []
    assert db.session.scalar(sa.select(sa.func.count(Notification.id))) == 1


def test_an_unreachable_push_service_costs_nothing_but_the_push(client, user, push_service):
    dead = PushService()
    endpoint = dead.url("/send/x")
    dead.close()  # nobody listens there any more
    client.post("/push/subscriptions", data=Browser(endpoint).fields())
    due_reminder("ada@example.com")
    assert run_reminders(datetime(2026, 11, 25, 8, 0, 30, tzinfo=UTC)) == 1
    assert len(subscriptions("ada@example.com")) == 1  # may come back: kept
    assert client.get("/notifications").status_code == 200
    assert "Time for Stretch" in client.get("/notifications").get_data(as_text=True)


def test_test_notification_goes_to_my_devices_only(app, client, user, push_service):
    browser = Browser(push_service.url("/send/mine"))
    client.post("/push/subscriptions", data=browser.fields())
    other = app.test_client()
    other.post("/register", data={"email": "bob@example.com", "password": "correct horse battery",
                                  "confirm": "correct horse battery", "timezone": "UTC"})
    response = other.post("/push/test", follow_redirects=True)
    assert "No device received it" in response.get_data(as_text=True)
    assert push_service.received == []
    response = client.post("/push/test", follow_redirects=True)
    assert "A test notification went to 1 device." in response.get_data(as_text=True)
    assert browser.decrypt(push_service.received[0][2])["body"] == \
        "Notifications reach this device."


# The server POSTs to a URL a browser handed it: never into its own network (SSRF).

@pytest.mark.parametrize("endpoint", [
    "https://127.0.0.1/send/x", "https://10.0.0.5/send/x", "https://[::1]/send/x",
    "https://169.254.169.254/latest/meta-data", "https://localhost/send/x",
    "https://db.internal/send/x", "https://printer.local/send/x",
])
def test_a_subscription_to_a_local_address_is_refused(client, user, endpoint):
    response = client.post("/push/subscriptions", data=Browser(endpoint).fields(), headers=HTMX)
    assert response.status_code == 422
    assert "push service on the internet" in response.get_data(as_text=True)
    assert subscriptions("ada@example.com") == []


def test_a_stored_endpoint_that_resolves_to_a_local_address_gets_no_request(
        app, client, user, push_service):
    """A name that passed the form can point into the network later (or always did): each send
    resolves it and refuses a non-public address, and follows no redirect."""
    client.post("/push/subscriptions", data=Browser(push_service.url("/send/x")).fields())
    due_reminder("ada@example.com")
    app.config["PUSH_ALLOW_HTTP"] = False  # as in production: loopback is not a push service
    assert run_reminders(datetime(2026, 11, 25, 8, 0, 30, tzinfo=UTC)) == 1
    assert push_service.received == []  # nothing was sent to 127.0.0.1
    assert len(subscriptions("ada@example.com")) == 1  # kept: not the browser's fault
    assert db.session.scalar(sa.select(sa.func.count(Notification.id))) == 1


def test_a_push_service_redirect_is_not_followed(app, client, user, push_service):
    target = PushService()
    try:
        push_service.status = 302  # urllib would follow it, as a GET
        push_service.location = target.url("/elsewhere")
        client.post("/push/subscriptions", data=Browser(push_service.url("/send/r")).fields())
        due_reminder("ada@example.com")
        assert run_reminders(datetime(2026, 11, 25, 8, 0, 30, tzinfo=UTC)) == 1
        assert len(push_service.received) == 1 and target.received == []
    finally:
        target.close()

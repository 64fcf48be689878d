"""Subscriptions no push can ever reach are deleted, not skipped every minute for good: the push
service said the browser is gone (404, 410: RFC 8030 section 7.3), or the stored keys cannot be
encrypted for. A push service that fails now (5xx, no answer) may answer later: those stay."""

from __future__ import annotations

import io
import urllib.error
from datetime import UTC, datetime

import pytest

from habitory.domain import push
from habitory.domain.rules_run import run_reminders
from habitory.pwa import delivery, vapid

from .push_support import Browser, b64, due_reminder, subscriptions

AT_EIGHT = datetime(2026, 11, 25, 8, 0, 30, tzinfo=UTC)
NOT_ON_THE_CURVE = b64(b"\x04" + b"\x01" * 64)


class FakeTransport:
    """Stands in for the opener: answers each endpoint with the status (or error) it is given,
    and records which endpoints were posted to."""

    def __init__(self, answers: dict[str, object]):
        self.answers = answers
        self.posted: list[str] = []

    def open(self, request, timeout=None):
        url = request.full_url
        self.posted.append(url)
        answer = self.answers.get(url, 201)
        if isinstance(answer, Exception):
            raise answer
        if answer >= 400:
            raise urllib.error.HTTPError(url, answer, "refused", {}, io.BytesIO(b""))
        return _Answer(answer)


class _Answer:
    def __init__(self, status: int):
        self.status = status

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


@pytest.fixture
def transport(app, monkeypatch):
    fake = FakeTransport({})
    app.config["PUSH_ALLOW_HTTP"] = True  # the fake transport's endpoints are never resolved
    monkeypatch.setattr(delivery, "opener", lambda: fake)
    return fake


def endpoints_of(email: str) -> set[str]:
    return {s.endpoint for s in subscriptions(email)}


@pytest.mark.parametrize(("p256dh", "secret"), [
    (NOT_ON_THE_CURVE, b64(b"a" * 16)),  # 65 bytes, 0x04, but no point of P-256
    (b64(b"\x04" + b"\x01" * 10), b64(b"a" * 16)),  # too short to be a key
    ("not base64 at all!", b64(b"a" * 16)),
    (None, b64(b"a" * 7)),  # a good key with a secret of the wrong length
])
def test_a_subscription_whose_keys_cannot_be_encrypted_for_is_deleted(
        client, user, transport, p256dh, secret):
    """Stored before the subscribe form checked the keys, it was skipped (and logged) every
    minute, for ever. It goes with the ones the push service calls gone (404, 410); those whose
    push service fails for now (5xx, no answer) stay, and every good one gets its push."""
    browsers = {name: Browser(f"http://push.example/send/{name}")
                for name in ("good", "gone", "missing", "busy", "slow")}
    for browser in browsers.values():
        assert client.post("/push/subscriptions", data=browser.fields()).status_code == 204
    transport.answers.update({
        browsers["gone"].endpoint: 410, browsers["missing"].endpoint: 404,
        browsers["busy"].endpoint: 503,
        browsers["slow"].endpoint: urllib.error.URLError(TimeoutError("timed out")),
    })
    broken = Browser("http://push.example/send/broken").fields()
    push.subscribe(user.id, broken["endpoint"], p256dh or broken["p256dh"], secret)
    due_reminder("ada@example.com")

    assert run_reminders(AT_EIGHT) == 1

    assert sorted(transport.posted) == sorted(b.endpoint for b in browsers.values())
    assert endpoints_of("ada@example.com") == {
        browsers[name].endpoint for name in ("good", "busy", "slow")}


def test_only_the_subscriptions_own_fault_deletes_it(client, user, transport, monkeypatch):
    """The server's own VAPID key failing is the server's fault: nothing is sent, and the good
    subscription is kept for when the key works again; the one with broken keys goes all the
    same (no key of the server's will ever encrypt for it)."""
    good = Browser("http://push.example/send/good")
    client.post("/push/subscriptions", data=good.fields())
    push.subscribe(user.id, "http://push.example/send/broken", NOT_ON_THE_CURVE,
                   b64(b"a" * 16))
    due_reminder("ada@example.com")
    working_signer = vapid.signer

    def broken_signer():
        raise OSError("vapid_private.pem: permission denied")

    monkeypatch.setattr(vapid, "signer", broken_signer)
    assert run_reminders(AT_EIGHT) == 1
    assert transport.posted == []
    assert endpoints_of("ada@example.com") == {good.endpoint}

    monkeypatch.setattr(vapid, "signer", working_signer)
    due_reminder("ada@example.com", "Read")
    assert run_reminders(AT_EIGHT) == 1
    assert transport.posted == [good.endpoint]

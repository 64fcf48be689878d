"""Delivering stored reminders to the users' subscribed browsers as encrypted Web Pushes.

The payload is encrypted for each browser with its own keys (RFC 8291, aes128gcm, http_ece)
and signed with the server's VAPID key (RFC 8292, py_vapid). A push service that cannot be
reached costs a logged warning, never the reminder: the notification is already stored and the
page shows it as before. Requests go out in parallel (fanout.py), so one slow push service
cannot delay the rest of the minute's reminders.
"""

from __future__ import annotations

import base64
import binascii
import http.client
import json
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import http_ece
from cryptography.hazmat.primitives.asymmetric import ec
from flask import Flask, current_app

from habitory.domain import events, push
from habitory.i18n import in_language
from habitory.models import PushSubscription
from habitory.pwa import vapid
from habitory.pwa.endpoints import is_plain_url, local_allowed, opener, resolves_to_public
from habitory.pwa.fanout import UNREACHABLE, UNSENT, fan_out, interleave

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 5  # per request
WORKERS = 8  # requests in flight at once
DEADLINE_SECONDS = 30  # a batch stops waiting here: the next minute's reminders come first
TTL_SECONDS = 4 * 60 * 60  # a reminder older than a few hours is no reminder any more
GONE = (404, 410)  # the browser unsubscribed or the subscription expired
AUTH_SECRET_BYTES = 16  # RFC 8291 section 3.2


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def encrypt(payload: bytes, p256dh: str, auth: str) -> bytes:
    """The aes128gcm body for one browser, from a fresh sender key each time (http_ece puts its
    public half in the header's keyid, as RFC 8291 section 4 says)."""
    sender = ec.generate_private_key(ec.SECP256R1())
    return http_ece.encrypt(payload, private_key=sender, dh=_b64decode(p256dh),
                            auth_secret=_b64decode(auth), version="aes128gcm")


def key_problem(p256dh: str, auth: str) -> str | None:
    """Why no push can ever be encrypted for these keys, or None when one can.

    Decoded as encrypt() decodes them, so that only keys it could never use are judged: the
    browser holds the matching private key, and no later minute will change either of them.
    """
    try:
        public, secret = _b64decode(p256dh), _b64decode(auth)
    except (binascii.Error, TypeError, ValueError):
        return "its keys are not base64"
    if len(secret) != AUTH_SECRET_BYTES:
        return f"its auth secret is {len(secret)} bytes, not {AUTH_SECRET_BYTES}"
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), public)
    except ValueError:
        return "its key is not a P-256 public key"
    return None


@dataclass(frozen=True)
class _Outgoing:
    """One push, encrypted and signed in the app's thread, ready to be POSTed from any."""

    subscription_id: int
    user_id: int
    host: str
    request: urllib.request.Request


def _prepare(subscription: PushSubscription, language: str | None,
             message: dict) -> _Outgoing:
    if not is_plain_url(subscription.endpoint):  # http.client would refuse it, at send time
        raise ValueError("the endpoint has a space, a control character or non-ASCII in it")
    parts = urlsplit(subscription.endpoint)
    claims = {"aud": f"{parts.scheme}://{parts.netloc}", "exp": int(time.time()) + 12 * 3600,
              "sub": current_app.config["VAPID_SUBJECT"]}
    headers = {
        **vapid.signer().sign(claims),
        "Content-Encoding": "aes128gcm",
        "Content-Type": "application/octet-stream",
        "TTL": str(TTL_SECONDS),
        "Urgency": "normal",
    }
    words = {key: in_language(value, language) for key, value in message.items()}
    body = encrypt(json.dumps(words).encode(), subscription.p256dh, subscription.auth)
    request = urllib.request.Request(subscription.endpoint, data=body, headers=headers,
                                     method="POST")
    return _Outgoing(subscription.id, subscription.user_id, parts.netloc, request)


def _prepared(subscription: PushSubscription, language: str | None, message: dict,
              unusable: set[int], broken: set[int]) -> _Outgoing | None:
    """The push, or None for a subscription no push can be made for.

    Keys no push can ever be encrypted for put it in `broken`, to be deleted (it was skipped
    every minute for good otherwise). Anything else that fails (an endpoint that cannot be
    signed for or sent to, or the server's own VAPID key) is logged once a batch and remembered
    in `unusable`, and the subscription is kept: the fault may be ours, or pass. Either way one
    stored before the subscribe form refused such endpoints and keys costs its own push, not
    everybody's."""
    if subscription.id in unusable or subscription.id in broken:
        return None
    problem = key_problem(subscription.p256dh, subscription.auth)
    if problem is not None:
        broken.add(subscription.id)
        log.warning("push subscription %s cannot be sent to, deleted: %s", subscription.id,
                    problem)
        return None
    try:
        return _prepare(subscription, language, message)
    except Exception as error:  # whatever its data breaks, the rest of the batch goes out
        unusable.add(subscription.id)
        log.warning("push subscription %s cannot be sent to, skipped: %s: %s",
                    subscription.id, type(error).__name__, error)
        return None


def _poster(outgoing: _Outgoing, check_name: bool,
            open_with: urllib.request.OpenerDirector) -> Callable[[], int]:
    """The POST of one push: its status, UNREACHABLE when it could not be reached, UNSENT when
    the request itself could not be made."""

    def post() -> int:
        hostname = urlsplit(outgoing.request.full_url).hostname
        if not hostname or (check_name and not resolves_to_public(hostname)):
            log.warning("push endpoint %s is not a public address: not sent", hostname)
            return UNREACHABLE
        try:
            with open_with.open(outgoing.request, timeout=TIMEOUT_SECONDS) as answer:
                return answer.status
        except urllib.error.HTTPError as error:
            return error.code
        except (http.client.InvalidURL, ValueError) as error:  # raised before connecting
            log.warning("push to %s not sent: %s", outgoing.host, error)
            return UNSENT
        except (OSError, http.client.HTTPException) as error:
            log.warning("push service %s unreachable: %s", outgoing.host, error)
            return UNREACHABLE

    return post


def deliver_all(messages: list[tuple[int, dict]]) -> dict[int, int]:
    """Send each (user id, message) to every browser that user subscribed, its sentences
    (stats.phrases.Msg) in that browser's language; forget the gone ones (404, 410) and those
    whose keys no push can be encrypted for. Returns how many push services accepted a
    message, per user."""
    subscriptions = push.of_users([user_id for user_id, _ in messages])
    per_user: dict[int, list[_Outgoing]] = {}
    unusable: set[int] = set()
    broken: set[int] = set()
    for user_id, message in messages:
        for subscription, language in subscriptions[user_id]:
            item = _prepared(subscription, language, message, unusable, broken)
            if item is not None:
                per_user.setdefault(user_id, []).append(item)
    outgoing = interleave(list(per_user.values()))
    check_name, open_with = not local_allowed(), opener()
    statuses = fan_out([(item.host, item.user_id, _poster(item, check_name, open_with))
                        for item in outgoing],
                       workers=WORKERS, deadline_seconds=DEADLINE_SECONDS)
    accepted = {user_id: 0 for user_id, _ in messages}
    gone = []
    for item, status in zip(outgoing, statuses, strict=True):
        if 200 <= status < 300:
            accepted[item.user_id] += 1
        elif status in GONE:
            gone.append(item.subscription_id)
        elif status not in (UNREACHABLE, UNSENT):
            log.warning("push service %s refused a reminder: %s", item.host, status)
    push.forget(sorted(set(gone) | broken))
    return accepted


def deliver(user_id: int, message: dict) -> int:
    """Send one message to every browser the user subscribed; how many accepted it."""
    return deliver_all([(user_id, message)])[user_id]


def _on_reminders(_sender: object, *, reminders: list[tuple[int, dict]]) -> None:
    try:
        deliver_all([(user_id, {**message, "tag": message["url"]})
                     for user_id, message in reminders])
    except Exception:  # the scheduler's other steps must go on; the reminders are stored
        log.exception("push delivery of %d reminders failed", len(reminders))


def connect(app: Flask) -> None:
    """Deliver the reminders the domain stores (habitory/domain/rules_run.py).

    One module-level receiver however many apps a process builds (tests build many): blinker
    connects the same function once, and it sends through the app of the current context.
    """
    events.reminders_stored.connect(_on_reminders)

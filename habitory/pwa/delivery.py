"""Delivering a stored reminder to the user's subscribed browsers as an encrypted Web Push.

The payload is encrypted for each browser with its own keys (RFC 8291, aes128gcm, http_ece)
and signed with the server's VAPID key (RFC 8292, py_vapid). A push service that cannot be
reached costs a logged warning, never the reminder: the notification is already stored and the
page shows it as before.
"""

from __future__ import annotations

import base64
import json
import logging
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import http_ece
from cryptography.hazmat.primitives.asymmetric import ec
from flask import Flask, current_app

from habitory.domain import events, push
from habitory.models import PushSubscription
from habitory.pwa import vapid
from habitory.pwa.endpoints import may_post_to, opener

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 5
TTL_SECONDS = 4 * 60 * 60  # a reminder older than a few hours is no reminder any more
GONE = (404, 410)  # the browser unsubscribed or the subscription expired


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def encrypt(payload: bytes, p256dh: str, auth: str) -> bytes:
    """The aes128gcm body for one browser, from a fresh sender key each time (http_ece puts its
    public half in the header's keyid, as RFC 8291 section 4 says)."""
    sender = ec.generate_private_key(ec.SECP256R1())
    return http_ece.encrypt(payload, private_key=sender, dh=_b64decode(p256dh),
                            auth_secret=_b64decode(auth), version="aes128gcm")


def send(subscription: PushSubscription, message: dict) -> int:
    """POST one encrypted message to the subscription's push service; returns its status
    (0 when it could not be reached)."""
    parts = urlsplit(subscription.endpoint)
    if not may_post_to(parts.hostname):
        log.warning("push endpoint %s is not a public address: not sent", parts.hostname)
        return 0
    claims = {"aud": f"{parts.scheme}://{parts.netloc}", "exp": int(time.time()) + 12 * 3600,
              "sub": current_app.config["VAPID_SUBJECT"]}
    headers = {
        **vapid.signer().sign(claims),
        "Content-Encoding": "aes128gcm",
        "Content-Type": "application/octet-stream",
        "TTL": str(TTL_SECONDS),
        "Urgency": "normal",
    }
    body = encrypt(json.dumps(message).encode(), subscription.p256dh, subscription.auth)
    request = urllib.request.Request(subscription.endpoint, data=body, headers=headers,
                                     method="POST")
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code
    except (OSError, ValueError) as error:
        log.warning("push service %s unreachable: %s", parts.netloc, error)
        return 0


def deliver(user_id: int, message: dict) -> int:
    """Send the message to every browser the user subscribed; forget the gone ones. Returns
    how many push services accepted it."""
    accepted, gone = 0, []
    for subscription in push.of_user(user_id):
        status = send(subscription, message)
        if 200 <= status < 300:
            accepted += 1
        elif status in GONE:
            gone.append(subscription.id)
        elif status:
            log.warning("push service refused a reminder: %s", status)
    push.forget(gone)
    return accepted


def _on_reminder(user_id: int, *, title: str, body: str, url: str) -> None:
    try:
        deliver(user_id, {"title": title, "body": body, "url": url, "tag": url})
    except Exception:  # the scheduler's other steps must go on; the reminder is stored
        log.exception("push delivery for user %s failed", user_id)


def connect(app: Flask) -> None:
    """Deliver each reminder the domain stores (habitory/domain/rules_run.py).

    One module-level receiver however many apps a process builds (tests build many): blinker
    connects the same function once, and it sends through the app of the current context.
    """
    events.reminder_stored.connect(_on_reminder)

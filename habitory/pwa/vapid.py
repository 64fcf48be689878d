"""The server's VAPID key pair (RFC 8292), generated into the instance folder on first use.

Push services accept messages for a subscription only when they are signed with the key the
browser subscribed with, so the key must outlive restarts and be shared by every worker.
"""

from __future__ import annotations

import base64
import os
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from flask import current_app
from py_vapid import Vapid02

KEY_FILE = "vapid_private.pem"


def key_path() -> Path:
    """Where this instance keeps its private key."""
    return Path(current_app.instance_path) / KEY_FILE


def signer() -> Vapid02:
    """The key pair, created on first use."""
    return _load(str(key_path()))


@lru_cache(maxsize=4)
def _load(path: str) -> Vapid02:
    if not os.path.exists(path):
        fresh = Vapid02()
        fresh.generate_keys()
        # O_EXCL: when several workers start at once, one writes and the others read its key.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(fresh.private_pem())
    return Vapid02.from_file(path)


def public_key_b64() -> str:
    """The public key as browsers want it (applicationServerKey): base64url, no padding."""
    raw = signer().public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

"""Pages without their random parts, for tests that say a short word is *not* on a page.

A CSRF token is ~90 random letters and digits: "AM", "Nov" or "hx-" turn up in one now and
then (CI failed once on "AM" inside a German page's token)."""

from __future__ import annotations

import re

# itsdangerous' signed tokens: payload.timestamp.signature, URL-safe base64.
_SIGNED_TOKEN = re.compile(r"[A-Za-z0-9_\-]{20,}\.[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]{20,}")


def without_tokens(page: str) -> str:
    return _SIGNED_TOKEN.sub("TOKEN", page)

"""What a browser sends when it subscribes to push or unsubscribes (PushSubscription.toJSON).

The subscribe form accepts only what delivery can sign, encrypt and post: an endpoint that
slipped through used to fail the whole minute's pushes (delivery now skips one, but a refused
subscription tells its user why, where a skipped one fails without a word).
"""

from __future__ import annotations

import base64
import binascii
import re
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import InputRequired, Length, ValidationError

from habitory.domain.push import ENDPOINT_MAX
from habitory.pwa.endpoints import is_plain_url, names_a_local_host

# A host name as DNS writes it, with at least one dot and a top-level label that starts with
# a letter: so no IP literal in any spelling (10.1, 0x7f000001, 2130706433 all resolve).
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_DNS_NAME = re.compile(rf"(?:{_LABEL}\.)+[a-z](?:[a-z0-9-]{{0,61}}[a-z0-9])?\.?", re.IGNORECASE)
_BASE64 = re.compile(r"[A-Za-z0-9_\-+/]*={0,2}")


def _decoded(text: str) -> bytes | None:
    # Strictly: the lenient decoder skips characters outside the alphabet, so a key with a
    # NUL or a space in it would pass here and be stored as it was sent.
    if not _BASE64.fullmatch(text):
        return None
    bare = text.rstrip("=")
    try:
        return base64.urlsafe_b64decode(bare + "=" * (-len(bare) % 4))
    except (binascii.Error, ValueError):
        return None


def _is_p256_point(raw: bytes | None) -> bool:
    # RFC 8291 wants the uncompressed form; 65 bytes starting 0x04 may still be off the curve,
    # which only the encryption would find out.
    if raw is None or len(raw) != 65 or raw[0] != 4:
        return False
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)
    except ValueError:
        return False
    return True


def _refuse_odd_characters(url: str) -> None:
    # Not a browser's (and a NUL fails the lookup or the insert on PostgreSQL with a 500).
    if url and not is_plain_url(url):
        raise ValidationError(_l("The push endpoint must be an address without spaces, "
                                 "control characters or letters outside ASCII."))


class EndpointForm(FlaskForm):
    """POST /push/subscriptions/delete: the endpoint to forget."""

    endpoint = StringField(validators=[InputRequired(_l("The push endpoint is missing.")),
                                       Length(max=ENDPOINT_MAX)])

    def validate_endpoint(self, field) -> None:
        # Only what the lookup needs: a subscription stored before the subscribe form checked
        # what it checks now must still be removable (push.js unsubscribes the browser only
        # after the server forgot it).
        _refuse_odd_characters(field.data or "")


class SubscriptionForm(EndpointForm):
    """POST /push/subscriptions: the endpoint and the browser's two keys (base64url)."""

    p256dh = StringField(validators=[InputRequired(_l("The browser's key is missing.")),
                                     Length(max=120)])
    auth = StringField(validators=[InputRequired(_l("The browser's secret is missing.")),
                                   Length(max=40)])

    def validate_endpoint(self, field) -> None:
        # The server POSTs to this URL: only a push service's HTTPS address, never a local
        # http:// one (tests allow plain HTTP on loopback with PUSH_ALLOW_HTTP).
        url = field.data or ""
        _refuse_odd_characters(url)
        try:
            parts = urlsplit(url)
        except ValueError:  # "https://[x": Python finds no host in it, nor would a browser
            raise ValidationError(_l("The push endpoint must be an https:// address.")) from None
        local_allowed = current_app.config.get("PUSH_ALLOW_HTTP")
        allowed = ("https", "http") if local_allowed else ("https",)
        if parts.scheme not in allowed or not parts.hostname or "@" in parts.netloc:
            raise ValidationError(_l("The push endpoint must be an https:// address."))
        if names_a_local_host(parts.hostname):
            raise ValidationError(_l("The push endpoint must be a push service on the internet."))
        # Every push service (Google's, Mozilla's, Apple's, Microsoft's) is reached by name,
        # with a certificate for that name; and the VAPID signature's audience is the origin,
        # which py_vapid signs only as scheme://host[:digits], never with an IPv6 literal.
        host, colon, port = parts.netloc.partition(":")
        if parts.netloc.startswith("[") or not (local_allowed or _DNS_NAME.fullmatch(host)):
            raise ValidationError(_l("The push endpoint must name its push service by a "
                                     "domain name, not an IP address."))
        if colon and not (port.isdigit() and 1 <= int(port) <= 65535):
            raise ValidationError(_l("The push endpoint's port must be a number from 1 to "
                                     "65535."))

    def validate_p256dh(self, field) -> None:
        if not _is_p256_point(_decoded(field.data or "")):
            raise ValidationError(_l("The browser's key is not a P-256 public key."))

    def validate_auth(self, field) -> None:
        raw = _decoded(field.data or "")
        if raw is None or len(raw) != 16:
            raise ValidationError(_l("The browser's secret must be 16 bytes."))

    def first_error(self) -> str:
        """The first message, in the fields' order."""
        for name in ("endpoint", "p256dh", "auth"):
            if getattr(self, name).errors:
                return str(getattr(self, name).errors[0])
        return str(_l("Check the subscription."))

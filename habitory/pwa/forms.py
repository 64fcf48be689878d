"""What a browser sends when it subscribes to push or unsubscribes (PushSubscription.toJSON)."""

from __future__ import annotations

import base64
import binascii
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import InputRequired, Length, ValidationError

from habitory.pwa.endpoints import names_a_local_host

ENDPOINT_MAX = 1000


def _decoded(text: str) -> bytes | None:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None


class EndpointForm(FlaskForm):
    """POST /push/subscriptions/delete: the endpoint to forget."""

    endpoint = StringField(validators=[InputRequired(_l("The push endpoint is missing.")),
                                       Length(max=ENDPOINT_MAX)])

    def validate_endpoint(self, field) -> None:
        # The server POSTs to this URL: only a push service's HTTPS address, never a local
        # http:// one (tests allow plain HTTP on loopback with PUSH_ALLOW_HTTP).
        parts = urlsplit(field.data or "")
        allowed = ("https", "http") if current_app.config.get("PUSH_ALLOW_HTTP") else ("https",)
        if parts.scheme not in allowed or not parts.hostname or parts.username or parts.password:
            raise ValidationError(_l("The push endpoint must be an https:// address."))
        if names_a_local_host(parts.hostname):
            raise ValidationError(_l("The push endpoint must be a push service on the internet."))


class SubscriptionForm(EndpointForm):
    """POST /push/subscriptions: the endpoint and the browser's two keys (base64url)."""

    p256dh = StringField(validators=[InputRequired(_l("The browser's key is missing.")),
                                     Length(max=120)])
    auth = StringField(validators=[InputRequired(_l("The browser's secret is missing.")),
                                   Length(max=40)])

    def validate_p256dh(self, field) -> None:
        raw = _decoded(field.data or "")
        if raw is None or len(raw) != 65 or raw[0] != 4:  # an uncompressed P-256 point
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

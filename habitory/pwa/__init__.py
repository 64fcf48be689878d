"""The installable app: the web manifest, the service worker, and reminders as Web Push."""

from flask import Blueprint, Flask
from flask_login import current_user

from habitory.domain import push

bp = Blueprint("pwa", __name__)

from . import delivery, routes, vapid  # noqa: E402,F401


def register(app: Flask) -> None:
    """The routes, the VAPID key for the templates, and delivery of stored reminders."""
    app.register_blueprint(bp)
    app.add_template_global(vapid.public_key_b64, "vapid_public_key")
    app.add_template_global(own_endpoints, "push_endpoints")
    delivery.connect(app)


def own_endpoints() -> list[str]:
    """The push endpoints the logged-in user subscribed: Settings tells "on on this device"
    only for one of them (a browser keeps the subscription of whoever turned it on)."""
    if not current_user.is_authenticated:
        return []
    return [subscription.endpoint
            for subscription, _ in push.of_users([current_user.id])[current_user.id]]

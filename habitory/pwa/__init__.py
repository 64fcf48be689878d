"""The installable app: the web manifest, the service worker, and reminders as Web Push."""

from flask import Blueprint, Flask

bp = Blueprint("pwa", __name__)

from . import delivery, routes, vapid  # noqa: E402,F401


def register(app: Flask) -> None:
    """The routes, the VAPID key for the templates, and delivery of stored reminders."""
    app.register_blueprint(bp)
    app.add_template_global(vapid.public_key_b64, "vapid_public_key")
    delivery.connect(app)

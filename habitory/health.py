"""Liveness: GET /healthz answers whether the database does."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, jsonify

from .extensions import db, limiter

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@limiter.exempt
def healthz():
    """200 with a JSON body when the database answers, 503 when it does not."""
    try:
        db.session.execute(sa.text("SELECT 1"))
    except Exception as exc:  # any driver error means "down" to a load balancer
        db.session.rollback()
        return jsonify(status="error", database="unreachable", detail=type(exc).__name__), 503
    return jsonify(status="ok", database="ok")

"""Habitory: a private, fast, self-hosted habit tracker.

`flask --app habitory` and `gunicorn 'habitory:create_app()'` find the factory here; it is
loaded on first use (PEP 562), so that importing a pure subsystem (habitory.stats, rules, ml)
does not load Flask.
"""

from __future__ import annotations

__all__ = ["create_app"]


def __getattr__(name: str):
    if name == "create_app":
        from habitory.factory import create_app

        return create_app
    raise AttributeError(f"module 'habitory' has no attribute {name!r}")

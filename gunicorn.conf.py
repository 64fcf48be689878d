"""Read by gunicorn when it starts in this folder: Habitory's own (habitory/gunicorn_conf.py)."""

from habitory.gunicorn_conf import on_starting  # noqa: F401

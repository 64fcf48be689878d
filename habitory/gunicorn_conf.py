"""gunicorn's settings for Habitory: `gunicorn -c python:habitory.gunicorn_conf ...` (the
deploy unit, `make serve`; the clone's own gunicorn.conf.py reads this file too).

The settings and the database are checked in gunicorn's master before any worker forks, so a
start that cannot work ends with one sentence and exit status 4, once."""

from __future__ import annotations


def on_starting(server) -> None:
    from habitory.factory import check_start  # the master's only import of the app

    check_start()

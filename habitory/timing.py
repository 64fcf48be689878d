"""An opt-in `Server-Timing: app;dur=<ms>` header: how long the app took to answer.

Browsers' developer tools show it next to each request, and benchmarks/http_bench.py reads it
to report server-side time under gunicorn (HTTP and connection set-up excluded). Off unless
HABITORY_SERVER_TIMING is set: exact timings are for the people who run the instance.
"""

from __future__ import annotations

from time import perf_counter


class ServerTiming:
    """WSGI middleware: the time from the request reaching the app to its response starting
    (the body of a rendered page is complete by then)."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        started = perf_counter()

        def timed_start_response(status, headers, exc_info=None):
            headers.append(("Server-Timing", f"app;dur={(perf_counter() - started) * 1000:.2f}"))
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, timed_start_response)

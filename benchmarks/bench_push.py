"""The reminder minute's Web Pushes: many at once, with and without push services that hang.

    python benchmarks/bench_push.py [--users 500] [--silent-hosts 0 20 40]

Every user has one subscription on a push service on loopback that answers at once (201);
`--silent-hosts N` adds one user with N subscriptions, each on its own host (port) that
accepts the connection and never answers, i.e. the worst a hostile account can do: each such
host costs one request timeout (delivery.TIMEOUT_SECONDS) of one worker. Target: the batch
returns within the deadline (delivery.DEADLINE_SECONDS) and every working push is delivered.
"""

from __future__ import annotations

import argparse
import base64
import os
import socket
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import flask_migrate  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from cryptography.hazmat.primitives import serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402

from habitory import create_app  # noqa: E402
from habitory.extensions import db  # noqa: E402
from habitory.models import PushSubscription, User, utcnow  # noqa: E402


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


KEY = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
    serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)


class Answering(BaseHTTPRequestHandler):
    received = 0

    def do_POST(self):  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        Answering.received += 1
        self.send_response(201)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def silent_host() -> tuple[socket.socket, list]:
    listener = socket.create_server(("127.0.0.1", 0))
    held: list = []

    def accept():
        while True:
            try:
                held.append(listener.accept()[0])
            except OSError:
                return
    threading.Thread(target=accept, daemon=True).start()
    return listener, held


def run(users: int, silent: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="habitory-bench-push-"))
    app = create_app({
        "TESTING": True, "SECRET_KEY": "bench", "INSTANCE_PATH": str(folder),
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3",
        "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "PUSH_ALLOW_HTTP": True,
    })
    from habitory.pwa import delivery

    server = ThreadingHTTPServer(("127.0.0.1", 0), Answering)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    hosts = [silent_host() for _ in range(silent)]
    Answering.received = 0
    with app.app_context():
        flask_migrate.upgrade()
        db.session.execute(sa.insert(User), [
            {"email": f"u{i}@example.com", "password_hash": "x", "timezone": "UTC",
             "created_at": utcnow()} for i in range(users + 1)])
        ids = list(db.session.scalars(sa.select(User.id).order_by(User.id)))
        port = server.server_port
        rows = [{"user_id": uid, "endpoint": f"http://127.0.0.1:{port}/send/{uid}",
                 "p256dh": _b64(KEY), "auth": _b64(os.urandom(16))} for uid in ids[1:]]
        rows += [{"user_id": ids[0], "p256dh": _b64(KEY), "auth": _b64(os.urandom(16)),
                  "endpoint": f"http://127.0.0.1:{listener.getsockname()[1]}/send/x"}
                 for listener, _ in hosts]
        if rows:
            db.session.execute(sa.insert(PushSubscription), rows)
        db.session.commit()
        message = {"title": "Time for Stretch", "body": "It is 08:00.", "url": "/habits/1"}
        started = time.perf_counter()
        accepted = delivery.deliver_all([(uid, message) for uid in ids])
        took = time.perf_counter() - started
    delivered = sum(accepted.values())
    print(f"{users} working + {silent} silent hosts: {took:.2f} s, {delivered} of {users} "
          f"delivered (server saw {Answering.received}), silent hosts tried "
          f"{sum(bool(held) for _, held in hosts)} of {silent}")
    server.shutdown()
    for listener, held in hosts:
        listener.close()
        for connection in held:
            connection.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=500)
    parser.add_argument("--silent-hosts", type=int, nargs="+", default=[0, 20, 40])
    args = parser.parse_args(argv)
    for silent in args.silent_hosts:
        run(args.users, silent)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""What the push tests share: a browser's subscription keys, a push service on loopback that
records what it receives, a host that accepts connections and never answers, and a habit with a
reminder due at 08:00."""

from __future__ import annotations

import base64
import json
import os
import socket
import threading
import time as time_module
from datetime import date, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import sqlalchemy as sa
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from habitory.extensions import db
from habitory.models import Habit, PushSubscription, Reminder, User


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class Browser:
    """What a browser holds for one push subscription: its P-256 key pair and auth secret."""

    def __init__(self, endpoint: str):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.endpoint = endpoint

    def fields(self) -> dict:
        public = self.key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
        return {"endpoint": self.endpoint, "p256dh": b64(public), "auth": b64(self.auth)}

    def decrypt(self, body: bytes) -> dict:
        return json.loads(http_ece.decrypt(body, private_key=self.key, auth_secret=self.auth,
                                           version="aes128gcm"))


class PushService:
    """A push service on loopback: records each POST, answers with `status`."""

    def __init__(self, status: int = 201):
        self.received: list[tuple[str, dict, bytes]] = []
        self.status = status
        self.location: str | None = None  # with a 3xx status: where it redirects
        self.stall_first = 0.0  # seconds the first POST waits before its answer (a dropped one)
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                stall, service.stall_first = service.stall_first, 0.0
                if stall:
                    time_module.sleep(stall)
                    return  # too late: the sender gave up on it
                service.received.append(
                    (self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(service.status)
                if service.location:
                    self.send_header("Location", service.location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_GET(self):  # noqa: N802 (a followed redirect arrives as a GET)
                service.received.append((self.path, dict(self.headers.items()), b""))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_port}{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def subscriptions(email: str) -> list[PushSubscription]:
    return list(db.session.scalars(
        sa.select(PushSubscription).join(User).where(User.email == email)))


class SilentHost:
    """Accepts TCP connections on loopback and never answers; counts them."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.connections: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.connections.append(connection)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.listener.getsockname()[1]}{path}"

    def close(self):
        self.listener.close()
        for connection in self.connections:
            connection.close()


def due_reminder(email: str, name: str = "Stretch") -> Habit:
    owner = db.session.scalar(sa.select(User).where(User.email == email))
    habit = Habit(user_id=owner.id, position=1, created_on=date(2026, 10, 1))
    habit.rename(name)
    db.session.add(habit)
    db.session.flush()
    db.session.add(Reminder(habit_id=habit.id, at=time(8, 0)))
    db.session.commit()
    return habit

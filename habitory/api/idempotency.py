"""Idempotency-Key on POST /v1/habits: a client retrying after a dropped connection gets the
first answer again (with Idempotent-Replayed: true) instead of a second habit.

The key's row is written before the habit and committed with it, so two requests with one key
cannot both create: the second meets the unique constraint (token, key), then replays the
answer or hears that the first is still running (409). The row also learns the new habit's
Location at the flush that inserts the habit, so that commit names what it made: if the process
dies before the answer is kept (a second commit), a retry after GRACE answers for that habit as
it is now (or hears it was deleted), instead of a 409 for a day and a duplicate under a new
key. The Location alone would not do: SQLite gives a deleted row's id to the next row made, so
the row keeps a mark of what it made too (in `body`, until an answer is kept there). So the
view makes its habit whole (archived, placed) in that one commit: all of it or nothing. Only
2xx answers are kept: after an error the row goes, so the client may fix the request and send
it again with the same key; but an error after the commit that named what was made keeps the
row, answered after GRACE as after a crash. Keys are per token, and live LIFETIME (older rows
are ignored here, purged by the sweep). Without the header the view runs exactly as before.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask import Response, current_app, g, request
from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from habitory.api.problems import ApiProblem
from habitory.api_idempotency_model import KEY_MAX, ApiIdempotency, oldest_alive, stored_now
from habitory.domain.text import has_control
from habitory.extensions import db

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
# How long a committed row without an answer may belong to a first request still answering.
# gunicorn kills a worker silent for 30 s (its default --timeout; deploy/habitory-web.service),
# so past this the first request died: its row's Location answers for it, or the key is let go.
GRACE = timedelta(seconds=30)


@dataclass(frozen=True)
class Made:
    """What an idempotent view adds: one `model` row, named by `location` (the answer's
    Location) and told from a later one at that Location by `mark`; and `answer`, the 2xx
    for the thing at a Location as it is now if its mark is still the one given (None: a row
    from before marks), or an ApiProblem, for a retry whose first request died before its
    answer was kept."""

    model: type
    location: Callable[[Any], str]
    answer: Callable[[str, str | None], Response]
    mark: Callable[[Any], str]


def idempotent(made: Made) -> Callable[[Callable], Callable]:
    """Honour Idempotency-Key on a view that creates a `made.model`. Put it outside
    spec.validate: a bad key is refused, and a retry replayed, before the body is read."""

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def honouring_the_key(*args, **kwargs):
            key = _key()
            if key is None:
                return view(*args, **kwargs)
            return _once(key, lambda: view(*args, **kwargs), made)

        return honouring_the_key

    return decorate


def _key() -> str | None:
    """The request's key; None without the header; 400 for one blank or too long."""
    sent = request.headers.get(HEADER)
    if sent is None:
        return None
    key = sent.strip()
    if not key or len(key) > KEY_MAX or has_control(key):  # NUL: PostgreSQL refuses it
        raise ApiProblem(400, _("Bad request"), _(
            "Idempotency-Key must be 1 to %(most)s printable characters, not blank.",
            most=KEY_MAX))
    return key


def _request_hash() -> str:
    """What makes two requests "the same": method, path and the exact body."""
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    digest.update(request.get_data(cache=True))
    return digest.hexdigest()


def _find(token_id: int, key: str) -> ApiIdempotency | None:
    return db.session.scalar(sa.select(ApiIdempotency).where(
        ApiIdempotency.token_id == token_id, ApiIdempotency.key == key))


def _let_go(found: ApiIdempotency) -> bool:
    """Expired, or unanswered past GRACE without naming what it made (left by a version that
    kept the Location only with the answer): the key is free again."""
    unanswered = found.status is None and found.location is None
    return found.created_at < oldest_alive() or (unanswered
                                                  and found.created_at < stored_now() - GRACE)


def _once(key: str, view: Callable[[], Response], made: Made) -> Response:
    token_id, digest = g.api_token.id, _request_hash()
    found = _find(token_id, key)
    if found is not None and _let_go(found):
        # As if never sent. Deleted now (an ORM delete would be flushed after our
        # insert), committed with it; a core delete, as a concurrent retry may delete it first.
        db.session.execute(sa.delete(ApiIdempotency).where(ApiIdempotency.id == found.id))
        db.session.expunge(found)
        found = None
    if found is not None:
        return _answer_again(found, digest, made)
    row = ApiIdempotency(token_id=token_id, key=key, body_hash=digest)
    db.session.add(row)
    try:
        db.session.flush()  # another request with this key holds it: wait, then fail here
    except IntegrityError:
        db.session.rollback()
        found = _find(token_id, key)
        if found is None:  # it failed and let go of the key meanwhile
            raise ApiProblem(409, _("Conflict"), _(
                "Another request with this Idempotency-Key was answered at the same moment: "
                "try again.")) from None
        return _answer_again(found, digest, made)
    try:
        with _naming(row, made):
            answer = view()
    except Exception:
        _forget(row)
        raise
    if not 200 <= answer.status_code < 300:
        _forget(row)
        return answer
    if sa.inspect(row).persistent:
        row.status, row.body = answer.status_code, answer.get_data(as_text=True)
        row.location = answer.headers.get("Location")
        db.session.commit()
    return answer


@contextmanager
def _naming(row: ApiIdempotency, made: Made) -> Iterator[None]:
    """While the view runs, give the key's row the Location of the `made.model` the view adds,
    right after the flush that inserts it: the commit that keeps it then keeps its name too
    (a commit flushes again while the session has changes)."""
    session = db.session()
    added: list = []

    def note(flushing, _context) -> None:
        added.extend(o for o in flushing.new if isinstance(o, made.model))

    def name(_flushing, _context) -> None:
        if added and row.location is None and sa.inspect(row).persistent:
            row.location, row.body = made.location(added[0]), made.mark(added[0])

    event.listen(session, "after_flush", note)
    event.listen(session, "after_flush_postexec", name)
    try:
        yield
    finally:
        event.remove(session, "after_flush", note)
        event.remove(session, "after_flush_postexec", name)


def _answer_again(found: ApiIdempotency, digest: str, made: Made) -> Response:
    """The stored answer to the same request; 422 for another request under the same key,
    409 while the first may still be answering; after GRACE, an answer for what the first,
    dead before keeping its answer, made."""
    if found.body_hash != digest:
        raise ApiProblem(422, _("Idempotency-Key reused with a different request"), _(
            "This Idempotency-Key was sent before with another request: send a new key "
            "for a new request."))
    if found.status is None:
        if found.location is None or found.created_at >= stored_now() - GRACE:
            raise ApiProblem(409, _("Conflict"), _(
                "The first request with this Idempotency-Key is still being answered: try "
                "again in a moment."))
        answer = made.answer(found.location, found.body)
        answer.headers[REPLAYED] = "true"
        return answer
    answer = current_app.response_class(found.body, status=found.status,
                                        mimetype="application/json")
    if found.location:
        answer.headers["Location"] = found.location
    answer.headers[REPLAYED] = "true"
    return answer


def _forget(row: ApiIdempotency) -> None:
    """Let go of the key of a request that failed; the rollback already removed a row never
    committed. A row committed naming what it made (a step after that commit failed, such as
    drawing the answer) is kept: let go, the retry would be refused for the name the first
    request took; kept, it gets what was made, as after a crash (GRACE)."""
    db.session.rollback()
    if not sa.inspect(row).persistent:
        return
    try:
        if row.location is not None:
            return
        db.session.delete(row)
        db.session.commit()
    except SQLAlchemyError:  # the database is gone: the error being answered says so
        db.session.rollback()

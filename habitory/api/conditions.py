"""Conditional requests (RFC 9110 §13): an ETag on each JSON representation the API sends,
If-None-Match on reads (304: a widget polling /today downloads nothing new), If-Match on a
habit's PATCH and DELETE (412: a script does not overwrite a change it has not seen).

The ETag is a digest of the body itself, so it changes exactly when what a GET shows
changes, and needs no column. Requests without these headers are answered as before.
"""

from __future__ import annotations

import hashlib

from flask import Response, request
from pydantic import BaseModel

from habitory.api.problems import ApiProblem, titles
from habitory.extensions import db

# The operations whose If-Match is checked: the only ones changing a representation a client
# can read alone (a day has no GET of its own).
IF_MATCH = frozenset({"update_habit", "delete_habit"})
# Files, not representations of a resource: streamed (tag() leaves streamed bodies alone, they
# are never buffered to be digested), so the description gives them no ETag.
UNTAGGED = frozenset({"export"})


def etag_of(body: bytes) -> str:
    """The entity tag of a body (without its quotes)."""
    return hashlib.sha256(body).hexdigest()[:32]


def tag(response: Response) -> Response:
    """Give a 200/201 JSON body its ETag; a read whose ETag the client already has is a
    304 with no body (weak comparison, as RFC 9110 asks of If-None-Match)."""
    if (response.status_code not in (200, 201) or response.is_streamed
            or response.mimetype != "application/json"):
        return response
    etag = etag_of(response.get_data())
    response.set_etag(etag)
    if (request.method in ("GET", "HEAD") and response.status_code == 200
            and request.if_none_match.contains_weak(etag)):
        response.status_code = 304
        response.set_data(b"")
        del response.headers["Content-Type"]
    return response


def conditional() -> bool:
    """Whether the request sent If-Match: its check and its change must then be one step
    (the resource read write-locked), or two clients sending the same ETag would both pass."""
    return bool(request.if_match)


def require_match(current: BaseModel) -> None:
    """412 unless If-Match (when sent) names the ETag of `current`, the representation a GET
    would show now: strong comparison, as RFC 9110 asks of If-Match; * is any."""
    wanted = request.if_match
    if not wanted:
        return
    if wanted.contains(etag_of(current.model_dump_json().encode())):
        return
    db.session.rollback()  # let go of the lock at once, not at the end of the request
    raise ApiProblem(412, *titles()[412])

"""What a JSON body must be before its schema reads it: JSON (415, 400), an object, and no
number too long to be one any field takes (422 naming the field)."""

from __future__ import annotations

import json

from flask import request
from flask_babel import gettext as _

from habitory.api.problems import ApiProblem

# Far past every field's bound (the largest is 2**31 - 1). Python will not even read an
# integer of over 4,300 digits, and one of a few hundred is "not a valid number" to pydantic.
DIGITS_MAX = 100


class _TooLong(str):
    """An integer of more than DIGITS_MAX digits, kept as its text to say where it was."""


def _integer(text: str) -> int | _TooLong:
    return _TooLong(text) if len(text.lstrip("-")) > DIGITS_MAX else int(text)


def _refuse_constant(name: str):
    raise ValueError(name)


class _DuplicateKey(Exception):
    """A key given twice in one object: which value was meant is not ours to guess."""


def _object(pairs: list[tuple[str, object]]) -> dict:
    body = dict(pairs)
    if len(body) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return body


def check_json() -> None:
    """415 for a body that is not JSON, 400 for JSON that does not parse (NaN included), 422
    for one that is not an object, holds a number too long or names a key twice."""
    if not request.is_json:
        raise ApiProblem(415, _("Unsupported media type"),
                         _("Send the body as JSON, with Content-Type: application/json."))
    raw = request.get_data(cache=True)  # past MAX_CONTENT_LENGTH: 413
    limit = request.max_content_length
    if limit is not None and len(raw) >= limit and request.content_length != len(raw):
        # A chunked body (no Content-Length) is cut at the limit without a word from
        # Werkzeug: the rest would be read as broken JSON, or its cut-off part lost.
        raise ApiProblem(413, _("Too large"),
                         _("The request body is larger than this server accepts."))
    try:
        body = json.loads(raw or b"null", parse_constant=_refuse_constant,
                          parse_int=_integer, object_pairs_hook=_object)
    except _DuplicateKey as duplicate:
        _refuse(str(duplicate), _("given more than once; send each field once."))
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise ApiProblem(400, _("Malformed JSON"),
                         _("The body is not valid JSON.")) from None
    # SpecTree reads null, [], 0, false and "" as {}: a PATCH would answer 200 to them. An
    # empty body stays what it was (nothing to change).
    if raw and not isinstance(body, dict):
        _refuse("body", "send a JSON object.")
    where = _too_long_at(body)
    if where is not None:
        _refuse(where, f"a number of more than {DIGITS_MAX} digits is out of range.")


def _refuse(field: str, detail: str):
    """A 422 shaped as the schemas' own (errors listed, as SpecTree's hook lists them)."""
    raise ApiProblem(422, _("Invalid value"), f"{field}: {detail}", field=field,
                     errors=[{"field": field, "detail": detail}])


def _too_long_at(body) -> str | None:
    """The dotted path of the first integer too long ("schedule.times"), else None. A loop,
    not recursion: the body may be nested as deep as the parser allows."""
    waiting: list[tuple[tuple, object]] = [((), body)]
    while waiting:
        path, value = waiting.pop()
        if isinstance(value, _TooLong):
            return ".".join(str(part) for part in path) or "body"
        if isinstance(value, dict):
            items = list(value.items())
        elif isinstance(value, list):
            items = list(enumerate(value))
        else:
            continue
        waiting.extend(((*path, key), item) for key, item in reversed(items))
    return None

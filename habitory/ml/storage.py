"""Per-user models: signed with HMAC-SHA256, verified before unpickling, written atomically.

The same bytes go to a file (`<models_dir>/user_<id>.pkl`) or a user_models row
(habitory/domain/model_store.py chooses). Layout:
    32-byte HMAC-SHA256 tag | MAGIC | 4-byte length n | n bytes of JSON metadata | joblib pickle
The tag covers everything after it. Unpickling runs code, so nothing is unpickled before the
tag checks out; the metadata sits outside the pickle so that its version and user id can be
checked (and a reader can check them) without unpickling at all.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import os
import struct
import warnings
from pathlib import Path
from typing import Any

import joblib
import sklearn

from habitory.ml.features import BASELINES, CANDIDATES
from habitory.ml.model import BETA, MODEL, UserModel
from habitory.ml.paths import model_path, write_atomically

MAGIC = b"HABITORY-MODEL\x01"
FORMAT = 1
_TAG = hashlib.sha256().digest_size
_PURPOSE = b"habitory.ml.storage model file v1"


def _key(secret: str | bytes) -> bytes:
    """A key for this purpose only, derived from the app's SECRET_KEY."""
    raw = secret.encode() if isinstance(secret, str) else bytes(secret)
    if not raw:
        raise ValueError("an empty secret cannot sign model files")
    return hmac.new(raw, _PURPOSE, hashlib.sha256).digest()


def _tag(secret: str | bytes, payload: bytes) -> bytes:
    return hmac.new(_key(secret), payload, hashlib.sha256).digest()


def sklearn_minor(version: str = sklearn.__version__) -> str:
    """major.minor: pickles of scikit-learn estimators are only safe across patch releases."""
    return ".".join(version.split(".")[:2])


def encode_model(user_id: int, model: UserModel, secret: str | bytes) -> bytes:
    """The signed bytes of a model, as a file holds them and the user_models row does."""
    meta = {**model.meta, "format": FORMAT, "user_id": int(user_id), "served": model.served,
            "features": list(model.features), "habit_terms": [int(h) for h in model.habits]}
    meta.setdefault("sklearn_version", sklearn.__version__)
    body = io.BytesIO()
    joblib.dump({"pipeline": model.pipeline}, body)
    header = json.dumps(meta, sort_keys=True).encode()
    payload = MAGIC + struct.pack(">I", len(header)) + header + body.getvalue()
    return _tag(secret, payload) + payload


def save_model(models_dir: str | os.PathLike[str], user_id: int, model: UserModel,
               secret: str | bytes) -> Path:
    """Sign and write the model, atomically: readers see the old file or the new, never half."""
    return write_atomically(model_path(models_dir, user_id), encode_model(user_id, model, secret))


def _verified(data: bytes, user_id: int, secret: str | bytes) -> tuple[dict[str, Any], bytes]:
    """Metadata and pickle bytes of a model whose tag, format, user and versions check out."""
    tag, payload = data[:_TAG], data[_TAG:]
    if len(tag) != _TAG or not hmac.compare_digest(tag, _tag(secret, payload)):
        raise ValueError("bad signature")
    if not payload.startswith(MAGIC):
        raise ValueError("not a model file")
    (size,) = struct.unpack_from(">I", payload, len(MAGIC))
    start = len(MAGIC) + 4
    meta = json.loads(payload[start:start + size])
    if meta.get("format") != FORMAT or meta.get("user_id") != int(user_id):
        raise ValueError("another format or another user's file")
    if sklearn_minor(str(meta.get("sklearn_version", ""))) != sklearn_minor():
        raise ValueError("trained with another scikit-learn")
    if not set(meta.get("features", ())) <= set(CANDIDATES) or meta.get("served") not in (
        MODEL, BETA, *BASELINES
    ):
        raise ValueError("features or a predictor this code does not know")
    return meta, payload[start + size:]


def load_model(models_dir: str | os.PathLike[str], user_id: int,
               secret: str | bytes) -> UserModel | None:
    """The user's model file, or None for a missing, corrupt, tampered or incompatible one."""
    try:
        data = model_path(models_dir, user_id).read_bytes()
    except OSError:
        return None
    return decode_model(data, user_id, secret)


def decode_model(data: bytes, user_id: int, secret: str | bytes) -> UserModel | None:
    """The model in signed bytes, or None when they are corrupt, tampered or incompatible."""
    try:
        meta, body = _verified(data, user_id, secret)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # patch-level sklearn differences are fine
            stored = joblib.load(io.BytesIO(body))
        pipeline = stored["pipeline"]
        features = tuple(meta["features"])
        habits = tuple(int(h) for h in meta.get("habit_terms", ()))
        if meta["served"] == MODEL and (pipeline is None or getattr(
                pipeline, "n_features_in_", None) != len(features) + len(habits)):
            return None
        return UserModel(meta["served"], pipeline, features, meta, habits)
    except Exception:  # never raise: the caller falls back and schedules a retrain
        return None

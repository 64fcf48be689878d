"""Where trained models are kept: files in the models folder, or rows that every node reads.

HABITORY_MODEL_STORE=files keeps `instance/models/user_<id>.pkl` (the default on SQLite, where
one host serves); `database` keeps the same signed bytes in user_models (the default on
PostgreSQL, so a model trained by a worker on one host is served by web nodes on others).
This module moves bytes only: signing, verifying and unpickling stay in habitory/ml/storage.py,
so nothing here loads scikit-learn.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from habitory.domain.private_files import private_folder
from habitory.extensions import db
from habitory.ml.paths import delete_model, model_path, write_atomically
from habitory.models import StoredModel, utcnow

STORES = ("files", "database")


def models_dir() -> Path:
    """HABITORY_MODELS_DIR / MODELS_DIR, or instance/models."""
    app = current_app
    # Each model is one person's history, trained: the host's alone (as its files are).
    return private_folder(app.config.get("MODELS_DIR") or Path(app.instance_path) / "models")


def backend() -> str:
    """The configured store, else "database" on PostgreSQL and "files" elsewhere."""
    chosen = current_app.config.get("MODEL_STORE")
    if chosen:
        if chosen not in STORES:
            raise ValueError(f"HABITORY_MODEL_STORE must be one of {STORES}, not {chosen!r}")
        return chosen
    return "database" if db.engine.dialect.name == "postgresql" else "files"


def version(user_id: int) -> tuple | None:
    """What changes whenever the user's model is replaced (a cache key), None without one."""
    if backend() == "files":
        try:
            return ("files", model_path(models_dir(), user_id).stat().st_mtime_ns)
        except FileNotFoundError:
            return None
    saved = db.session.scalar(sa.select(StoredModel.saved_at)
                              .where(StoredModel.user_id == user_id))
    return None if saved is None else ("database", saved)


def read(user_id: int) -> bytes | None:
    """The stored bytes of the user's model, or None."""
    if backend() == "files":
        try:
            return model_path(models_dir(), user_id).read_bytes()
        except FileNotFoundError:
            return None
    return db.session.scalar(sa.select(StoredModel.data).where(StoredModel.user_id == user_id))


def exists(user_id: int) -> bool:
    """Whether the store holds a model for the user (valid or not)."""
    return version(user_id) is not None


def write(user_id: int, data: bytes) -> None:
    """Replace the user's model whole: a file renamed over the old one, or one transaction."""
    if backend() == "files":
        write_atomically(model_path(models_dir(), user_id), data)
        return
    values = {"data": data, "saved_at": utcnow()}
    updated = db.session.execute(sa.update(StoredModel)
                                 .where(StoredModel.user_id == user_id).values(**values))
    if not updated.rowcount:
        try:
            db.session.execute(sa.insert(StoredModel).values(user_id=user_id, **values))
        except IntegrityError:  # another worker inserted it meanwhile: replace theirs
            db.session.rollback()
            db.session.execute(sa.update(StoredModel)
                               .where(StoredModel.user_id == user_id).values(**values))
    db.session.commit()


def delete(user_id: int) -> None:
    """Remove the user's model from both stores (a switched store leaves nothing behind)."""
    delete_model(models_dir(), user_id)
    db.session.execute(sa.delete(StoredModel).where(StoredModel.user_id == user_id))
    db.session.commit()

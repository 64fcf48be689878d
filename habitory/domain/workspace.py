"""The instance folder's working space: uploads waiting between an import's preview and its
confirm, and the temporary files of exports (PORTABILITY_TMP_DIR, else instance/tmp).

An upload is named by its user and a random token, import-<user id>-<token>.bin (.importing
while a confirm reads it), so an account's uploads can be found, and deleted with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from flask import current_app

from habitory.domain.private_files import private_folder


def folder_of(config: Mapping, instance_path: str) -> Path:
    """The working folder of an app with this config and instance folder, made if missing:
    the host's alone (0700), as the uploads in it hold people's histories."""
    return private_folder(config.get("PORTABILITY_TMP_DIR") or Path(instance_path) / "tmp")


def folder() -> Path:
    """The current app's working folder."""
    return folder_of(current_app.config, current_app.instance_path)


def upload_path(user_id: int, token: str) -> Path:
    """Where the user's upload of that token waits for its confirm."""
    return folder() / f"import-{user_id}-{token}.bin"


def forget_uploads(user_id: int) -> int:
    """Delete the user's uploads, waiting or being imported (their account is gone); how many.
    Another host's working folder keeps its own until its hourly clean-up."""
    removed = 0
    for path in folder().glob(f"import-{user_id}-*"):
        path.unlink(missing_ok=True)
        removed += 1
    return removed

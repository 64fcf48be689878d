"""Where a user's model file lives: known to readers that must not load scikit-learn."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def model_path(models_dir: str | os.PathLike[str], user_id: int) -> Path:
    """Where a user's model lives; the id is forced to an int so it cannot name another path."""
    return Path(models_dir) / f"user_{int(user_id)}.pkl"


def delete_model(models_dir: str | os.PathLike[str], user_id: int) -> bool:
    """Remove a user's model (account deletion, "forget my data"); True if one existed."""
    path = model_path(models_dir, user_id)
    # Also any temporary file a killed writer left behind: it holds the same user's data.
    for leftover in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True

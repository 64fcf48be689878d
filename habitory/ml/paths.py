"""Where a user's model file lives: known to readers that must not load scikit-learn."""

from __future__ import annotations

import contextlib
import os
import tempfile
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


def write_atomically(path: Path, data: bytes) -> Path:
    """Write a temporary file beside `path`, then rename it over: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # The temporary file sits in the same directory, so os.replace is one atomic rename.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())  # the bytes are on disk before the name points at them
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _sync_dir(path.parent)
    return path


def _sync_dir(folder: Path) -> None:
    """Persist the rename itself (POSIX); a no-op where directories cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

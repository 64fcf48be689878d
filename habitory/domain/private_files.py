"""Folders and files that hold users' data, for the host's user alone: uploads waiting for
their confirm, trained models, exports written from a shell.

Created 0700 and 0600 whatever the umask. A folder left open to every user of the machine (by
an older version, or the umask) is closed when next used; access for a group alone (0750) is
the host's own choice and kept, as at the app's start (factory.keep_private), and so is a
folder every user may write to.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

FOLDER, FILE = 0o700, 0o600


def private_folder(folder: str | os.PathLike[str]) -> Path:
    """The folder, made if missing (0700), and closed to other users if it was open."""
    folder = Path(folder)
    folder.mkdir(mode=FOLDER, parents=True, exist_ok=True)
    with contextlib.suppress(OSError):  # not ours to change: it still works as it is
        status = folder.stat()
        others = stat.S_IMODE(status.st_mode) & 0o007
        # One others may write to (/tmp, configured as the working folder) is shared on
        # purpose: closing it would break the machine; the files in it are private anyway.
        if status.st_uid == os.geteuid() and others and not others & 0o002:
            folder.chmod(FOLDER)
    return folder


def create_private(path: str | os.PathLike[str]) -> int:
    """A new file (0600) open for writing; an existing one is an error (FileExistsError), so
    nothing made ready beforehand (a link elsewhere, a file others can open) is written."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), FILE)


def write_private(path: str | os.PathLike[str], data: bytes) -> None:
    """Write `data` to a new file (0600)."""
    with os.fdopen(create_private(path), "wb") as out:
        out.write(data)

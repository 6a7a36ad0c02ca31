"""Evidence files on disk, under the instance folder, with generated names.

Files are written before the database records that point to them are
committed; if the commit fails, ``discard`` removes what was written so no
orphan is left behind. Evidence can name pupils and families, so the folder and its
files are readable by the service's own user alone (see ``tracker.private_files``).
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from flask import current_app

from tracker.private_files import PRIVATE_FILE_MODE, PRIVATE_FOLDER_MODE


def uploads_folder() -> Path:
    folder = Path(current_app.instance_path) / "uploads"
    folder.mkdir(mode=PRIVATE_FOLDER_MODE, parents=True, exist_ok=True)
    if folder.stat().st_mode & 0o077:
        # A folder made before files were kept private, or by hand: close it. One owned
        # by another account is the administrator's choice, and stays as it is.
        with contextlib.suppress(PermissionError):
            folder.chmod(PRIVATE_FOLDER_MODE)
    return folder


def store(content: bytes, extension: str) -> str:
    """Write the bytes under a new random name and return that name."""
    stored_name = f"{secrets.token_hex(16)}.{extension}"
    path = uploads_folder() / stored_name
    try:
        write_private(path, content)
    except FileExistsError:
        raise  # another file's name (never expected of 128 random bits): leave it be
    except OSError:
        # A disk that filled part-way through leaves a truncated file: remove it.
        path.unlink(missing_ok=True)
        raise
    return stored_name


def write_private(path: Path, content: bytes) -> None:
    # Created with its mode, never briefly readable by others; never over another file.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    with os.fdopen(descriptor, "wb") as file:
        file.write(content)


def path_of(stored_name: str) -> Path:
    return uploads_folder() / stored_name


def discard(stored_names: list[str]) -> None:
    for name in stored_names:
        path_of(name).unlink(missing_ok=True)

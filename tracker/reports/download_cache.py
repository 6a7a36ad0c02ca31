"""The same report downloaded again, unchanged, is served from the file laid out last time.

Laying out the PDF takes seconds, and at a deadline board members download the same
report again and again while nothing in it changes. A file is stored under a digest of
the whole assembled document, everything a renderer reads, so a report that differs
in any way (an approved update, a figure, the date, the version) has another digest
and is laid out afresh: a file that no longer matches its report is never served.
Renderers lay out the same document the same way, so a stored file reads as a fresh
one would. The files live in the instance folder, shared by every worker and app
server; deleting them is always safe.

Any worker may be pruning while another serves, so a file can vanish at any moment:
a file is read through one open handle (which goes on reading after the file is
deleted), a file gone before it could be opened is laid out again, and a file gone
while a pruner looks at it is passed over. Reading a file marks it as used, so the
files pruned are the ones used least recently, not the ones laid out first. Storing
is only a shortcut for next time: if it fails, the download is still answered.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle  # nosec B403 # only dumps, to digest our own document; nothing is loaded
from collections.abc import Callable
from pathlib import Path

from tracker.domain.reports.layout import Document
from tracker.private_files import replace_privately

# Enough for every format of the few reports in use at one time.
KEEP_FILES = 60
# The folder, under the instance folder, that downloads are kept in.
FOLDER = "report-cache"


def document_digest(document: Document) -> str:
    return hashlib.sha256(pickle.dumps(document, protocol=5)).hexdigest()


def rendered(
    document: Document, code: str, folder: Path, render: Callable[[Document, str], bytes]
) -> bytes:
    path = folder / f"{document_digest(document)}.{code}"
    stored = _read(path)
    if stored is not None:
        return stored
    content = render(document, code)
    try:
        _store(path, content)
        _keep_newest(folder)
    except OSError:
        pass  # the folder was removed or is full: answer without keeping a copy
    return content


def _read(path: Path) -> bytes | None:
    try:
        with path.open("rb") as file:
            # Marked as used through the handle, which holds the file even if it is
            # deleted meanwhile. Not being able to mark it only makes it go sooner.
            with contextlib.suppress(OSError):
                os.utime(file.fileno())
            return file.read()
    except OSError:
        return None  # gone, or the folder is not there: laid out again


def _store(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Another worker never reads half a file, and two workers storing the same report
    # never share one (see ``tracker.private_files``).
    replace_privately(path, lambda partial: partial.write_bytes(content))


def _keep_newest(folder: Path) -> None:
    used = []
    for entry in folder.iterdir():
        if entry.name.startswith("."):
            continue  # another worker's file, still being written
        try:
            used.append((entry.stat().st_mtime, entry))
        except FileNotFoundError:
            continue  # pruned by another worker since the folder was listed
    used.sort(reverse=True)
    for _, old in used[KEEP_FILES:]:
        old.unlink(missing_ok=True)


def cached_files(folder: Path) -> list[Path]:
    """Every file kept, half-written ones included."""
    return sorted(entry for entry in folder.iterdir() if entry.is_file()) if folder.is_dir() else []


def clear(folder: Path) -> int:
    """Delete every kept file (the retention purge: a report may show expired years'
    figures); returns how many there were. Reports are laid out again when next asked for."""
    found = cached_files(folder)
    for path in found:
        path.unlink(missing_ok=True)
    return len(found)

"""The same report downloaded again, unchanged, is served from the file laid out last time.

Laying out the PDF takes seconds, and at a deadline board members download the same
report again and again while nothing in it changes. A file is stored under a digest of
the whole assembled document, everything a renderer reads, so a report that differs
in any way (an approved update, a figure, the date, the version) has another digest
and is laid out afresh: a file that no longer matches its report is never served.
Renderers lay out the same document the same way, so a stored file reads as a fresh
one would. The files live in the instance folder, shared by every worker and app
server; deleting them is always safe.
"""

from __future__ import annotations

import hashlib
import os
import pickle  # nosec B403 # only dumps, to digest our own document; nothing is loaded
import threading
from collections.abc import Callable
from pathlib import Path

from tracker.domain.reports.layout import Document

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
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    content = render(document, code)
    folder.mkdir(parents=True, exist_ok=True)
    # Written aside and renamed, so another worker never reads half a file.
    partial = folder / f".{path.name}.{os.getpid()}.{threading.get_ident()}"
    partial.write_bytes(content)
    os.replace(partial, path)
    _keep_newest(folder)
    return content


def _keep_newest(folder: Path) -> None:
    files = sorted(
        (entry for entry in folder.iterdir() if not entry.name.startswith(".")),
        key=lambda entry: entry.stat().st_mtime,
        reverse=True,
    )
    for old in files[KEEP_FILES:]:
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

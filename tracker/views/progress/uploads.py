"""Checking uploaded evidence files before anything is stored."""

from __future__ import annotations

from flask import current_app
from werkzeug.datastructures import FileStorage

from tracker.data.attachments import StoredFile
from tracker.domain.files import ALLOWED_DESCRIPTION, safe_display_name, sniff_file_kind
from tracker.storage import discard, store


def read_uploads(files: list[FileStorage]) -> tuple[list[tuple[str, bytes]], list[str]]:
    """The chosen files' names and bytes, and a message for each one refused."""
    limit = current_app.config["MAX_ATTACHMENT_BYTES"]
    accepted, problems = [], []
    for upload in files:
        if not upload or not upload.filename:
            continue
        name = safe_display_name(upload.filename)
        content = upload.read(limit + 1)
        if len(content) > limit:
            problems.append(f"{name} must be smaller than {limit // (1024 * 1024)} MB")
        elif not content:
            problems.append(f"{name} is empty")
        elif sniff_file_kind(content, name) is None:
            problems.append(f"{name} must be {ALLOWED_DESCRIPTION}")
        else:
            accepted.append((name, content))
    return accepted, problems


def store_uploads(accepted: list[tuple[str, bytes]]) -> list[StoredFile]:
    """Write every accepted file, or none: a full disk part-way leaves no orphan behind."""
    stored = []
    try:
        for name, content in accepted:
            kind = sniff_file_kind(content, name)
            stored.append(
                StoredFile(
                    original_name=name,
                    stored_name=store(content, kind.extension),
                    content_type=kind.content_type,
                    size=len(content),
                )
            )
    except OSError:
        discard([file.stored_name for file in stored])
        raise
    return stored

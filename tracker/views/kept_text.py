"""What a person typed into a form that could not be saved, to show back to them.

Every page that answers a form the service could not store (signed out for being idle,
the database unreachable or full, the disk full, an unexpected fault) shows the person's
words again, so nothing typed is lost. Built from the request alone: whatever failed
may be the database, so nothing here reads from it.
"""

from __future__ import annotations

from flask import request


def typed_fields() -> list[tuple[str, str]]:
    """The posted fields with something in them, as (label, text): never tokens or passwords."""
    if request.method != "POST":
        return []
    kept = []
    for name, value in request.form.items(multi=True):
        if name == "csrf_token" or "password" in name or not value.strip():
            continue
        kept.append((name.replace("_", " ").replace("-", " ").capitalize(), value))
    return kept

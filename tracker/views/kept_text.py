"""What a person typed into a form that could not be saved, to show back to them.

Every page that answers a form the service could not store (signed out for being idle,
the database unreachable or full, the disk full, an unexpected fault) shows the person's
words again, so nothing typed is lost. Built from the request alone: whatever failed
may be the database, so nothing here reads from it.
"""

from __future__ import annotations

from flask import request

# Fields never shown back: tokens, and passwords under any name (the new password's
# confirmation is "confirm").
_SECRET_PARTS = ("csrf", "token", "password", "confirm", "secret")


def _is_secret(name: str) -> bool:
    return any(part in name.lower() for part in _SECRET_PARTS)


def typed_fields() -> list[tuple[str, str]]:
    """The posted fields with something in them, as (label, text): never tokens or passwords."""
    if request.method != "POST":
        return []
    kept = []
    for name, value in request.form.items(multi=True):
        if _is_secret(name) or not value.strip():
            continue
        kept.append((name.replace("_", " ").replace("-", " ").capitalize(), value))
    return kept

"""The append-only record of changes, and reading it back as a timeline."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from tracker.extensions import db
from tracker.models import HistoryEntry, TrackableItem, Update, User


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def record_change(
    *,
    user: User | None,
    subject: str,
    subject_id: int,
    field: str,
    old: Any,
    new: Any,
    item_id: int | None = None,
    term_id: int | None = None,
    version: int | None = None,
) -> HistoryEntry | None:
    """Append one entry, unless the value did not actually change."""
    old_text, new_text = _as_text(old), _as_text(new)
    if old_text == new_text:
        return None
    entry = HistoryEntry(
        user_id=user.id if user else None,
        subject=subject,
        subject_id=subject_id,
        field=field,
        old_value=old_text,
        new_value=new_text,
        item_id=item_id,
        term_id=term_id,
        version=version,
    )
    db.session.add(entry)
    return entry


def item_timeline(*, item: TrackableItem, include_unapproved_text: bool) -> list[HistoryEntry]:
    """Every recorded change to an item, its owners and its updates, newest first.

    People who may not read unapproved drafts (board members, other owners)
    see when an update's state changed, and the status and attachments of
    updates that are approved now; nothing of a draft's content.
    """
    entries = list(
        db.session.scalars(
            select(HistoryEntry)
            .where(or_(HistoryEntry.item_id == item.id))
            .order_by(HistoryEntry.at.desc(), HistoryEntry.id.desc())
            .options(selectinload(HistoryEntry.user))
        )
    )
    if include_unapproved_text:
        return entries
    approved = set(
        db.session.scalars(
            select(Update.id).where(Update.item_id == item.id, Update.state == "approved")
        )
    )
    return [entry for entry in entries if _visible_to_all(entry, approved)]


# Fields of an approved update whose changes anyone signed in may see.
VISIBLE_WHEN_APPROVED = {"status", "attachment"}


def _visible_to_all(entry: HistoryEntry, approved_update_ids: set[int]) -> bool:
    if entry.subject not in {"update", "attachment"}:
        return True  # owners and terms
    if entry.field == "state":
        return True
    return entry.field in VISIBLE_WHEN_APPROVED and entry.subject_id in approved_update_ids


def update_changes_since(*, update_id: int, version: int) -> list[HistoryEntry]:
    """Changes to an update made after the given version: what a stale form missed."""
    return list(
        db.session.scalars(
            select(HistoryEntry)
            .where(
                HistoryEntry.subject == "update",
                HistoryEntry.subject_id == update_id,
                HistoryEntry.version > version,
            )
            .order_by(HistoryEntry.id)
            .options(selectinload(HistoryEntry.user))
        )
    )


def term_history(*, term_id: int) -> list[HistoryEntry]:
    """Every change to a term's state, deadline and the reasons given, newest first."""
    return list(
        db.session.scalars(
            select(HistoryEntry)
            .where(HistoryEntry.subject == "term", HistoryEntry.subject_id == term_id)
            .order_by(HistoryEntry.at.desc(), HistoryEntry.id.desc())
            .options(selectinload(HistoryEntry.user))
        )
    )

"""Evidence attachments on updates."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.data.history import record_change
from tracker.domain.errors import NotAllowed
from tracker.extensions import db
from tracker.models import Attachment, Update, User
from tracker.models.mixins import utcnow


@dataclass(frozen=True)
class StoredFile:
    original_name: str
    stored_name: str
    content_type: str
    size: int


def add_attachments(*, update: Update, user: User, files: list[StoredFile]) -> list[Attachment]:
    added = []
    for file in files:
        attachment = Attachment(
            update_id=update.id,
            original_name=file.original_name,
            stored_name=file.stored_name,
            content_type=file.content_type,
            size=file.size,
            uploaded_by_id=user.id,
        )
        db.session.add(attachment)
        added.append(attachment)
        record_change(
            user=user,
            subject="attachment",
            subject_id=update.id,
            item_id=update.item_id,
            term_id=update.term_id,
            field="attachment",
            old="",
            new=file.original_name,
        )
    db.session.flush()
    return added


def get_attachment(*, attachment_id: int) -> Attachment | None:
    return db.session.get(Attachment, attachment_id)


def remove_attachment(*, attachment: Attachment, user: User, allowed: bool) -> None:
    """Hide an attachment from the update; the file and its record are kept for the history."""
    if not allowed:
        raise NotAllowed("You cannot change this update.")
    attachment.removed_at = utcnow()
    update = attachment.update
    record_change(
        user=user,
        subject="attachment",
        subject_id=update.id,
        item_id=update.item_id,
        term_id=update.term_id,
        field="attachment",
        old=attachment.original_name,
        new="",
    )
    db.session.flush()

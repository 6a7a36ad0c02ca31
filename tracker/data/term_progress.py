"""Reading a term's updates for the service manager's progress and review screens."""

from __future__ import annotations

from sqlalchemy import select

from tracker.data.owners import owners_by_item
from tracker.domain.term_progress import ProgressRow
from tracker.extensions import db
from tracker.models import Term, TrackableItem, Update


def term_progress_rows(*, term: Term) -> list[ProgressRow]:
    """Every live item in plan order, with its update for the term (if any) and its owners."""
    items = db.session.scalars(
        select(TrackableItem)
        .where(TrackableItem.withdrawn_at.is_(None))
        .order_by(TrackableItem.position)
    ).all()
    updates = {
        update.item_id: update
        for update in db.session.scalars(select(Update).where(Update.term_id == term.id))
    }
    owners = owners_by_item()
    rows = []
    for item in items:
        update = updates.get(item.id)
        item_owners = owners.get(item.id, [])
        lead = next((owner.user for owner in item_owners if owner.role == "lead"), None)
        rows.append(
            ProgressRow(
                item_id=item.id,
                ref=item.ref,
                slug=item.slug,
                kind=item.kind,
                text=item.full_text,
                state=update.state if update else "missing",
                status=update.status if update else None,
                update_id=update.id if update else None,
                submitted_at=update.submitted_at if update else None,
                lead_name=lead.name if lead else "",
                lead_email=lead.email if lead else "",
                contributor_emails=tuple(
                    owner.user.email for owner in item_owners if owner.role == "contributor"
                ),
                contributor_names=tuple(
                    owner.user.name for owner in item_owners if owner.role == "contributor"
                ),
            )
        )
    return rows

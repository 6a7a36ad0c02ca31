"""What an item's page shows of its progress: owners, each term's update, the timeline."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.data.history import item_timeline
from tracker.data.owners import owners_of
from tracker.data.progress import edit_decision, may_read_unapproved
from tracker.data.terms import current_term
from tracker.extensions import db
from tracker.models import HistoryEntry, ItemOwner, Term, TrackableItem, Update, User


@dataclass(frozen=True)
class TermRow:
    term: Term
    # The update this viewer may read: approved ones for everyone, drafts and
    # submissions only for the item's owners and the service manager.
    update: Update | None
    hidden_state: bool  # an update exists but is not yet approved, and is not shown


@dataclass(frozen=True)
class ItemProgress:
    owners: list[ItemOwner]
    terms: list[TermRow]  # newest first, terms that have started
    timeline: list[HistoryEntry]
    current: Term | None
    may_edit_current: bool
    may_read_drafts: bool


def item_progress(*, item: TrackableItem, user: User, today) -> ItemProgress:
    readable = may_read_unapproved(user=user, item=item)
    updates = {
        update.term_id: update
        for update in db.session.scalars(
            select(Update)
            .where(Update.item_id == item.id)
            .options(selectinload(Update.attachments), selectinload(Update.updated_by))
        )
    }
    started = db.session.scalars(
        select(Term).where(Term.start_date <= today).order_by(Term.start_date.desc())
    )
    rows = []
    for term in started:
        update = updates.get(term.id)
        visible = update is not None and (readable or update.state == "approved")
        rows.append(TermRow(term, update if visible else None, update is not None and not visible))
    term = current_term(today=today)
    current_update = updates.get(term.id) if term else None
    return ItemProgress(
        owners=owners_of(item=item),
        terms=rows,
        timeline=item_timeline(item=item, include_unapproved_text=readable),
        current=term,
        may_edit_current=bool(
            term and edit_decision(user=user, item=item, term=term, update=current_update)
        ),
        may_read_drafts=readable,
    )

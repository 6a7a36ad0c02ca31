"""The item list's rows: each item with its lead owner and its approved status for a term."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from tracker.data.owners import owners_by_item
from tracker.data.plan import ItemFilter, search_items
from tracker.extensions import db
from tracker.models import Term, TrackableItem, Update, User


@dataclass(frozen=True)
class ItemRow:
    item: TrackableItem
    lead: User | None
    status: str | None  # the approved status for the term; None shows as "No update"


def list_item_rows(
    *, item_filter: ItemFilter, term: Term | None, status: str | None
) -> list[ItemRow]:
    """Items matching the filter; ``status`` narrows to one approved status ("no_update" too).

    Statuses are read from approved updates, as on the RAG summary, so every
    role sees the same figure the board sees.
    """
    items = search_items(item_filter=item_filter)
    approved = {}
    if term is not None:
        approved = dict(
            db.session.execute(
                select(Update.item_id, Update.status).where(
                    Update.term_id == term.id, Update.state == "approved"
                )
            ).all()
        )
    owners = owners_by_item()
    rows = []
    for item in items:
        found = approved.get(item.id)
        if status and (found or "no_update") != status:
            continue
        lead = next((o.user for o in owners.get(item.id, []) if o.role == "lead"), None)
        rows.append(ItemRow(item, lead, found))
    return rows


def people_owning_items() -> list[User]:
    """Everyone who leads or contributes to at least one item, for the owner filter."""
    from tracker.models import ItemOwner

    return list(
        db.session.scalars(
            select(User).where(User.id.in_(select(ItemOwner.user_id))).order_by(User.name)
        )
    )

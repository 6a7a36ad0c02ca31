"""Queries behind the RAG summary: the items of a term, approved statuses, updates awaiting review.

Only approved updates are read as statuses: the board reviews information the
service manager has approved, so drafts, submissions and returned updates
never show in a summary.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, or_, select

from tracker.domain.audit import uk_day_bounds
from tracker.domain.rag import RagItem
from tracker.extensions import db
from tracker.models import LocalityGroup, Priority, Term, TrackableItem, Update


def live_at_end_of(term: Term):
    """Items in the plan when the term ended: a summary or report for a past term still
    shows an item withdrawn since, as the one made at the time did."""
    # The term ends at midnight UK time, an hour before midnight UTC in the summer term.
    _, after_term = uk_day_bounds(None, term.end_date)
    return or_(TrackableItem.withdrawn_at.is_(None), TrackableItem.withdrawn_at >= after_term)


def summary_items(*, term: Term) -> list[RagItem]:
    """Every item in the plan at the end of the term, in plan order, with its priority or
    locality group."""
    rows = db.session.execute(
        select(
            TrackableItem.id,
            TrackableItem.ref,
            TrackableItem.slug,
            TrackableItem.kind,
            Priority.number,
            LocalityGroup.name,
        )
        .outerjoin(Priority, TrackableItem.priority_id == Priority.id)
        .outerjoin(LocalityGroup, TrackableItem.locality_group_id == LocalityGroup.id)
        .where(live_at_end_of(term))
        .order_by(TrackableItem.position)
    )
    return [
        RagItem(id=id_, ref=ref, slug=slug, kind=kind, priority=number, locality_group=group)
        for id_, ref, slug, kind, number, group in rows
    ]


def priority_numbers() -> list[int]:
    """The plan's live priorities, in order: one row each in the summary."""
    return list(
        db.session.scalars(
            select(Priority.number).where(Priority.withdrawn_at.is_(None)).order_by(Priority.number)
        )
    )


def locality_group_names() -> list[str]:
    """The live locality groups, in the order they are published."""
    return list(
        db.session.scalars(
            select(LocalityGroup.name)
            .where(LocalityGroup.withdrawn_at.is_(None))
            .order_by(LocalityGroup.position)
        )
    )


def approved_status_history(*, terms: Sequence[Term]) -> dict[int, list[str | None]]:
    """Each item's approved status in each of ``terms``, in the order given.

    Items with no approved update in any of the terms are left out; every list
    returned has one entry per term, None where that term's update is missing
    or not approved.
    """
    position = {term.id: index for index, term in enumerate(terms)}
    history: dict[int, list[str | None]] = {}
    if not position:
        return history
    rows = db.session.execute(
        select(Update.item_id, Update.term_id, Update.status).where(
            Update.state == "approved", Update.term_id.in_(position)
        )
    )
    for item_id, term_id, status in rows:
        history.setdefault(item_id, [None] * len(terms))[position[term_id]] = status
    return history


def awaiting_review_count(*, term: Term) -> int:
    """Updates for live items submitted for the term and not yet approved or returned."""
    return db.session.scalar(
        select(func.count())
        .select_from(Update)
        .join(TrackableItem, Update.item_id == TrackableItem.id)
        .where(
            Update.term_id == term.id,
            Update.state == "submitted",
            TrackableItem.withdrawn_at.is_(None),
        )
    )

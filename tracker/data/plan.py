"""Reading the plan: the strategy, its priorities, localities and trackable items."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from tracker.extensions import db
from tracker.models import (
    Action,
    ItemOwner,
    Locality,
    LocalityGroup,
    LocalityPriority,
    Priority,
    QuotedFigure,
    Strategy,
    Term,
    TrackableItem,
    locality_group_member,
)


def get_strategy() -> Strategy | None:
    return db.session.scalars(select(Strategy).order_by(Strategy.id)).first()


def list_priorities() -> list[Priority]:
    return list(
        db.session.scalars(
            select(Priority)
            .where(Priority.withdrawn_at.is_(None))
            .order_by(Priority.number)
            .options(selectinload(Priority.outcomes), selectinload(Priority.actions))
        )
    )


def get_priority(*, number: int) -> Priority | None:
    return db.session.scalars(
        select(Priority).where(Priority.number == number, Priority.withdrawn_at.is_(None))
    ).first()


def get_item(*, slug: str, kind: type[TrackableItem] = TrackableItem) -> TrackableItem | None:
    """Find an item by its URL slug, case-insensitively (``p1-001`` finds ``P1/001``)."""
    return db.session.scalars(select(kind).where(func.lower(kind.slug) == slug.lower())).first()


def list_localities() -> list[Locality]:
    return list(
        db.session.scalars(
            select(Locality).where(Locality.withdrawn_at.is_(None)).order_by(Locality.position)
        )
    )


def list_locality_groups() -> list[LocalityGroup]:
    return list(
        db.session.scalars(
            select(LocalityGroup)
            .where(LocalityGroup.withdrawn_at.is_(None))
            .order_by(LocalityGroup.position)
            .options(selectinload(LocalityGroup.localities), selectinload(LocalityGroup.priorities))
        )
    )


def get_locality_group(*, slug: str) -> LocalityGroup | None:
    return db.session.scalars(select(LocalityGroup).where(LocalityGroup.slug == slug)).first()


def list_terms() -> list[Term]:
    return list(db.session.scalars(select(Term).order_by(Term.academic_year, Term.sequence)))


def list_quoted_figures() -> list[QuotedFigure]:
    return list(db.session.scalars(select(QuotedFigure).order_by(QuotedFigure.id)))


@dataclass(frozen=True)
class ItemFilter:
    """What the item list is narrowed to. Empty fields do not narrow."""

    priority: int | None = None
    locality: str | None = None  # a locality's slug: the priorities of groups covering it
    text: str = ""
    include_withdrawn: bool = False
    owner_id: int | None = None  # lead owner or contributor


def search_items(*, item_filter: ItemFilter) -> list[TrackableItem]:
    """Trackable items in plan order, narrowed by priority, locality, owner and words."""
    query = select(TrackableItem).order_by(TrackableItem.position)
    if not item_filter.include_withdrawn:
        query = query.where(TrackableItem.withdrawn_at.is_(None))
    if item_filter.priority is not None:
        query = query.join(Priority, Action.priority_id == Priority.id).where(
            Priority.number == item_filter.priority
        )
    if item_filter.locality:
        query = query.where(
            LocalityPriority.locality_group_id.in_(
                select(locality_group_member.c.locality_group_id)
                .join(Locality, Locality.id == locality_group_member.c.locality_id)
                .where(Locality.slug == item_filter.locality)
            )
        )
    if item_filter.owner_id is not None:
        query = query.where(
            TrackableItem.id.in_(
                select(ItemOwner.item_id).where(ItemOwner.user_id == item_filter.owner_id)
            )
        )
    items = list(db.session.scalars(query))
    words = item_filter.text.lower().split()
    # Matched in Python against everything printed on the item's row (sub-lists
    # and notes are JSON and text columns that SQL cannot search alike).
    return [item for item in items if all(word in _searchable(item) for word in words)]


def _searchable(item: TrackableItem) -> str:
    return f"{item.ref} {item.document_text}".lower()


def export_plan() -> dict:
    """The live plan as the ``export-plan`` JSON contract describes it."""
    strategy = get_strategy()
    if strategy is None:
        return {"strategy": None, "priorities": [], "locality_priorities": []}
    return {
        "strategy": {
            "title": strategy.title,
            "version": strategy.version,
            "vision": strategy.vision,
        },
        "priorities": [
            {
                "number": priority.number,
                "title": priority.title,
                "vision": priority.vision,
                "outcomes": [o.text for o in priority.outcomes if not o.is_withdrawn],
                "actions": [
                    {"ref": action.ref, "text": action.document_text}
                    for action in priority.actions
                    if not action.is_withdrawn
                ],
            }
            for priority in list_priorities()
        ],
        "locality_priorities": [
            {
                "group": group.name,
                "localities": [locality.name for locality in group.localities],
                "number": item.number,
                "text": item.text,
            }
            for group in list_locality_groups()
            for item in group.priorities
            if not item.is_withdrawn
        ],
    }

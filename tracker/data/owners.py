"""Who owns which item: a lead owner and any contributors."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.data.history import record_change
from tracker.domain.errors import InvalidContent
from tracker.extensions import db
from tracker.models import ItemOwner, TrackableItem, User


def owners_of(*, item: TrackableItem) -> list[ItemOwner]:
    return list(
        db.session.scalars(
            select(ItemOwner)
            .where(ItemOwner.item_id == item.id)
            .options(selectinload(ItemOwner.user))
            .order_by(ItemOwner.role.desc(), ItemOwner.id)
        )
    )


def owners_by_item() -> dict[int, list[ItemOwner]]:
    """Every item's owners, lead first, in one query (for lists and exports)."""
    found: dict[int, list[ItemOwner]] = {}
    for owner in db.session.scalars(
        select(ItemOwner).options(selectinload(ItemOwner.user)).order_by(ItemOwner.id)
    ):
        found.setdefault(owner.item_id, []).append(owner)
    for owners in found.values():
        owners.sort(key=lambda owner: owner.role != "lead")
    return found


def items_owned_by(*, user: User) -> list[TrackableItem]:
    return list(
        db.session.scalars(
            select(TrackableItem)
            .join(ItemOwner, ItemOwner.item_id == TrackableItem.id)
            .where(ItemOwner.user_id == user.id, TrackableItem.withdrawn_at.is_(None))
            .order_by(TrackableItem.position)
        )
    )


def _describe(owners: list[ItemOwner]) -> str:
    return "; ".join(f"{owner.user.email} ({owner.role})" for owner in owners)


def set_owners(
    *, item: TrackableItem, lead: User, contributors: list[User], by: User | None
) -> list[ItemOwner]:
    """Replace an item's owners; the change is recorded in the item's history."""
    if lead in contributors:
        raise InvalidContent({"contributors": "The lead owner cannot also be a contributor"})
    before = owners_of(item=item)
    old_description = _describe(before)
    for owner in before:
        db.session.delete(owner)
    db.session.flush()
    after = [ItemOwner(item_id=item.id, user_id=lead.id, role="lead", user=lead)]
    after += [
        ItemOwner(item_id=item.id, user_id=user.id, role="contributor", user=user)
        for user in contributors
    ]
    db.session.add_all(after)
    db.session.flush()
    record_change(
        user=by,
        subject="owner",
        subject_id=item.id,
        item_id=item.id,
        field="owners",
        old=old_description,
        new=_describe(after),
    )
    return after


def owner_candidates() -> list[User]:
    """Active people who may own items: action owners and service managers."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.active.is_(True), User.role.in_(["owner", "manager"]))
            .order_by(User.name)
        )
    )

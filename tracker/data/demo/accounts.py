"""Demonstration accounts, and owners for every item that has none."""

from __future__ import annotations

from sqlalchemy import select

from tracker.data.accounts import create_user, find_user
from tracker.data.audit import record_event
from tracker.data.demo.context import DemoContext
from tracker.data.owners import set_owners
from tracker.domain.audit import AuditEventType
from tracker.domain.demo_people import DEMO_PEOPLE, MANAGER, DemoItem, plan_owners
from tracker.domain.roles import Role
from tracker.extensions import db
from tracker.models import ItemOwner, LocalityPriority, TrackableItem, User

OWNER_SEED = 2022


def seed_demo_accounts(context: DemoContext) -> list[str]:
    """Create any demo account that does not exist; existing accounts are left alone."""
    context.clock.now = context.set_up_moment(days_before_first_term=21)
    missing = [person for person in DEMO_PEOPLE if find_user(email=person.email) is None]
    if not missing:
        return ["Demo accounts already exist: left as they are."]
    # The first account is made the ordinary way; the others share its password
    # hash, as they share the password, because hashing is deliberately slow.
    first = create_user(
        email=missing[0].email,
        name=missing[0].name,
        role=missing[0].role,
        team=missing[0].team,
        password=context.password,
        # The demonstration password is short and well known on purpose.
        check_password=False,
    )
    for person in missing[1:]:
        user = User(
            email=person.email,
            name=person.name,
            role=person.role.value,
            team=person.team,
            password_hash=first.password_hash,
            session_version=1,
            active=True,
        )
        db.session.add(user)
        db.session.flush()
        record_event(
            event=AuditEventType.USER_CREATED,
            actor=None,
            subject=user,
            detail=f"Role: {person.role.label} (demonstration account)",
        )
    return [
        f"Created demo accounts: {len(missing)}",
        "Demo sign-ins (for demonstration only): manager@example.org, owner@example.org, "
        "board@example.org, data@example.org",
    ]


def demo_users() -> dict[str, User]:
    """The demo accounts that exist, by email."""
    emails = [person.email for person in DEMO_PEOPLE]
    return {
        user.email: user for user in db.session.scalars(select(User).where(User.email.in_(emails)))
    }


def live_demo_items() -> list[tuple[TrackableItem, DemoItem]]:
    items = db.session.scalars(
        select(TrackableItem)
        .where(TrackableItem.withdrawn_at.is_(None))
        .order_by(TrackableItem.position)
    )
    return [
        (
            item,
            DemoItem(
                ref=item.ref,
                text=item.full_text,
                group=item.locality_group.name if isinstance(item, LocalityPriority) else None,
            ),
        )
        for item in items
    ]


def seed_demo_owners(context: DemoContext) -> list[str]:
    """Give every live item without owners a demo lead and, often, contributors."""
    context.clock.now = context.set_up_moment(days_before_first_term=14)
    users = demo_users()
    manager = users.get(MANAGER.email)
    owned = set(db.session.scalars(select(ItemOwner.item_id)))
    pairs = live_demo_items()
    plans = plan_owners([demo for _, demo in pairs], seed=OWNER_SEED)
    assigned = 0
    for item, demo in pairs:
        plan = plans[demo.ref]
        lead = users.get(plan.lead)
        if item.id in owned or lead is None or lead.role != Role.OWNER:
            continue
        contributors = [
            users[email]
            for email in plan.contributors
            if email in users and users[email].role == Role.OWNER
        ]
        set_owners(item=item, lead=lead, contributors=contributors, by=manager)
        assigned += 1
    if not assigned:
        return ["Every item already has owners: left as they are."]
    return [f"Assigned demo owners to items: {assigned}"]

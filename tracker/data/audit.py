"""Writing and reading the audit record of account events.

Events are recorded by the data functions that cause them (signing in, locking,
changing a role...), inside the caller's unit of work, so an action and its
record are committed together or not at all, whether it came from a page or
from the command line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from flask import has_request_context, request
from sqlalchemy import Select, func, or_, select, update
from sqlalchemy.orm import selectinload

from tracker.domain.audit import VIA_COMMAND_LINE, VIA_WEB, AuditEventType
from tracker.extensions import db
from tracker.models import AuditEvent, User
from tracker.models.mixins import utcnow

PAGE_SIZE = 50
DETAIL_LIMIT = 500


def record_event(
    *,
    event: AuditEventType,
    actor: User | None,
    subject: User | None,
    detail: str = "",
    email: str = "",
    at: datetime | None = None,
) -> AuditEvent:
    """Add one event to the record; the caller's unit of work commits it.

    The client's address is taken from the request being answered (behind a
    proxy, ``TRACKER_PROXY_HOPS`` makes it the real client's); an event with no
    request came from a command run on the server.
    """
    in_request = has_request_context()
    entry = AuditEvent(
        at=at or utcnow(),
        event=event.value,
        actor_id=actor.id if actor is not None else None,
        subject_id=subject.id if subject is not None else None,
        email=email or (subject.email if subject is not None else ""),
        detail=detail[:DETAIL_LIMIT],
        ip_address=(request.remote_addr or "") if in_request else "",
        via=VIA_WEB if in_request else VIA_COMMAND_LINE,
    )
    db.session.add(entry)
    return entry


@dataclass(frozen=True)
class AuditFilters:
    event: AuditEventType | None = None
    # Events done by this person or to them.
    person_id: int | None = None
    # UTC; ``until`` is exclusive.
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True)
class AuditPage:
    events: list[AuditEvent]
    total: int
    page: int
    pages: int


def _filtered(filters: AuditFilters) -> Select:
    query = select(AuditEvent)
    if filters.event is not None:
        query = query.where(AuditEvent.event == filters.event.value)
    if filters.person_id is not None:
        query = query.where(
            or_(
                AuditEvent.actor_id == filters.person_id, AuditEvent.subject_id == filters.person_id
            )
        )
    if filters.since is not None:
        query = query.where(AuditEvent.at >= filters.since)
    if filters.until is not None:
        query = query.where(AuditEvent.at < filters.until)
    return query


def _newest_first(query: Select) -> Select:
    return query.options(selectinload(AuditEvent.actor), selectinload(AuditEvent.subject)).order_by(
        AuditEvent.at.desc(), AuditEvent.id.desc()
    )


def audit_page(*, filters: AuditFilters, page: int, page_size: int = PAGE_SIZE) -> AuditPage:
    """One page of the filtered events, newest first; ``page`` counts from 1."""
    query = _filtered(filters)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    pages = max(1, -(-total // page_size))
    events = list(
        db.session.scalars(_newest_first(query).limit(page_size).offset((page - 1) * page_size))
    )
    return AuditPage(events=events, total=total, page=page, pages=pages)


def audit_events(*, filters: AuditFilters, batch: int = 1000) -> Iterator[AuditEvent]:
    """Every filtered event, newest first, read in batches so a long record streams."""
    yield from db.session.scalars(
        _newest_first(_filtered(filters)).execution_options(yield_per=batch)
    )


def email_was_locked(*, email: str) -> bool:
    """Whether sign-ins for an address that matches no account have been locked."""
    return (
        db.session.scalar(
            select(AuditEvent.id)
            .where(
                AuditEvent.event == AuditEventType.LOCKED.value,
                AuditEvent.email == email,
                AuditEvent.subject_id.is_(None),
            )
            .limit(1)
        )
        is not None
    )


def _with_ip_before(before: datetime):
    return (AuditEvent.at < before, AuditEvent.ip_address != "")


def ip_addresses_before(*, before: datetime) -> int:
    """How many events before ``before`` still hold the client's IP address."""
    return db.session.scalar(
        select(func.count()).select_from(AuditEvent).where(*_with_ip_before(before))
    )


def blank_ip_addresses_before(*, before: datetime) -> int:
    """Blank the client's IP address in every event before ``before``; returns how many.

    The one change the database's append-only triggers allow (migration 0009): every
    other column of the event stays as it was recorded.
    """
    result = db.session.execute(
        update(AuditEvent).where(*_with_ip_before(before)).values(ip_address=""),
        execution_options={"synchronize_session": False},
    )
    return result.rowcount

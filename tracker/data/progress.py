"""Termly updates: reading, saving, submitting, reviewing.

Permission rules come from ``tracker.domain.workflow``; this module applies
them to stored records and writes a history entry for every changed field.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.data.history import record_change, update_changes_since
from tracker.domain.errors import EditConflict, InvalidContent, NotAllowed
from tracker.domain.roles import Role
from tracker.domain.workflow import (
    can_edit_update,
    can_reopen_update,
    can_review_update,
    content_problems,
)
from tracker.extensions import db
from tracker.models import ItemOwner, Term, TrackableItem, Update, User
from tracker.models.mixins import utcnow


@dataclass(frozen=True)
class UpdateContent:
    status: str
    progress: str = ""
    evidence: str = ""
    impact: str = ""
    next_steps: str = ""
    mitigation: str = ""


CONTENT_FIELDS = tuple(UpdateContent.__dataclass_fields__)


def is_owner(*, user: User, item: TrackableItem) -> bool:
    return (
        db.session.scalar(
            select(ItemOwner.id).where(ItemOwner.item_id == item.id, ItemOwner.user_id == user.id)
        )
        is not None
    )


def get_update(*, item: TrackableItem, term: Term) -> Update | None:
    return db.session.scalars(
        select(Update)
        .where(Update.item_id == item.id, Update.term_id == term.id)
        .options(selectinload(Update.attachments))
    ).first()


def get_update_by_id(*, update_id: int) -> Update | None:
    return db.session.get(Update, update_id)


def latest_earlier_update(*, item: TrackableItem, term: Term) -> Update | None:
    """The item's most recent update from a term before this one."""
    return db.session.scalars(
        select(Update)
        .join(Term, Update.term_id == Term.id)
        .where(Update.item_id == item.id, Term.start_date < term.start_date)
        .order_by(Term.start_date.desc())
    ).first()


def starting_content(*, item: TrackableItem, term: Term) -> UpdateContent | None:
    """What a new term's form starts from: last term's words, so owners edit, not retype."""
    previous = latest_earlier_update(item=item, term=term)
    if previous is None:
        return None
    return UpdateContent(**{name: getattr(previous, name) for name in CONTENT_FIELDS})


def edit_decision(*, user: User, item: TrackableItem, term: Term, update: Update | None):
    return can_edit_update(
        role=user.role_enum,
        is_owner=is_owner(user=user, item=item),
        term_state=term.state,
        update_state=update.state if update else None,
    )


def may_read_unapproved(*, user: User, item: TrackableItem) -> bool:
    """Drafts and submissions are for the item's owners and the service manager only."""
    return user.role_enum == Role.MANAGER or is_owner(user=user, item=item)


def _record_update_change(update: Update, user: User, field: str, old, new, version: int) -> None:
    record_change(
        user=user,
        subject="update",
        subject_id=update.id,
        item_id=update.item_id,
        term_id=update.term_id,
        field=field,
        old=old,
        new=new,
        version=version,
    )


def _check_version(update: Update | None, expected_version: int) -> None:
    current = update.version if update else 0
    if expected_version == current:
        return
    if update is None:
        # A form claiming a version of an update that does not exist was not
        # opened on this update; treat it as stale rather than fail.
        raise EditConflict(changes=[], current=None)
    changes = update_changes_since(update_id=update.id, version=expected_version)
    raise EditConflict(changes=changes, current=update)


def save_update(
    *,
    item: TrackableItem,
    term: Term,
    user: User,
    content: UpdateContent,
    expected_version: int,
    submit: bool,
    has_new_attachments: bool = False,
) -> Update:
    """Save an owner's or manager's update as a draft, or submit it for review.

    ``expected_version`` is the version the form was opened at (0 for a new
    update). If it no longer matches, someone else has saved in between and
    ``EditConflict`` lists what they changed.
    """
    update = get_update(item=item, term=term)
    if is_owner(user=user, item=item) or user.role_enum == Role.MANAGER:
        # Someone who may see the update and saved from a stale form is shown
        # what changed, keeping their words, even if the change (a submission,
        # say) also means they may no longer edit it.
        _check_version(update, expected_version)
    decision = edit_decision(user=user, item=item, term=term, update=update)
    if not decision:
        raise NotAllowed(decision.reason)
    has_attachments = has_new_attachments or bool(
        update and any(a.removed_at is None for a in update.attachments)
    )
    problems = content_problems(
        status=content.status,
        evidence=content.evidence,
        mitigation=content.mitigation,
        has_attachments=has_attachments,
    )
    if problems:
        raise InvalidContent(problems)
    now = utcnow()
    new_state = "submitted" if submit else "draft"
    if update is None:
        # Built whole and flushed once, so a new update starts at version 1.
        update = Update(item_id=item.id, term_id=term.id, version=1)
        db.session.add(update)
        old_values = {name: "" for name in CONTENT_FIELDS} | {"state": ""}
        next_version = 1
    else:
        old_values = {name: getattr(update, name) for name in CONTENT_FIELDS}
        old_values["state"] = update.state
        next_version = update.version + 1
    for name, value in asdict(content).items():
        setattr(update, name, value)
    update.state = new_state
    update.updated_at = now
    update.updated_by_id = user.id
    if submit:
        update.submitted_at = now
    db.session.flush()
    for name, value in asdict(content).items():
        _record_update_change(update, user, name, old_values[name], value, next_version)
    _record_update_change(update, user, "state", old_values["state"], new_state, next_version)
    return update


def review_update(*, update: Update, user: User, approve: bool, reason: str = "") -> Update:
    """Approve a submitted update, or return it to its owners with a reason."""
    decision = can_review_update(
        role=user.role_enum, term_state=update.term.state, update_state=update.state
    )
    if not decision:
        raise NotAllowed(decision.reason)
    if not approve and not reason.strip():
        raise InvalidContent({"reason": "Enter the reason for returning the update"})
    old_state, version = update.state, update.version + 1
    update.state = "approved" if approve else "returned"
    update.reviewed_at = utcnow()
    update.reviewed_by_id = user.id
    if not approve:
        _record_update_change(update, user, "return_reason", update.return_reason, reason, version)
        update.return_reason = reason.strip()
    db.session.flush()
    _record_update_change(update, user, "state", old_state, update.state, version)
    return update


def reopen_update(*, update: Update, user: User, reason: str) -> Update:
    """Let an approved update be changed again; the reason is kept in the history."""
    decision = can_reopen_update(
        role=user.role_enum, term_state=update.term.state, update_state=update.state
    )
    if not decision:
        raise NotAllowed(decision.reason)
    if not reason.strip():
        raise InvalidContent({"reason": "Enter the reason for reopening the update"})
    version = update.version + 1
    update.state = "returned"
    update.return_reason = reason.strip()
    db.session.flush()
    _record_update_change(update, user, "state", "approved", "returned", version)
    _record_update_change(update, user, "reopen_reason", "", reason.strip(), version)
    return update


def bulk_approve(*, update_ids: list[int], user: User, term: Term) -> tuple[int, list[str]]:
    """Approve each submitted update of the term in the list; report those that could not be.

    Ids of other terms' updates are ignored, so a tampered form cannot reach them.
    """
    approved, skipped = 0, []
    updates = db.session.scalars(
        select(Update).where(Update.id.in_(update_ids), Update.term_id == term.id)
    ).all()
    for update in updates:
        try:
            review_update(update=update, user=user, approve=True)
            approved += 1
        except NotAllowed as refusal:
            skipped.append(f"{update.item.ref}: {refusal}")
    return approved, skipped

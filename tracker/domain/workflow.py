"""Rules of the termly progress cycle: who may change what, and when.

Pure functions over plain values, so every rule is unit-tested without a
database. Each returns a ``Decision`` whose reason is shown to the user.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tracker.domain.roles import Role

UPDATE_STATES = ("draft", "submitted", "returned", "approved")
UPDATE_STATE_LABELS = {
    "draft": "Draft",
    "submitted": "Submitted for review",
    "returned": "Returned for changes",
    "approved": "Approved",
}
TERM_STATES = ("upcoming", "open", "closed", "locked")
TERM_STATE_LABELS = {
    "upcoming": "Upcoming",
    "open": "Open for updates",
    "closed": "Closed to owners",
    "locked": "Locked",
}
# Allowed moves between term states. Unlocking (locked -> closed) needs a reason.
TERM_TRANSITIONS = {
    "upcoming": {"open"},
    "open": {"closed", "upcoming"},
    "closed": {"open", "locked"},
    "locked": {"closed"},
}


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


ALLOW = Decision(True)


def can_edit_update(
    *, role: Role, is_owner: bool, term_state: str, update_state: str | None
) -> Decision:
    """May this person change an item's update for a term?

    ``update_state`` is None when the item has no update for the term yet.
    """
    if term_state == "locked":
        return Decision(False, "This term is locked: nothing can change.")
    if role == Role.MANAGER:
        if update_state == "approved":
            return Decision(False, "This update is approved. Reopen it to make changes.")
        if term_state == "upcoming":
            return Decision(False, "This term has not opened for updates yet.")
        return ALLOW
    if role != Role.OWNER or not is_owner:
        return Decision(False, "Only the item's owners and the service manager can edit it.")
    if term_state == "upcoming":
        return Decision(False, "This term has not opened for updates yet.")
    if term_state == "closed":
        return Decision(False, "This term is closed to owners. Contact the service manager.")
    if update_state == "submitted":
        return Decision(False, "This update has been submitted and is waiting for review.")
    if update_state == "approved":
        return Decision(False, "This update is approved. Only the service manager can reopen it.")
    return ALLOW


def can_review_update(*, role: Role, term_state: str, update_state: str | None) -> Decision:
    """May this person approve or return an update?"""
    if role != Role.MANAGER:
        return Decision(False, "Only the service manager reviews updates.")
    if term_state == "locked":
        return Decision(False, "This term is locked: nothing can change.")
    if update_state != "submitted":
        return Decision(False, "Only submitted updates can be approved or returned.")
    return ALLOW


def can_reopen_update(*, role: Role, term_state: str, update_state: str | None) -> Decision:
    if role != Role.MANAGER:
        return Decision(False, "Only the service manager can reopen an approved update.")
    if term_state == "locked":
        return Decision(False, "This term is locked: nothing can change.")
    if update_state != "approved":
        return Decision(False, "Only approved updates can be reopened.")
    return ALLOW


def can_move_term(*, role: Role, current: str, target: str, reason: str) -> Decision:
    if role != Role.MANAGER:
        return Decision(False, "Only the service manager can change a term's state.")
    if target not in TERM_TRANSITIONS.get(current, set()):
        return Decision(
            False,
            f"A term that is {TERM_STATE_LABELS[current].lower()} cannot become "
            f"{TERM_STATE_LABELS.get(target, target).lower()}.",
        )
    if current == "locked" and not reason.strip():
        return Decision(False, "Enter the reason for unlocking the term.")
    return ALLOW


def content_problems(
    *, status: str, evidence: str, mitigation: str, has_attachments: bool
) -> dict[str, str]:
    """Field-by-field problems with an update's content, as GOV.UK error messages."""
    problems = {}
    if status in {"red", "amber"} and not mitigation.strip():
        problems["mitigation"] = (
            f"Enter the mitigation: a {status.capitalize()} status needs a recovery plan"
        )
    if status == "complete" and not evidence.strip() and not has_attachments:
        problems["evidence"] = "Enter the evidence that the item is complete, or attach a file"
    return problems


def is_late(*, deadline: date | None, submitted_at: datetime | None, today: date) -> bool:
    """Late: past the deadline with nothing submitted, or submitted after it."""
    if deadline is None:
        return False
    if submitted_at is None:
        return today > deadline
    return submitted_at.date() > deadline

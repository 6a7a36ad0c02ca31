"""Delivery statuses of trackable items, with the words that define them.

Each status has a text label and a tag colour; the label is always shown, so
colour is never the only signal.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Status:
    code: str
    label: str
    definition: str
    tag_class: str


STATUSES: tuple[Status, ...] = (
    Status("not_started", "Not started", "Work has not begun yet.", "govuk-tag--grey"),
    Status("green", "Green", "On track.", "govuk-tag--green"),
    Status("amber", "Amber", "Some slippage or risk, recovery in hand.", "govuk-tag--yellow"),
    Status(
        "red",
        "Red",
        "Significantly off track or blocked, needs board attention.",
        "govuk-tag--red",
    ),
    Status("complete", "Complete", "Delivered.", "govuk-tag--blue"),
    Status(
        "no_update", "No update", "No update has been recorded for the term.", "govuk-tag--grey"
    ),
    Status(
        "withdrawn", "Withdrawn", "Removed from the plan; its record is kept.", "govuk-tag--grey"
    ),
)
STATUS_BY_CODE = {status.code: status for status in STATUSES}


def status_for(code: str | None) -> Status:
    """The status for ``code``; an item with no status for the term has "No update"."""
    return STATUS_BY_CODE.get(code or "no_update", STATUS_BY_CODE["no_update"])

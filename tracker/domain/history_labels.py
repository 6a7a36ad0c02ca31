"""Plain-English descriptions of recorded changes, for the item timeline."""

from __future__ import annotations

FIELD_LABELS = {
    "status": "Delivery status",
    "progress": "Progress this term",
    "evidence": "Evidence",
    "impact": "Impact",
    "next_steps": "Next steps",
    "mitigation": "Mitigation",
    "state": "State",
    "return_reason": "Reason for returning",
    "reopen_reason": "Reason for reopening",
    "attachment": "Attachments",
    "owners": "Owners",
    "update_deadline": "Update deadline",
    "reason": "Reason",
}


def field_label(field: str) -> str:
    return FIELD_LABELS.get(field, field.replace("_", " ").capitalize())


def describe_change(*, subject: str, field: str, term_label: str | None) -> str:
    """One line saying what changed, e.g. "Evidence changed in the Autumn term 2022/23 update"."""
    label = field_label(field)
    if subject == "owner":
        return "Owners changed"
    if subject == "term":
        return f"{label} of the {term_label or 'term'} changed"
    if subject in {"update", "attachment"}:
        where = f"the {term_label} update" if term_label else "the update"
        return f"{label} changed in {where}"
    return f"{label} changed"

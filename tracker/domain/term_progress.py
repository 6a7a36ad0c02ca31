"""Where a term's updates stand: counts by state, who is yet to submit, the chase list.

Pure: works on plain rows so the rules are unit-tested without a database.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import quote

from tracker.domain.workflow import UPDATE_STATE_LABELS, is_late

# "missing" is an item with no update at all for the term.
PROGRESS_STATES = ("missing", "draft", "returned", "submitted", "approved")
PROGRESS_STATE_LABELS = {"missing": "No update", **UPDATE_STATE_LABELS}
# States in which the owner still owes the service manager an update.
OUTSTANDING = {"missing", "draft", "returned"}


@dataclass(frozen=True)
class ProgressRow:
    item_id: int
    ref: str
    slug: str
    kind: str
    text: str
    state: str  # one of PROGRESS_STATES
    status: str | None
    update_id: int | None
    submitted_at: datetime | None
    lead_name: str
    lead_email: str
    contributor_emails: tuple[str, ...] = ()
    contributor_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class StateCount:
    state: str
    label: str
    count: int


@dataclass(frozen=True)
class TermProgress:
    total: int
    counts: list[StateCount]
    outstanding: list[ProgressRow]
    late: set[int]  # item ids whose update is late
    awaiting_review: list[ProgressRow]


def summarise_progress(
    *, rows: Sequence[ProgressRow], deadline: date | None, today: date
) -> TermProgress:
    counts = Counter(row.state for row in rows)
    late = {
        row.item_id
        for row in rows
        if is_late(
            deadline=deadline,
            submitted_at=None if row.state in OUTSTANDING else row.submitted_at,
            today=today,
        )
    }
    return TermProgress(
        total=len(rows),
        counts=[StateCount(s, PROGRESS_STATE_LABELS[s], counts[s]) for s in PROGRESS_STATES],
        outstanding=[row for row in rows if row.state in OUTSTANDING],
        late=late,
        awaiting_review=[row for row in rows if row.state == "submitted"],
    )


def chase_subject(*, term_label: str) -> str:
    return f"Your attendance strategy update for the {term_label}"


def mailto_link(*, to: Sequence[str], subject: str, bcc: Sequence[str] = ()) -> str:
    """A mailto: link; addresses and subject are percent-encoded so any mail client reads them."""
    link = "mailto:" + ",".join(quote(address, safe="@") for address in to)
    query = [f"subject={quote(subject)}"]
    if bcc:
        query.append("bcc=" + ",".join(quote(address, safe="@") for address in bcc))
    return link + "?" + "&".join(query)


CHASE_COLUMNS = (
    "ref",
    "item",
    "update_state",
    "late",
    "lead_owner",
    "lead_owner_email",
    "contributors",
    "contributor_emails",
    "mailto",
)


def chase_list_rows(
    *, progress: TermProgress, term_label: str, deadline: date | None
) -> list[dict[str, str]]:
    """One row per outstanding item, owners first, for a CSV the manager can mail-merge."""
    subject = chase_subject(term_label=term_label)
    rows = []
    for row in progress.outstanding:
        recipients = [row.lead_email] if row.lead_email else []
        rows.append(
            {
                "ref": row.ref,
                "item": row.text,
                "update_state": PROGRESS_STATE_LABELS[row.state],
                "late": "Yes" if row.item_id in progress.late else "No",
                "lead_owner": row.lead_name or "No owner assigned",
                "lead_owner_email": row.lead_email,
                "contributors": "; ".join(row.contributor_names),
                "contributor_emails": "; ".join(row.contributor_emails),
                "mailto": mailto_link(
                    to=recipients, subject=f"{subject}: {row.ref}", bcc=row.contributor_emails
                )
                if recipients
                else "",
            }
        )
    return rows


def chase_everyone_link(*, progress: TermProgress, term_label: str) -> str | None:
    """One mailto: link to every lead owner still to submit, blind-copied to each other."""
    emails = sorted({row.lead_email for row in progress.outstanding if row.lead_email})
    if not emails:
        return None
    return mailto_link(to=[], subject=chase_subject(term_label=term_label), bcc=emails)

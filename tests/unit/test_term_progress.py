"""Term progress: counts by update state, lateness, the chase list and its mailto links."""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import parse_qs, urlsplit

from tracker.domain.term_progress import (
    ProgressRow,
    chase_everyone_link,
    chase_list_rows,
    mailto_link,
    summarise_progress,
)


def row(item_id, state, submitted=None, email="lead@example.org", contributors=()):
    return ProgressRow(
        item_id=item_id,
        ref=f"P1/00{item_id}",
        slug=f"P1-00{item_id}",
        kind="action",
        text="An action",
        state=state,
        status=None if state == "missing" else "green",
        update_id=None if state == "missing" else item_id,
        submitted_at=submitted,
        lead_name="Lee Lead" if email else "",
        lead_email=email,
        contributor_emails=tuple(contributors),
    )


ROWS = [
    row(1, "missing"),
    row(2, "draft"),
    row(3, "returned", email=""),
    row(4, "submitted", submitted=datetime(2024, 12, 20, 9)),
    row(5, "approved", submitted=datetime(2024, 12, 1, 9)),
]


def test_counts_by_state_and_outstanding_items():
    progress = summarise_progress(rows=ROWS, deadline=date(2024, 12, 13), today=date(2024, 12, 21))
    counts = {count.state: count.count for count in progress.counts}
    assert counts == {"missing": 1, "draft": 1, "returned": 1, "submitted": 1, "approved": 1}
    assert [r.item_id for r in progress.outstanding] == [1, 2, 3]
    assert [r.item_id for r in progress.awaiting_review] == [4]
    # Not submitted after the deadline, or submitted after it, is late; on time is not.
    assert progress.late == {1, 2, 3, 4}


def test_nothing_is_late_before_the_deadline_or_without_one():
    before = summarise_progress(rows=ROWS, deadline=date(2024, 12, 13), today=date(2024, 12, 13))
    assert before.late == {4}
    assert summarise_progress(rows=ROWS, deadline=None, today=date(2030, 1, 1)).late == set()


def test_chase_list_rows_have_owner_email_and_a_working_mailto():
    progress = summarise_progress(
        rows=[row(1, "missing", contributors=["c@example.org"]), row(3, "returned", email="")],
        deadline=None,
        today=date(2024, 12, 1),
    )
    rows = chase_list_rows(progress=progress, term_label="Autumn term 2024/25", deadline=None)
    first, unowned = rows
    assert first["lead_owner_email"] == "lead@example.org"
    assert first["update_state"] == "No update"
    link = urlsplit(first["mailto"])
    assert link.scheme == "mailto" and link.path == "lead@example.org"
    query = parse_qs(link.query)
    assert query["subject"] == [
        "Your attendance strategy update for the Autumn term 2024/25: P1/001"
    ]
    assert query["bcc"] == ["c@example.org"]
    assert unowned["lead_owner"] == "No owner assigned" and unowned["mailto"] == ""


def test_one_link_chases_every_lead_owner_blind_copied():
    progress = summarise_progress(
        rows=[row(1, "missing"), row(2, "draft", email="b@example.org"), row(5, "approved")],
        deadline=None,
        today=date(2024, 12, 1),
    )
    link = urlsplit(chase_everyone_link(progress=progress, term_label="Spring term 2025/26"))
    assert parse_qs(link.query)["bcc"] == ["b@example.org,lead@example.org"]
    empty = summarise_progress(rows=[row(5, "approved")], deadline=None, today=date(2024, 12, 1))
    assert chase_everyone_link(progress=empty, term_label="x") is None


def test_mailto_encodes_awkward_characters():
    link = mailto_link(to=["o'brien+x@example.org"], subject="Update & evidence?")
    assert link == "mailto:o%27brien%2Bx@example.org?subject=Update%20%26%20evidence%3F"

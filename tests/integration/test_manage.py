"""The service manager's screens: term progress, review queue, chase list, terms, owners, users."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from tests.integration.progress_helpers import form_data, open_term, own, term
from tracker.data.progress import UpdateContent, review_update, save_update
from tracker.data.transaction import unit_of_work
from tracker.extensions import db
from tracker.models import HistoryEntry, Update, User

PROGRESS = "/manage/progress/2024-25-autumn"


def submit(people, slug="P1-001", who="owner", status="green", approve=False):
    from tracker.data.plan import get_item

    item = get_item(slug=slug)
    with unit_of_work():
        update = save_update(
            item=item,
            term=term(),
            user=people[who],
            content=UpdateContent(
                status=status,
                progress="Work done.",
                evidence="[Minutes](https://example.org/minutes)",
                mitigation="Recovery plan agreed." if status in {"red", "amber"} else "",
            ),
            expected_version=0,
            submit=True,
        )
        if approve:
            review_update(update=update, user=people["manager"], approve=True)
    return update


def test_term_progress_counts_states_and_lists_who_has_not_submitted(people, manager_client):
    own(people, "P1-001")
    own(people, "P1-002", lead="other_owner")
    open_term()
    submit(people, "P1-001")
    page = manager_client.get(PROGRESS)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Waiting for review (1)" in text
    assert "Not yet submitted (" in text
    assert "Ola Otherowner" in text  # P1-002's lead has not submitted
    assert 'name="update_id"' in text


def test_chase_list_csv_names_owners_emails_and_mailto_links(people, manager_client):
    own(people, "P1-002", lead="other_owner", contributors=["owner"])
    open_term()
    response = manager_client.get(PROGRESS + "/chase-list.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    row = next(row for row in rows if row["ref"] == "P1/002")
    assert row["lead_owner"] == "Ola Otherowner"
    assert row["lead_owner_email"] == "other.owner@example.org"
    assert row["contributor_emails"] == "owner@example.org"
    assert row["contributors"] == "Olu Owner"
    assert row["mailto"].startswith("mailto:other.owner@example.org?subject=")
    assert "bcc=owner@example.org" in row["mailto"]
    unowned = next(row for row in rows if row["ref"] == "P1/003")
    assert unowned["lead_owner"] == "No owner assigned" and unowned["mailto"] == ""


def test_bulk_approve_approves_only_this_terms_submitted_updates(people, manager_client):
    own(people, "P1-001")
    own(people, "P1-002")
    open_term()
    first = submit(people, "P1-001")
    second = submit(people, "P1-002", status="amber")
    open_term("spring", "2024/25")
    response = manager_client.post(
        PROGRESS + "/approve", data={"update_id": [str(first.id), str(second.id)]}
    )
    assert response.status_code == 302
    db.session.expire_all()
    states = set(db.session.scalars(select(Update.state)))
    assert states == {"approved"}
    # The same ids sent to another term's form reach nothing.
    other = manager_client.post(
        "/manage/progress/2024-25-spring/approve", data={"update_id": [str(first.id)]}
    )
    assert other.status_code == 302


def test_bulk_approve_with_nothing_ticked_says_so_and_changes_nothing(people, manager_client):
    own(people)
    open_term()
    submit(people)
    response = manager_client.post(PROGRESS + "/approve", data={}, follow_redirects=True)
    assert "Select at least one update to approve" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(select(Update.state)) == "submitted"


def test_manager_locks_a_term_and_unlocking_needs_a_reason(people, manager_client):
    open_term(state="closed")
    url = "/manage/terms/2024-25-autumn/state"
    assert manager_client.post(url, data={"state-target": "locked"}).status_code == 302
    db.session.expire_all()
    assert term().state == "locked"
    refused = manager_client.post(url, data={"state-target": "closed", "state-reason": ""})
    assert refused.status_code == 400
    assert "Enter the reason for unlocking the term" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert term().state == "locked"
    unlocked = manager_client.post(
        url, data={"state-target": "closed", "state-reason": "Correction to P1/003 evidence"}
    )
    assert unlocked.status_code == 302
    db.session.expire_all()
    assert term().state == "closed"
    reasons = db.session.scalars(
        select(HistoryEntry.new_value).where(HistoryEntry.field == "reason")
    ).all()
    assert reasons == ["Correction to P1/003 evidence"]
    page = manager_client.get("/manage/terms/2024-25-autumn").get_data(as_text=True)
    assert "Correction to P1/003 evidence" in page


def test_an_impossible_term_move_is_refused(people, manager_client):
    open_term(state="upcoming")
    response = manager_client.post(
        "/manage/terms/2024-25-autumn/state", data={"state-target": "locked"}
    )
    assert response.status_code == 400
    assert "Select one of the states listed" in response.get_data(as_text=True)


def test_deadline_must_be_a_real_date_in_the_term(people, manager_client):
    open_term()
    url = "/manage/terms/2024-25-autumn/deadline"
    bad = manager_client.post(url, data={"deadline-deadline": ["31", "2", "2024"]})
    assert bad.status_code == 400
    assert "must be a real date" in bad.get_data(as_text=True)
    outside = manager_client.post(url, data={"deadline-deadline": ["1", "6", "2030"]})
    assert outside.status_code == 400
    assert "must fall within the term" in outside.get_data(as_text=True)
    good = manager_client.post(url, data={"deadline-deadline": ["13", "12", "2024"]})
    assert good.status_code == 302
    db.session.expire_all()
    assert term().update_deadline.isoformat() == "2024-12-13"


def test_manager_assigns_owners_and_the_change_is_in_the_items_history(people, manager_client):
    url = "/manage/items/P2-003/owners"
    assert manager_client.get(url).status_code == 200
    same = manager_client.post(
        url,
        data={"lead": str(people["owner"].id), "contributors": [str(people["owner"].id)]},
    )
    assert same.status_code == 400
    assert "cannot also be a contributor" in same.get_data(as_text=True)
    saved = manager_client.post(
        url,
        data={"lead": str(people["owner"].id), "contributors": [str(people["other_owner"].id)]},
    )
    assert saved.status_code == 302
    page = manager_client.get("/actions/P2-003").get_data(as_text=True)
    assert "Olu Owner" in page and "lead owner" in page
    assert "Owners changed" in page


def test_manager_creates_an_account_with_govuk_errors_for_bad_input(people, manager_client):
    url = "/manage/users/new"
    bad = manager_client.post(url, data={"name": "", "email": "not-an-email", "password": "short"})
    text = bad.get_data(as_text=True)
    assert bad.status_code == 400
    assert "Enter the person&#39;s full name" in text or "Enter the person's full name" in text
    assert "correct format" in text and "Select the person" in text
    assert 'value="not-an-email"' in text  # what was typed is kept
    good = manager_client.post(
        url,
        data={
            "name": "Pat Lee",
            "email": "Pat.Lee@example.org",
            "team": "SEND",
            "role": "owner",
            "password": "a long enough password",
        },
    )
    assert good.status_code == 302
    assert db.session.scalar(select(User).where(User.email == "pat.lee@example.org")) is not None
    duplicate = manager_client.post(
        url,
        data={
            "name": "Pat Lee",
            "email": "pat.lee@example.org",
            "role": "owner",
            "password": "a long enough password",
        },
    )
    assert duplicate.status_code == 400
    assert "already exists" in duplicate.get_data(as_text=True)


def test_only_the_manager_reaches_the_manage_screens(
    people, owner_client, board_client, data_client
):
    open_term()
    for client in (owner_client, board_client, data_client):
        for url in (PROGRESS, "/manage/terms", "/manage/users", "/manage/items/P1-001/owners"):
            assert client.get(url).status_code == 403, url
        assert client.post(PROGRESS + "/approve", data={}).status_code == 403


def test_rag_summary_counts_approved_updates_only(people, board_client):
    own(people, "P1-001")
    own(people, "P1-002")
    open_term()
    submit(people, "P1-001", status="red", approve=True)
    submit(people, "P1-002", status="green")  # submitted, not approved
    page = board_client.get("/rag?term=2024-25-autumn")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "1 update is waiting for review" in text
    assert "The whole plan: 74 items" in text


def test_item_page_hides_drafts_from_the_board(people, owner_client, board_client):
    own(people)
    open_term()
    owner_client.post(
        "/updates/P1-001/2024-25-autumn", data=form_data(progress="Secret draft words")
    )
    assert "Secret draft words" in owner_client.get("/actions/P1-001").get_data(as_text=True)
    board_page = board_client.get("/actions/P1-001").get_data(as_text=True)
    assert "Secret draft words" not in board_page
    assert "has not been approved yet" in board_page


def test_manager_changes_a_role_and_takes_access_away(people, manager_client, app):
    from tests.conftest import signed_in_client

    owner = people["owner"]
    owner_browser = signed_in_client(app, owner)
    assert owner_browser.get("/my-items").status_code == 200
    url = f"/manage/users/{owner.id}"
    page = manager_client.get(url).get_data(as_text=True)
    assert 'value="Olu Owner"' in page
    short = manager_client.post(
        url, data={"name": "Olu Owner", "role": "owner", "active": "y", "password": "short"}
    )
    assert short.status_code == 400 and "10 characters or more" in short.get_data(as_text=True)
    saved = manager_client.post(url, data={"name": "Olu Owner", "team": "SEND", "role": "board"})
    assert saved.status_code == 302
    db.session.expire_all()
    changed = db.session.get(User, owner.id)
    assert (changed.role, changed.team, changed.active) == ("board", "SEND", False)
    # Their open session ended with the change.
    assert owner_browser.get("/my-items").status_code == 302


def test_a_manager_cannot_lock_themselves_out(people, manager_client):
    url = f"/manage/users/{people['manager'].id}"
    response = manager_client.post(url, data={"name": "Sam Manager", "role": "owner"})
    assert response.status_code == 400
    assert "cannot remove your own" in response.get_data(as_text=True)

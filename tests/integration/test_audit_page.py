"""The manager's audit record page: filters, pages of 50, and the CSV export of what is shown."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from tracker.data.audit import PAGE_SIZE, record_event
from tracker.data.transaction import unit_of_work
from tracker.domain.audit import AuditEventType

AUDIT = "/manage/audit"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday in winter: UK time is UTC


@pytest.fixture
def record(people):
    """120 sign-ins by the owner, an hour apart from START, then a few other events."""
    owner, board, manager = people["owner"], people["board"], people["manager"]
    with unit_of_work():
        for hour in range(120):
            record_event(
                event=AuditEventType.SIGN_IN,
                actor=owner,
                subject=owner,
                at=START + timedelta(hours=hour),
            )
        record_event(
            event=AuditEventType.ROLE_CHANGED,
            actor=manager,
            subject=board,
            detail='=HYPERLINK("http://evil.example")',
            at=datetime(2026, 7, 1, 22, 30, tzinfo=UTC),  # 23:30 on 1 July, UK summer time
        )
        record_event(
            event=AuditEventType.SIGN_IN_FAILED,
            actor=None,
            subject=None,
            email="nobody@example.org",
            detail="No account has this email",
            at=datetime(2026, 7, 2, 8, 0, tzinfo=UTC),
        )
    return people


def rows_of(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_newest_first_in_pages_of_fifty(record, manager_client):
    first = manager_client.get(AUDIT)
    assert first.status_code == 200
    text = first.get_data(as_text=True)
    # 120 sign-ins, two others, and the fixture's first account being made.
    assert "123 events, page 1 of 3" in text
    assert text.index("2 Jul 2026, 09:00:00") < text.index("1 Jul 2026, 23:30:00")
    assert text.count('<tr class="govuk-table__row">') == PAGE_SIZE + 1  # and the header
    assert 'aria-label="Page 2"' in text and "Next" in text
    last = manager_client.get(AUDIT + "?page=3").get_data(as_text=True)
    assert last.count('<tr class="govuk-table__row">') == 23 + 1
    assert "Previous" in last
    assert manager_client.get(AUDIT + "?page=4").status_code == 404
    assert manager_client.get(AUDIT + "?page=nope").status_code == 404


def test_filters_by_event_person_and_uk_days(record, manager_client):
    board = record["board"]
    by_event = manager_client.get(AUDIT + "?event=role_changed").get_data(as_text=True)
    assert "1 event" in by_event and "Action owner" not in by_event
    by_person = manager_client.get(f"{AUDIT}?person={board.id}").get_data(as_text=True)
    assert "1 event<" in by_person.replace("\n", "").replace("  ", "")
    # 1 July in the UK runs from 23:00 UTC on 30 June to 23:00 UTC on 1 July, so the
    # 22:30 UTC role change is on it and the 08:00 UTC failure on 2 July is not.
    july = manager_client.get(
        AUDIT + "?date_from=1&date_from=7&date_from=2026&date_to=1&date_to=7&date_to=2026"
    ).get_data(as_text=True)
    assert "Role changed" in july and "nobody@example.org" not in july
    # Paging keeps the filters.
    owner = record["owner"]
    paged = manager_client.get(f"{AUDIT}?person={owner.id}&event=sign_in").get_data(as_text=True)
    assert f"person={owner.id}&amp;event=sign_in&amp;page=2" in paged


def test_bad_filters_get_govuk_errors(record, manager_client):
    impossible = manager_client.get(
        AUDIT + "?date_from=31&date_from=2&date_from=2026&date_to=&date_to=&date_to="
    )
    assert impossible.status_code == 400
    text = impossible.get_data(as_text=True)
    assert "Date from must be a real date, like 27 3 2026" in text
    assert "govuk-error-summary" in text
    backwards = manager_client.get(
        AUDIT + "?date_from=5&date_from=3&date_from=2026&date_to=1&date_to=3&date_to=2026"
    )
    assert backwards.status_code == 400
    assert "Date to must be the same as or after date from" in backwards.get_data(as_text=True)
    assert manager_client.get(AUDIT + "?event=made_up").status_code == 400
    assert manager_client.get(AUDIT + "?person=99999").status_code == 400


def test_the_export_holds_every_filtered_event_with_formulas_neutralised(record, manager_client):
    everything = rows_of(manager_client.get(AUDIT + ".csv"))
    assert len(everything) == 123  # not just the first page
    assert list(everything[0]) == [
        "time_uk",
        "time_utc",
        "event",
        "person",
        "person_email",
        "done_by",
        "detail",
        "ip_address",
        "via",
    ]
    times = [row["time_utc"] for row in everything]
    assert times == sorted(times, reverse=True)
    [failure] = [row for row in everything if row["person_email"] == "nobody@example.org"]
    assert failure["event"] == "Sign-in failed"
    assert failure["time_uk"] == "2026-07-02 09:00:00"
    assert failure["time_utc"] == "2026-07-02T08:00:00Z"
    assert (failure["person"], failure["done_by"]) == ("", "Command line")
    [role] = rows_of(manager_client.get(AUDIT + ".csv?event=role_changed"))
    assert role["detail"] == '\'=HYPERLINK("http://evil.example")'
    assert (role["person"], role["done_by"]) == ("Bea Board", "Sam Manager")
    link = manager_client.get(AUDIT + "?event=role_changed").get_data(as_text=True)
    assert 'href="/manage/audit.csv?event=role_changed"' in link


def test_only_the_manager_sees_or_exports_the_record(
    record, owner_client, board_client, data_client, anonymous_client
):
    for client in (owner_client, board_client, data_client):
        assert client.get(AUDIT).status_code == 403
        assert client.get(AUDIT + ".csv").status_code == 403
    assert anonymous_client.get(AUDIT).status_code == 302
    assert anonymous_client.get(AUDIT + ".csv").status_code == 302


def test_the_manager_finds_it_in_the_navigation(record, manager_client, owner_client):
    assert 'href="/manage/audit"' in manager_client.get("/manage/users").get_data(as_text=True)
    assert 'href="/manage/audit"' not in owner_client.get("/my-items").get_data(as_text=True)

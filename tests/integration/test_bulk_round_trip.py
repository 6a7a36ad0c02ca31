"""Bulk round trip: export a term's updates, edit them offline, import them all or not at all."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from sqlalchemy import func, select

from tests.integration.progress_helpers import open_term, own
from tracker.data.plan import get_item
from tracker.data.progress import UpdateContent, save_update
from tracker.data.transaction import unit_of_work
from tracker.extensions import db
from tracker.models import HistoryEntry, Update

PAGE = "/bulk/2024-25-autumn"


def download(client, extension: str, path: str = PAGE) -> bytes:
    response = client.get(f"{path}/updates.{extension}")
    assert response.status_code == 200
    return response.data


def as_table(content: bytes, extension: str) -> list[list[str]]:
    if extension == "csv":
        return [list(row) for row in csv.reader(io.StringIO(content.decode("utf-8")))]
    sheet = openpyxl.load_workbook(io.BytesIO(content))["Updates"]
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def as_file(table: list[list[str]], extension: str) -> bytes:
    if extension == "csv":
        text = io.StringIO()
        csv.writer(text).writerows(table)
        return text.getvalue().encode("utf-8")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Updates"
    for row in table:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def edit(table, ref: str, **values) -> None:
    """Change cells of the row for ``ref``, by column heading as it appears in the file."""
    header = [cell.replace(" (read only)", "") for cell in table[0]]
    [row] = [row for row in table[1:] if row[0] == ref]
    for heading, value in values.items():
        row[header.index(heading.replace("_", " ").capitalize())] = value


def upload(client, content: bytes, extension: str, path: str = PAGE, then: str = "draft"):
    return client.post(
        path,
        data={
            "file": (io.BytesIO(content), f"updates.{extension}"),
            "then": then,
            "submit": "Import updates",
        },
        content_type="multipart/form-data",
    )


def history_count() -> int:
    return db.session.scalar(select(func.count()).select_from(HistoryEntry))


def updates_snapshot() -> list[tuple]:
    db.session.expire_all()
    return [
        (u.item_id, u.status, u.progress, u.mitigation, u.state, u.version)
        for u in db.session.scalars(select(Update).order_by(Update.id))
    ]


def saved(ref: str) -> Update | None:
    db.session.expire_all()
    item = get_item(slug=ref.replace("/", "-"))
    return db.session.scalars(select(Update).where(Update.item_id == item.id)).first()


def draft(people, ref: str = "P1/001", who: str = "owner", **content) -> Update:
    item = get_item(slug=ref.replace("/", "-"))
    term = open_term()
    fields = {"status": "green", "progress": "Guidance drafted."} | content
    with unit_of_work():
        return save_update(
            item=item,
            term=term,
            user=people[who],
            content=UpdateContent(**fields),
            expected_version=0,
            submit=False,
        )


@pytest.mark.parametrize("extension", ["xlsx", "csv"])
def test_export_edit_import_round_trip(people, manager_client, extension):
    own(people)
    draft(people)
    table = as_table(download(manager_client, extension), extension)
    assert len(table) == 75  # the header, then every live item
    edit(table, "P1/001", progress="Guidance published to every school.", status="Complete")
    edit(table, "P1/001", evidence="[Guidance](https://example.org/guidance)")
    edit(table, "P1/002", status="amber", progress="Two networks met.", mitigation="Extra dates.")
    before = history_count()

    response = upload(manager_client, as_file(table, extension), extension)
    assert response.status_code == 302
    page = manager_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Import complete: 2 updates saved as drafts, 72 updates unchanged." in page

    first, second = saved("P1/001"), saved("P1/002")
    assert (first.status, first.progress, first.version) == (
        "complete",
        "Guidance published to every school.",
        2,
    )
    assert (second.status, second.mitigation, second.state) == ("amber", "Extra dates.", "draft")
    assert history_count() > before
    changed = db.session.scalars(
        select(HistoryEntry).where(HistoryEntry.subject_id == first.id, HistoryEntry.version == 2)
    ).all()
    assert {entry.field for entry in changed} == {"status", "progress", "evidence"}
    assert all(entry.user_id == people["manager"].id for entry in changed)


@pytest.mark.parametrize("extension", ["xlsx", "csv"])
def test_importing_the_file_as_exported_changes_nothing(people, manager_client, extension):
    own(people)
    draft(people, evidence="- one\n- two", mitigation="")
    content = download(manager_client, extension)
    before, snapshot = history_count(), updates_snapshot()
    response = upload(manager_client, content, extension)
    assert response.status_code == 302
    page = manager_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "nothing had changed. 74 updates unchanged." in page
    assert history_count() == before
    assert updates_snapshot() == snapshot


@pytest.mark.parametrize("extension", ["xlsx", "csv"])
def test_any_error_imports_nothing_and_every_problem_is_listed(people, manager_client, extension):
    own(people)
    draft(people)
    table = as_table(download(manager_client, extension), extension)
    edit(table, "P1/001", progress="A good change that must not be saved.")
    edit(table, "P1/002", status="Red", progress="Stalled.")
    edit(table, "P1/003", status="Purple", progress="Unknown status.")
    table[4][0] = "P9/999"
    before, snapshot = history_count(), updates_snapshot()

    response = upload(manager_client, as_file(table, extension), extension)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "govuk-error-summary" in page
    assert "The file has 3 problems, listed below. Nothing has been imported" in page
    for row, column, message in [
        ("3", "Mitigation", "Enter the mitigation: a Red status needs a recovery plan"),
        ("4", "Status", "Purple is not a delivery status"),
        ("5", "Ref", "P9/999 is not the reference of an item in the plan"),
    ]:
        assert (
            f'<td class="govuk-table__cell">{row}</td>\n'
            f'      <td class="govuk-table__cell">{column}</td>\n'
            f'      <td class="govuk-table__cell">{message}'
        ) in page
    assert history_count() == before
    assert updates_snapshot() == snapshot


def test_a_stale_version_is_a_conflict_for_that_row(people, manager_client, owner_client):
    own(people)
    draft(people)
    table = as_table(download(manager_client, "csv"), "csv")
    # The owner saves again after the manager exported.
    with unit_of_work():
        save_update(
            item=get_item(slug="P1-001"),
            term=open_term(),
            user=people["owner"],
            content=UpdateContent(status="green", progress="Owner's newer words."),
            expected_version=1,
            submit=False,
        )
    edit(table, "P1/001", progress="Manager's offline words.")
    response = upload(manager_client, as_file(table, "csv"), "csv")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "changed in the service after this file was exported" in page
    assert saved("P1/001").progress == "Owner's newer words."


def test_owners_export_and_import_only_their_own_items(people, owner_client):
    own(people, "P1-001")
    own(people, "P2-001", lead="other_owner", contributors=["owner"])
    own(people, "P3-001", lead="other_owner")
    open_term()
    table = as_table(download(owner_client, "csv"), "csv")
    assert [row[0] for row in table[1:]] == ["P1/001", "P2/001"]
    assert "1 items" not in owner_client.get(PAGE).get_data(as_text=True)

    table.append(list(table[1]))
    table[-1][0] = "P3/001"
    edit(table, "P1/001", status="Green", progress="Mine to change.")
    edit(table, "P3/001", status="Green", progress="Not mine.")
    response = upload(owner_client, as_file(table, "csv"), "csv")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "P3/001: Only the item&#39;s owners and the service manager can edit it." in page
    assert saved("P1/001") is None and saved("P3/001") is None


def test_owner_import_saves_in_their_name_and_may_submit(people, owner_client):
    own(people, "P1-001")
    open_term()
    table = as_table(download(owner_client, "xlsx"), "xlsx")
    edit(table, "P1/001", status="Not started", progress="Planning in spring.")
    response = upload(owner_client, as_file(table, "xlsx"), "xlsx", then="submit")
    assert response.status_code == 302
    update = saved("P1/001")
    assert (update.status, update.state, update.updated_by_id) == (
        "not_started",
        "submitted",
        people["owner"].id,
    )
    assert update.submitted_at is not None


def test_a_locked_term_refuses_the_import(people, manager_client):
    own(people)
    draft(people)
    table = as_table(download(manager_client, "csv"), "csv")
    edit(table, "P1/001", progress="Too late.")
    open_term(state="locked")
    page = manager_client.get(PAGE).get_data(as_text=True)
    assert "This term is locked: nothing can change." in page
    assert "Import updates" not in page
    before, snapshot = history_count(), updates_snapshot()
    response = upload(manager_client, as_file(table, "csv"), "csv")
    assert response.status_code == 400
    assert "This term is locked: nothing can change." in response.get_data(as_text=True)
    assert history_count() == before
    assert updates_snapshot() == snapshot


def test_an_owner_cannot_import_into_a_closed_term(people, owner_client):
    own(people)
    open_term(state="closed")
    table = as_table(download(owner_client, "csv"), "csv")
    edit(table, "P1/001", status="Green", progress="After closing.")
    response = upload(owner_client, as_file(table, "csv"), "csv")
    assert response.status_code == 400
    assert "This term is closed to owners" in response.get_data(as_text=True)
    assert saved("P1/001") is None


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (None, None, "Select the XLSX or CSV file to import"),
        (b"", "updates.csv", "The file is empty"),
        (b"%PDF-1.4", "updates.pdf", "The selected file must be an XLSX or CSV file"),
        ("Ref,Status\nP1/001,Vert \u00e9".encode("cp1252"), "updates.csv", "CSV UTF-8"),
        (b"not a workbook", "updates.xlsx", "The selected file is not a readable XLSX workbook"),
        (b"Ref,Status\nP1/001,Green\n", "updates.csv", "The Term column is missing"),
    ],
)
def test_a_file_that_cannot_be_read_gets_a_clear_error(
    people, manager_client, content, name, message
):
    open_term()
    data = {"then": "draft"}
    if content is not None:
        data["file"] = (io.BytesIO(content), name)
    response = manager_client.post(PAGE, data=data, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "govuk-error-summary" in page
    assert message in page
    assert db.session.scalar(select(func.count()).select_from(Update)) == 0


def test_downloads_are_named_for_the_term_and_not_cached(people, manager_client):
    csv_response = manager_client.get(f"{PAGE}/updates.csv")
    assert csv_response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        csv_response.headers["Content-Disposition"]
        == 'attachment; filename="updates-2024-25-autumn.csv"'
    )
    assert csv_response.headers["Cache-Control"] == "private, no-store"
    xlsx_response = manager_client.get(f"{PAGE}/updates.xlsx")
    assert xlsx_response.data.startswith(b"PK")
    assert xlsx_response.headers["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def test_the_page_offers_both_downloads_and_the_upload(people, manager_client):
    open_term()
    page = manager_client.get(PAGE).get_data(as_text=True)
    assert "Download as XLSX" in page and "Download as CSV" in page
    assert 'type="file"' in page
    assert "each of the 74 items in the plan" in page


def test_bulk_redirects_to_the_current_or_chosen_term(people, manager_client):
    open_term()
    assert manager_client.get("/bulk").headers["Location"].endswith(PAGE)
    chosen = manager_client.get("/bulk?term=2023-24-spring")
    assert chosen.headers["Location"].endswith("/bulk/2023-24-spring")
    assert manager_client.get("/bulk/2023-24-winter").status_code == 404


@pytest.mark.parametrize("path", [PAGE, f"{PAGE}/updates.csv", f"{PAGE}/updates.xlsx"])
def test_board_members_and_data_officers_may_not_use_it(
    people, board_client, data_client, anonymous_client, path
):
    assert board_client.get(path).status_code == 403
    assert data_client.get(path).status_code == 403
    assert anonymous_client.get(path).status_code == 302
    assert board_client.post(PAGE, data={}).status_code == 403

"""Reading an edited bulk update sheet: every problem by row and column, the form's rules."""

from __future__ import annotations

import pytest

from tracker.domain.roles import Role
from tracker.domain.update_sheet import (
    COLUMNS,
    HEADERS,
    ImportTarget,
    SavedUpdate,
    SheetContent,
    SheetItem,
    SheetProblem,
    export_row,
)
from tracker.domain.update_sheet_reading import read_sheet

TERM = "Autumn term 2024/25"
SAVED = SavedUpdate(
    content=SheetContent(
        status="green",
        progress="Guidance drafted.",
        evidence="[Draft](https://example.org/draft)",
        impact="Schools follow one process.",
        next_steps="Publish it.",
    ),
    state="draft",
    version=3,
)


def target(*, role=Role.MANAGER, term_state="open", items=None) -> ImportTarget:
    items = items or [
        SheetItem(item_id=1, ref="P1/001", is_owner=True, saved=SAVED),
        SheetItem(item_id=2, ref="P1/002", is_owner=True),
        SheetItem(item_id=3, ref="North/1", is_owner=False),
    ]
    return ImportTarget(
        term_label=TERM,
        term_slug="2024-25-autumn",
        term_state=term_state,
        role=role,
        items={item.ref.lower(): item for item in items},
    )


def row(ref="P1/002", **values) -> list[str]:
    cells = {
        "ref": ref,
        "term": TERM,
        "status": "Green",
        "progress": "Network met twice.",
        "version": "0",
    } | values
    return [str(cells.get(column.key, "")) for column in COLUMNS]


def sheet(*rows) -> list[list[str]]:
    return [list(HEADERS), *rows]


def problems_of(table, **kwargs) -> list[tuple]:
    return [(p.row, p.column, p.message) for p in read_sheet(table, target(**kwargs)).problems]


def test_a_valid_row_becomes_a_change_with_its_row_number():
    reading = read_sheet(sheet(row(status="amber", mitigation="Extra sessions.")), target())
    assert reading.problems == []
    [change] = reading.changes
    assert (change.row, change.item_id, change.expected_version) == (2, 2, 0)
    assert change.content == SheetContent(
        status="amber", progress="Network met twice.", mitigation="Extra sessions."
    )


def test_every_problem_is_listed_with_its_row_and_column_not_just_the_first():
    table = sheet(
        row("P9/999"),
        row("P1/002", status="Purple"),
        row("North/1", status="Red", mitigation="", term="Spring term 2024/25"),
        row("p1/002"),
        row("", status="Complete", progress="", evidence=""),
    )
    assert problems_of(table) == [
        (2, "Ref", "P9/999 is not the reference of an item in the plan"),
        (
            3,
            "Status",
            "Purple is not a delivery status: use Not started, Green, Amber, Red or Complete",
        ),
        (
            4,
            "Term",
            "This row is for Spring term 2024/25, but the file is being imported into the "
            "Autumn term 2024/25",
        ),
        (4, "Mitigation", "Enter the mitigation: a Red status needs a recovery plan"),
        (5, "Ref", "p1/002 is already on row 3: each item may appear once"),
        (6, "Ref", "Enter the item's reference, as exported"),
        (6, "Progress", "Enter the progress made this term"),
        (6, "Evidence", "Enter the evidence that the item is complete, or attach a file"),
    ]


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Not started", "not_started"),
        ("not_started", "not_started"),
        ("NOT STARTED", "not_started"),
        ("green", "green"),
        ("AMBER", "amber"),
        (" Red ", "red"),
        ("complete", "complete"),
    ],
)
def test_status_may_be_the_label_or_the_code_in_any_case(written, code):
    reading = read_sheet(
        sheet(row(status=written, mitigation="Plan.", evidence="Report.")), target()
    )
    assert reading.problems == []
    assert reading.changes[0].content.status == code


def test_complete_needs_evidence_unless_a_file_is_attached():
    with_file = SavedUpdate(content=SAVED.content, state="draft", version=3, has_attachments=True)
    items = [SheetItem(item_id=1, ref="P1/001", is_owner=True, saved=with_file)]
    table = sheet(row("P1/001", status="Complete", evidence="", version="3"))
    assert read_sheet(table, target(items=items)).problems == []
    items = [SheetItem(item_id=1, ref="P1/001", is_owner=True, saved=SAVED)]
    assert problems_of(table, items=items) == [
        (2, "Evidence", "Enter the evidence that the item is complete, or attach a file")
    ]


def test_text_longer_than_ten_thousand_characters_is_refused():
    table = sheet(row(progress="x" * 10_001, impact="y" * 10_000))
    assert problems_of(table) == [(2, "Progress", "Progress must be 10,000 characters or fewer")]


def test_missing_required_columns_are_each_named_and_no_row_is_read():
    header = [h for h in HEADERS if not h.startswith(("Version", "Mitigation"))]
    assert problems_of([header, ["P9/999"]]) == [
        (1, "Mitigation", "The Mitigation column is missing"),
        (1, "Version", "The Version column is missing"),
    ]


def test_headings_match_in_any_case_with_or_without_the_read_only_mark():
    header = ["REF", "term", "Status", "progress", "EVIDENCE", "impact", "next_steps"]
    header += ["Mitigation (read only)", "version (READ ONLY)", "My own notes"]
    values = ["P1/002", TERM, "green", "Done.", "", "", "", "", "0", "ignored"]
    reading = read_sheet([header, values], target())
    assert reading.problems == []
    assert reading.changes[0].content.progress == "Done."


def test_a_column_given_twice_is_a_problem():
    assert problems_of([[*HEADERS, "Status"]]) == [
        (1, "Status", "The column appears more than once")
    ]


def test_rows_matching_what_is_saved_are_unchanged_even_with_other_line_endings():
    same = row(
        "P1/001",
        progress="Guidance drafted.\r\n",
        evidence=SAVED.content.evidence,
        impact=SAVED.content.impact,
        next_steps="Publish it.",
        version="3",
    )
    no_update = row("P1/002", status="", progress="")
    reading = read_sheet(sheet(same, no_update, ["", "  "]), target())
    assert (reading.problems, reading.changes, reading.unchanged) == ([], [], 2)


def test_an_older_version_than_the_saved_one_is_a_conflict_for_that_row():
    table = sheet(row("P1/001", progress="Changed offline.", version="2"))
    [(number, column, message)] = problems_of(table)
    assert (number, column) == (2, "Version")
    assert "changed in the service after this file was exported" in message
    assert "version 3 is saved, the file has 2" in message


@pytest.mark.parametrize("version", ["two", "1.5", "-1"])
def test_a_version_that_is_not_a_whole_number_is_a_problem(version):
    assert problems_of(sheet(row(version=version))) == [
        (2, "Version", "Version must be a whole number, as exported: do not change it")
    ]


def test_an_owner_may_change_only_items_they_own():
    table = sheet(row("North/1"), row("P1/002"))
    assert problems_of(table, role=Role.OWNER) == [
        (2, "Ref", "North/1: Only the item's owners and the service manager can edit it.")
    ]


def test_an_owner_cannot_change_an_approved_update():
    approved = SavedUpdate(content=SAVED.content, state="approved", version=3)
    items = [SheetItem(item_id=1, ref="P1/001", is_owner=True, saved=approved)]
    table = sheet(row("P1/001", progress="New words.", version="3"))
    [(_, column, message)] = problems_of(table, role=Role.OWNER, items=items)
    assert column == "Ref"
    assert "approved" in message


def test_an_approved_row_left_as_it_is_is_not_a_problem():
    approved = SavedUpdate(content=SAVED.content, state="approved", version=3)
    items = [SheetItem(item_id=1, ref="P1/001", is_owner=True, saved=approved)]
    values = {
        name: getattr(SAVED.content, name)
        for name in ("progress", "evidence", "impact", "next_steps")
    }
    table = sheet(row("P1/001", **values, version="3"))
    assert read_sheet(table, target(role=Role.OWNER, items=items)).unchanged == 1


@pytest.mark.parametrize(
    ("role", "term_state", "message"),
    [
        (Role.MANAGER, "locked", "This term is locked: nothing can change."),
        (Role.OWNER, "locked", "This term is locked: nothing can change."),
        (Role.OWNER, "closed", "This term is closed to owners. Contact the service manager."),
        (Role.MANAGER, "upcoming", "This term has not opened for updates yet."),
    ],
)
def test_a_term_closed_to_this_person_refuses_the_whole_file(role, term_state, message):
    assert problems_of(sheet(row(), row("P9/999")), role=role, term_state=term_state) == [
        (None, None, message)
    ]


def test_the_manager_may_import_into_a_closed_term():
    assert read_sheet(sheet(row()), target(term_state="closed")).problems == []


def test_an_empty_file_or_one_without_rows_is_a_problem():
    assert problems_of([]) == [(None, None, "The file is empty")]
    assert problems_of(sheet(["", ""])) == [(None, None, "The file has no rows of updates")]


def test_too_many_rows_are_refused():
    table = sheet(*[row(f"X/{n}") for n in range(2_001)])
    assert problems_of(table) == [(None, None, "The file must have 2,000 rows or fewer")]


def test_formula_guard_is_undone_on_reading():
    reading = read_sheet(sheet(row(progress="'- first\n- second")), target())
    assert reading.changes[0].content.progress == "- first\n- second"


def test_export_row_shows_labels_and_version():
    exported = export_row(
        ref="P1/001",
        item_kind="Action",
        item_text="Publish guidance.",
        term_label=TERM,
        lead_owner="Alex Morgan",
        saved=SAVED,
        state_label="Draft",
    )
    values = dict(zip([c.key for c in COLUMNS], exported.values(), strict=True))
    assert values["status"] == "Green"
    assert values["version"] == 3
    assert values["state"] == "Draft"
    empty = export_row(
        ref="P1/002",
        item_kind="Action",
        item_text="Networks.",
        term_label=TERM,
        lead_owner="",
        saved=None,
        state_label="No update",
    )
    assert (empty.status, empty.progress, empty.version) == ("", "", 0)


def test_whole_file_problems_say_so():
    assert SheetProblem(None, None, "x").where == "The file"
    assert SheetProblem(4, "Status", "x").where == "Row 4, Status"

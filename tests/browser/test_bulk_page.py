"""The bulk update page in Chromium: downloads, an import with problems, an import of the file as
exported; each meets WCAG 2.2 AA and works without JavaScript."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, StorageState, expect

from tests.browser.conftest import assert_no_axe_violations, signed_in_state
from tracker.data.terms import get_term
from tracker.data.transaction import unit_of_work
from tracker.extensions import db

pytestmark = pytest.mark.browser

# A term no other browser test uses, closed so the service manager may import into it.
YEAR, NAME, SLUG = "2022/23", "spring", "2022-23-spring"
PAGE = f"/bulk/{SLUG}"


def _set_state(app: Flask, state: str) -> None:
    with app.app_context():
        with unit_of_work():
            get_term(academic_year=YEAR, name=NAME).state = state
        db.session.remove()


@pytest.fixture(scope="module", autouse=True)
def closed_term(live_app: Flask) -> Iterator[None]:
    _set_state(live_app, "closed")
    try:
        yield
    finally:
        _set_state(live_app, "upcoming")


def upload(page: Page, name: str, content: bytes) -> None:
    page.get_by_label("Upload the edited file").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": content}]
    )
    page.get_by_role("button", name="Import updates").click()
    page.wait_for_load_state()


def test_bulk_page_offers_downloads_and_an_upload(page: Page) -> None:
    response = page.goto(PAGE)
    assert response is not None and response.status == 200
    expect(page.locator("main h1")).to_have_text("Spring term 2022/23")
    expect(page.get_by_role("link", name=re.compile("^Download as XLSX"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Download as CSV"))).to_be_visible()
    expect(page.get_by_label("Upload the edited file")).to_be_visible()
    expect(page.get_by_label("Save them as drafts")).to_be_checked()
    assert_no_axe_violations(page)


def test_an_import_with_problems_lists_each_by_row_and_column(page: Page) -> None:
    page.goto(PAGE)
    header = "Ref,Term,Status,Progress,Evidence,Impact,Next steps,Mitigation,Version\r\n"
    rows = (
        "P1/001,Spring term 2022/23,Red,Stalled.,,,,,0\r\n"
        "P9/999,Spring term 2022/23,Green,Done.,,,,,0\r\n"
        "P1/002,Autumn term 2022/23,Purple,Done.,,,,,0\r\n"
    )
    upload(page, "updates.csv", (header + rows).encode())
    expect(page).to_have_title(re.compile("^Error: Update in bulk"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("The file has 4 problems")
    table = page.locator("#problems")
    expect(table.locator("caption")).to_have_text("4 problems in the file")
    expect(table.locator("tbody tr")).to_have_count(4)
    problems = [row.locator("td").all_inner_texts() for row in table.locator("tbody tr").all()]
    assert [cells[:2] for cells in problems] == [
        ["2", "Mitigation"],
        ["3", "Ref"],
        ["4", "Term"],
        ["4", "Status"],
    ]
    assert problems[0][2] == "Enter the mitigation: a Red status needs a recovery plan"
    assert problems[1][2] == "P9/999 is not the reference of an item in the plan"
    assert problems[2][2].startswith("This row is for Autumn term 2022/23")
    assert problems[3][2].startswith("Purple is not a delivery status")
    assert_no_axe_violations(page)


def test_importing_the_file_as_exported_reports_nothing_changed(page: Page) -> None:
    page.goto(PAGE)
    exported = page.request.get(f"{PAGE}/updates.csv")
    assert exported.ok
    upload(page, "updates.csv", exported.body())
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("nothing had changed. 74 updates unchanged.")
    assert_no_axe_violations(page)


def test_upload_works_without_javascript(
    browser: Browser, live_server: str, manager_state: StorageState
) -> None:
    context = browser.new_context(
        base_url=live_server, storage_state=manager_state, java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto(PAGE)
        upload(page, "notes.txt", b"not a sheet")
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "The selected file must be an XLSX or CSV file"
        )
    finally:
        context.close()


def test_an_owner_sees_only_their_own_items(
    browser: Browser, live_app: Flask, live_server: str
) -> None:
    state = signed_in_state(live_app, live_server, person="owner")
    context = browser.new_context(base_url=live_server, storage_state=state)
    try:
        page = context.new_page()
        page.goto(PAGE)
        expect(page.locator("main")).to_contain_text("each of the 0 items you own")
        expect(page.locator("main .govuk-inset-text")).to_contain_text("closed to owners")
        assert_no_axe_violations(page)
    finally:
        context.close()

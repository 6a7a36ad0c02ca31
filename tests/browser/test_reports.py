"""Board reports in a real browser: the service manager previews, downloads and submits the
Education Board report; after an update changes, the board member downloads the frozen
version exactly as submitted. Every page passes axe."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from tests.browser.conftest import assert_no_axe_violations, signed_in_state
from tests.conftest import PEOPLE
from tests.integration.report_data import content, record_progress
from tests.report_readers import docx_document
from tracker.data.accounts import find_user
from tracker.data.plan import get_item
from tracker.data.progress import get_update, reopen_update, review_update, save_update
from tracker.data.submissions import report_request, submit_report
from tracker.data.terms import get_term
from tracker.data.transaction import unit_of_work
from tracker.extensions import db
from tracker.models import ReportFile

pytestmark = pytest.mark.browser

TERM = ("2023/24", "spring")
PREVIEW = "/reports/education-board/2023-24-spring"


def _people() -> dict:
    return {key: find_user(email=email) for key, (email, _name, _role) in PEOPLE.items()}


@pytest.fixture(scope="module")
def reported_term(live_app: Flask) -> str:
    """Approved updates for the autumn and spring terms of 2023/24."""
    with live_app.app_context():
        record_progress(_people())
        db.session.remove()
    return PREVIEW


def _page_for(browser: Browser, live_server: str, live_app: Flask, person: str) -> Iterator[Page]:
    state = signed_in_state(live_app, live_server, person=person)
    context = browser.new_context(base_url=live_server, storage_state=state, accept_downloads=True)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def manager_page(browser, live_server, live_app) -> Iterator[Page]:
    yield from _page_for(browser, live_server, live_app, "manager")


@pytest.fixture
def board_page(browser, live_server, live_app) -> Iterator[Page]:
    yield from _page_for(browser, live_server, live_app, "board")


def _status_in_word(path: Path, ref: str) -> str:
    document = docx_document(path.read_bytes())
    for table in document.tables:
        if table.rows[0].cells[-1].text == "Direction of travel":
            for row in table.rows[1:]:
                if row.cells[0].text == ref:
                    return row.cells[3].text
    raise AssertionError(f"{ref} is not in the document")


def _change_p1_001_to_red(live_app: Flask) -> None:
    with live_app.app_context():
        people = _people()
        item = get_item(slug="P1-001")
        term = get_term(academic_year=TERM[0], name=TERM[1])
        with unit_of_work():
            update = get_update(item=item, term=term)
            reopen_update(update=update, user=people["manager"], reason="New evidence")
            saved = save_update(
                item=item,
                term=term,
                user=people["manager"],
                content=content("red", "P1/001"),
                expected_version=update.version,
                submit=True,
            )
            review_update(update=saved, user=people["manager"], approve=True)
        db.session.remove()


def _stored_word(live_app: Flask, submission_id: int) -> bytes:
    with live_app.app_context():
        found = db.session.scalars(
            select(ReportFile.content).where(
                ReportFile.submission_id == submission_id, ReportFile.format == "docx"
            )
        ).one()
        db.session.remove()
    return found


def test_manager_previews_downloads_and_submits_then_board_downloads_the_frozen_version(
    reported_term: str, manager_page: Page, board_page: Page, live_app: Flask, tmp_path: Path
) -> None:
    manager = manager_page
    manager.goto("/reports")
    expect(manager.locator("main h1")).to_have_text("Reports")
    assert_no_axe_violations(manager)
    manager.get_by_label("Education Board termly report").check()
    manager.get_by_label("Term (termly reports)").select_option(label="Spring term 2023/24")
    manager.get_by_role("button", name="Preview report").click()
    expect(manager).to_have_url(f"{manager.url.split('/reports')[0]}{PREVIEW}")
    expect(manager.locator("main h1")).to_contain_text("Education Board termly report")
    expect(manager.locator("main")).to_contain_text("Spring term 2023/24")
    assert_no_axe_violations(manager)

    with manager.expect_download() as download:
        manager.get_by_role("link", name="Word of the").click()
    preview_file = tmp_path / "preview.docx"
    download.value.save_as(preview_file)
    assert _status_in_word(preview_file, "P1/001") == "Green"

    manager.get_by_role("link", name="Submit to board").click()
    expect(manager.locator("main h1")).to_contain_text("Submit the Education Board termly report")
    assert_no_axe_violations(manager)
    manager.get_by_label("Yes, it is final").check()
    manager.get_by_role("button", name="Submit to board").click()
    expect(manager.locator(".govuk-notification-banner")).to_contain_text("Submitted version 1")
    assert_no_axe_violations(manager)
    submission_id = int(manager.url.rstrip("/").rsplit("/", 1)[1])

    # An update changes after submission: the preview moves on, the submission does not.
    _change_p1_001_to_red(live_app)

    board = board_page
    board.goto("/reports")
    assert_no_axe_violations(board)
    # The visually hidden part of a link's name is read after a space.
    board.get_by_role(
        "link",
        name=re.compile(r"^Education Board termly report ?, Spring term 2023\/24, version 1$"),
    ).click()
    expect(board.locator("main h1")).to_contain_text("version 1")
    assert_no_axe_violations(board)
    with board.expect_download() as download:
        board.get_by_role(
            "link", name=re.compile(r"^Word ?, education-board-2023-24-spring-v1-final\.docx$")
        ).click()
    frozen = tmp_path / "frozen.docx"
    download.value.save_as(frozen)
    assert frozen.read_bytes() == _stored_word(live_app, submission_id)
    assert _status_in_word(frozen, "P1/001") == "Green"

    with board.expect_download() as download:
        board.goto(PREVIEW)
        board.get_by_role("link", name="Word of the").click()
    now = tmp_path / "now.docx"
    download.value.save_as(now)
    assert _status_in_word(now, "P1/001") == "Red"
    expect(board.get_by_role("link", name="Submit to board")).to_have_count(0)


def test_training_page_and_its_errors_pass_axe(reported_term: str, manager_page: Page) -> None:
    manager_page.goto("/reports/training/2023-24-spring")
    expect(manager_page.locator("main h1")).to_have_text("Attendance training")
    assert_no_axe_violations(manager_page)
    manager_page.get_by_role("button", name="Save training record").click()
    expect(manager_page.locator(".govuk-error-summary")).to_contain_text(
        "Select the tier of training"
    )
    assert_no_axe_violations(manager_page)
    manager_page.get_by_label("Universal: for all frontline staff").check()
    manager_page.get_by_label("Directorate").select_option(label="Place")
    manager_page.get_by_label("Number trained").fill("14")
    manager_page.get_by_label("Target").fill("20")
    manager_page.get_by_role("button", name="Save training record").click()
    expect(manager_page.locator(".govuk-notification-banner")).to_contain_text("14 trained")
    expect(manager_page.locator("main")).to_contain_text("number trained set to 14")
    assert_no_axe_violations(manager_page)


@pytest.mark.parametrize(
    "path",
    [
        "/reports/strengthening-services-board/2023-24-spring",
        "/reports/leadership-weekly/2024-01-19",
        "/reports?kind=leadership-weekly",
    ],
)
def test_other_report_pages_pass_axe(reported_term: str, manager_page: Page, path: str) -> None:
    manager_page.goto(path)
    assert_no_axe_violations(manager_page)


def _submit_services_board_draft(live_app: Flask) -> int:
    """A draft of the Strengthening Services Board report, submitted by the service manager."""
    with live_app.app_context():
        term = get_term(academic_year=TERM[0], name=TERM[1])
        request = report_request(kind="strengthening-services-board", term=term, week_ending=None)
        with unit_of_work():
            submission = submit_report(
                request=request, user=_people()["manager"], presenter="Service Manager", final=False
            )
        version = submission.version
        db.session.remove()
    return version


def test_submissions_are_listed_for_board_members(
    reported_term: str, board_page: Page, live_app: Flask
) -> None:
    version = _submit_services_board_draft(live_app)
    board_page.goto("/reports")
    row = (
        board_page.locator("main table tr")
        .filter(has_text=re.compile(r"Strengthening Services Board report.*Spring term 2023/24"))
        .filter(has=board_page.locator("td", has_text=re.compile(rf"^{version}$")))
    )
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Draft")
    expect(row).to_contain_text("by ")
    # Board members read submissions; only the service manager submits.
    expect(board_page.get_by_role("link", name="Submit to board")).to_have_count(0)
    assert_no_axe_violations(board_page)
    row.get_by_role("link").click()
    expect(board_page.locator("main h1")).to_contain_text(f"version {version}")
    expect(board_page.get_by_role("link", name=re.compile(r"^PDF"))).to_have_count(1)

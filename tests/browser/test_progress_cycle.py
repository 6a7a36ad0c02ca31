"""The termly cycle in a real browser: an owner submits, the manager returns and then
approves, and the board member sees the RAG summary change. Every page passes axe."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import assert_no_axe_violations, sign_in, signed_in_state
from tests.conftest import PASSWORD, PEOPLE
from tracker.data.accounts import find_user
from tracker.data.owners import set_owners
from tracker.data.plan import get_item
from tracker.data.terms import current_term
from tracker.data.transaction import unit_of_work
from tracker.extensions import db

pytestmark = pytest.mark.browser

ITEM = "P3-004"
REF = "P3/004"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(scope="module")
def cycle_term(live_app: Flask) -> str:
    """The current term, open, with the demo owner leading P3/004."""
    with live_app.app_context():
        term = current_term(today=date.today())
        assert term is not None
        with unit_of_work():
            term.state = "open"
            owner = find_user(email=PEOPLE["owner"][0])
            manager = find_user(email=PEOPLE["manager"][0])
            set_owners(item=get_item(slug=ITEM), lead=owner, contributors=[], by=manager)
        slug = term.slug
        db.session.remove()
    return slug


def _page_for(browser: Browser, live_server: str, live_app: Flask, person: str) -> Iterator[Page]:
    state = signed_in_state(live_app, live_server, person=person)
    context = browser.new_context(base_url=live_server, storage_state=state)
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


def rag_row(page: Page, term_slug: str):
    page.goto(f"/rag?term={term_slug}")
    return page.locator("table", has_text="Every item's status").locator("tr", has_text=REF)


def test_owner_submits_manager_returns_owner_resubmits_manager_approves_board_sees_it(
    cycle_term: str, anonymous_page: Page, manager_page: Page, board_page: Page, tmp_path
) -> None:
    # The board member's summary shows no update for the item yet.
    row = rag_row(board_page, cycle_term)
    expect(row).to_contain_text("No update")
    assert_no_axe_violations(board_page)

    # The owner signs in through the form and finds the item on My items.
    owner = anonymous_page
    owner.goto("/sign-in")
    sign_in(owner, email=PEOPLE["owner"][0], password=PASSWORD)
    owner.goto("/my-items")
    expect(owner.locator("main h1")).to_have_text("My items")
    assert_no_axe_violations(owner)
    owner.get_by_role("link", name=f"update for {REF}").click()
    expect(owner.locator("main h1")).to_contain_text("Update for the")

    # Submitting with nothing filled in shows GOV.UK errors.
    owner.get_by_role("button", name="Submit for review").click()
    expect(owner.locator(".govuk-error-summary")).to_contain_text("Select the delivery status")
    assert_no_axe_violations(owner)

    owner.get_by_label("Green").check()
    owner.get_by_label("Progress this term").fill("Kushti Bok sessions began in three schools.")
    owner.get_by_label("Evidence", exact=True).fill(
        "[Session register](https://example.org/register)"
    )
    owner.get_by_label("Impact", exact=True).fill("Twelve families attended the first sessions.")
    owner.get_by_label("Next steps").fill("Extend to the East locality.")
    evidence_file = tmp_path / "register.pdf"
    evidence_file.write_bytes(PDF)
    owner.get_by_label("Attach evidence files (optional)").set_input_files(str(evidence_file))
    owner.get_by_role("button", name="Submit for review").click()
    expect(owner.locator(".govuk-notification-banner")).to_contain_text("submitted for review")
    expect(owner.get_by_role("link", name="register.pdf")).to_be_visible()
    assert_no_axe_violations(owner)

    # The manager sees it waiting, reads it and returns it with a reason.
    manager = manager_page
    manager.goto(f"/manage/progress/{cycle_term}")
    expect(manager.locator("#review")).to_contain_text("Waiting for review")
    assert_no_axe_violations(manager)
    manager.get_by_role("link", name=f"Read the {REF} update").click()
    assert_no_axe_violations(manager)
    # Returning without a reason is refused with a GOV.UK error.
    manager.get_by_role("button", name="Return to owner").click()
    expect(manager.locator(".govuk-error-summary")).to_contain_text("reason")
    assert_no_axe_violations(manager)
    manager.get_by_label(re.compile("Reason for returning")).fill("Please say which three schools.")
    manager.get_by_role("button", name="Return to owner").click()
    expect(manager.locator(".govuk-notification-banner")).to_contain_text("returned")

    # The owner sees the reason, fixes the text and submits again.
    owner.reload()
    expect(owner.locator("main")).to_contain_text("Please say which three schools.")
    assert_no_axe_violations(owner)
    # Amber needs a mitigation: the error is shown and the words typed are kept.
    owner.get_by_label("Amber").check()
    owner.get_by_role("button", name="Submit for review").click()
    expect(owner.locator(".govuk-error-summary")).to_contain_text("Enter the mitigation")
    expect(owner.get_by_label("Progress this term")).to_have_value(
        "Kushti Bok sessions began in three schools."
    )
    assert_no_axe_violations(owner)
    owner.get_by_label("Green").check()
    owner.get_by_label("Progress this term").fill(
        "Kushti Bok sessions began at three first schools in the North locality."
    )
    owner.get_by_role("button", name="Submit for review").click()
    expect(owner.locator(".govuk-notification-banner")).to_contain_text("submitted for review")

    # The manager approves it from the review queue.
    manager.goto(f"/manage/progress/{cycle_term}")
    manager.get_by_label(REF).check()
    manager.get_by_role("button", name="Approve selected updates").click()
    expect(manager.locator(".govuk-notification-banner")).to_contain_text("1 update approved")

    # The board member's summary now shows it Green, with its words, not only its colour.
    row = rag_row(board_page, cycle_term)
    expect(row).to_contain_text("Green")
    assert_no_axe_violations(board_page)
    board_page.goto(f"/actions/{ITEM}")
    expect(board_page.locator("main")).to_contain_text("three first schools in the North")
    expect(board_page.locator("#history")).to_be_visible()
    assert_no_axe_violations(board_page)


@pytest.mark.parametrize(
    "path",
    [
        "/manage/terms",
        "/manage/users",
        "/manage/users/new",
        "/manage/items/P1-001/owners",
        "/manage/progress",
        "/rag",
        "/actions/P1-001",
    ],
)
def test_manager_pages_pass_axe(cycle_term: str, manager_page: Page, path: str) -> None:
    response = manager_page.goto(path)
    assert response is not None and response.status == 200
    assert_no_axe_violations(manager_page)


def test_term_page_and_its_errors_pass_axe(cycle_term: str, manager_page: Page) -> None:
    manager_page.goto(f"/manage/terms/{cycle_term}")
    assert_no_axe_violations(manager_page)
    manager_page.get_by_role("button", name="Change term state").click()
    expect(manager_page.locator(".govuk-error-summary")).to_contain_text(
        "Select what the term should become"
    )
    assert_no_axe_violations(manager_page)


def test_new_user_errors_keep_what_was_typed(manager_page: Page) -> None:
    manager_page.goto("/manage/users/new")
    manager_page.get_by_label("Email address").fill("not an email")
    manager_page.get_by_role("button", name="Create account").click()
    expect(manager_page.locator(".govuk-error-summary")).to_contain_text("Enter the person")
    expect(manager_page.get_by_label("Email address")).to_have_value("not an email")
    assert_no_axe_violations(manager_page)

"""A locked-out colleague, unlocked by the service manager, and the audit record, in Chromium."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import delete

from tests.browser.conftest import assert_no_axe_violations, sign_in
from tests.conftest import PASSWORD, PEOPLE
from tracker.data.accounts import MAX_FAILURES
from tracker.data.transaction import unit_of_work
from tracker.extensions import db
from tracker.models import SignInAddressFailure
from tracker.models.mixins import utcnow

pytestmark = pytest.mark.browser

LOCKED = "This account is locked after too many failed attempts"


def test_locked_out_then_unlocked_by_the_manager(anonymous_page: Page, page: Page) -> None:
    email, name, _role = PEOPLE["other_owner"]
    colleague = anonymous_page
    colleague.goto("/sign-in")
    for _ in range(MAX_FAILURES):
        sign_in(colleague, email=email, password="a wrong guess")
    expect(colleague.locator(".govuk-error-summary")).to_contain_text(LOCKED)
    sign_in(colleague, email=email, password=PASSWORD)
    expect(colleague.locator(".govuk-error-summary")).to_contain_text(LOCKED)
    assert_no_axe_violations(colleague)

    page.goto("/manage/users")
    row = page.locator("main table tbody tr", has_text=name)
    expect(row.locator(".govuk-tag")).to_have_text("Locked")
    assert_no_axe_violations(page)
    row.get_by_role("link", name=re.compile(name)).click()
    expect(page.locator(".govuk-warning-text")).to_contain_text("This account is locked")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Unlock account").click()
    expect(page.locator("main h1")).to_have_text(
        f"Are you sure you want to unlock {name}'s account?"
    )
    assert_no_axe_violations(page)
    page.get_by_label("Reason (optional)").fill("Spoke to them on the phone")
    page.get_by_role("button", name="Unlock account").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is unlocked")
    expect(page.locator(".govuk-warning-text")).to_have_count(0)
    assert_no_axe_violations(page)

    sign_in(colleague, email=email, password=PASSWORD)
    expect(colleague.locator("main h1")).not_to_have_text("Sign in")


def test_audit_record_page_filters_and_exports(page: Page) -> None:
    page.goto("/manage/users")
    page.get_by_role("link", name="Audit record").click()
    expect(page.locator("main h1")).to_have_text("Audit record")
    assert_no_axe_violations(page)
    page.get_by_label("Event").select_option(label="Account created")
    page.get_by_role("button", name="Filter events").click()
    rows = page.locator("main table.govuk-table tbody tr")
    expect(rows.first).to_contain_text("Account created")
    assert all("Account created" in text for text in rows.all_inner_texts())
    assert_no_axe_violations(page)
    # A date that cannot be shows the error summary, linked to the field.
    page.locator("#date_from-day").fill("31")
    page.locator("#date_from-month").fill("2")
    page.locator("#date_from-year").fill("2026")
    page.get_by_role("button", name="Filter events").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Date from must be a real date")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Clear filters").click()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("as CSV")).click()
    assert download.value.suggested_filename == "audit-record.csv"


@pytest.fixture
def paused_network(live_app: Flask) -> Iterator[None]:
    """The browser's network (the loopback) has failed as often as the throttle allows;
    its failures are removed afterwards, so that other tests can still sign in."""
    with live_app.app_context():
        with unit_of_work():
            for _ in range(live_app.config["SIGN_IN_THROTTLE_FAILURES"]):
                db.session.add(SignInAddressFailure(network="127.0.0.1", at=utcnow()))
        db.session.remove()
    try:
        yield
    finally:
        with live_app.app_context():
            with unit_of_work():
                db.session.execute(
                    delete(SignInAddressFailure).where(SignInAddressFailure.network == "127.0.0.1")
                )
            db.session.remove()


def test_a_paused_network_is_told_when_to_try_again(anonymous_page: Page, paused_network) -> None:
    page = anonymous_page
    page.goto("/sign-in")
    email, _name, _role = PEOPLE["board"]
    answer = sign_in(page, email=email, password=PASSWORD)
    assert answer.status == 429
    assert answer.headers["retry-after"].isdigit()
    expect(page.locator("main h1")).to_have_text("Too many attempts from your network")
    expect(page.locator("main")).to_contain_text("Try again in 15 minutes")
    expect(page).to_have_title(re.compile("^Too many attempts from your network"))
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Go back to sign in").click()
    expect(page.locator("main h1")).to_have_text("Sign in")

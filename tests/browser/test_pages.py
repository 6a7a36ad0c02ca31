"""Every page, loaded in Chromium: its key content shows and it meets WCAG 2.2 AA."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, StorageState, expect

from tests.browser.conftest import assert_no_axe_violations, sign_in
from tests.conftest import PASSWORD, PEOPLE

pytestmark = pytest.mark.browser

ROWS = "main table.govuk-table tbody tr"


def open_page(page: Page, path: str, *, status: int = 200) -> Page:
    response = page.goto(path)
    assert response is not None
    assert response.status == status, f"{path} answered {response.status}"
    return page


def heading(page: Page):
    return page.locator("main h1")


# Signing in


def test_sign_in_page(anonymous_page: Page) -> None:
    page = open_page(anonymous_page, "/sign-in")
    expect(heading(page)).to_have_text("Sign in")
    expect(page.get_by_label("Email address")).to_be_visible()
    expect(page.get_by_label("Password", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    assert_no_axe_violations(page)


def test_sign_in_with_wrong_details_shows_errors(anonymous_page: Page) -> None:
    page = open_page(anonymous_page, "/sign-in")
    sign_in(page, email="nobody@example.org", password="not the password")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Enter a correct email address and password")
    expect(page).to_have_title(re.compile("^Error: Sign in"))
    assert_no_axe_violations(page)


def test_signing_in_returns_to_the_page_asked_for(anonymous_page: Page) -> None:
    page = anonymous_page
    page.goto("/items?priority=4")
    expect(heading(page)).to_have_text("Sign in")
    assert urlsplit(page.url).path == "/sign-in"

    email, _name, _role = PEOPLE["board"]
    sign_in(page, email=email, password=PASSWORD)
    page.wait_for_url(re.compile(r"/items\?priority=4$"))
    expect(page.locator(ROWS)).to_have_count(5)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


# The strategy


def test_overview(page: Page) -> None:
    open_page(page, "/")
    expect(heading(page)).to_have_text("Dorset Council Attendance Strategy and Plan 2022")
    expect(page.get_by_role("heading", name="Our vision")).to_be_visible()
    expect(page.locator(ROWS)).to_have_count(5)
    expect(page.locator(ROWS).first).to_contain_text("Priority 1:")
    assert_no_axe_violations(page)


@pytest.mark.parametrize(
    ("number", "title", "actions"),
    [
        (1, "Consistent Dorset wide policy and practice", 13),
        (2, "Knowledge sharing and communication", 16),
        (3, "Early identification of cause leads to development of targeted interventions", 16),
        (4, "Consistent approach to transition", 5),
        (5, "Transport solutions", 5),
    ],
)
def test_priority(page: Page, number: int, title: str, actions: int) -> None:
    open_page(page, f"/priorities/{number}")
    expect(heading(page)).to_have_text(title)
    expect(page.locator("main .govuk-caption-l")).to_have_text(f"Priority {number}")
    expect(page.locator(ROWS)).to_have_count(actions)
    expect(page.locator("main table caption")).to_have_text(
        f"{actions} actions under priority {number}"
    )
    assert_no_axe_violations(page)


def test_action(page: Page) -> None:
    open_page(page, "/actions/P1-001")
    expect(heading(page)).to_have_text("Action P1/001")
    expect(page.locator("main .govuk-caption-l")).to_have_text(
        "Priority 1: Consistent Dorset wide policy and practice"
    )
    expect(page.locator("main .govuk-body-l")).to_be_visible()
    expect(page.locator(".govuk-breadcrumbs")).to_contain_text("Priority 1")
    assert_no_axe_violations(page)


def test_action_with_sub_items(page: Page) -> None:
    open_page(page, "/actions/P2-008")
    expect(heading(page)).to_have_text("Action P2/008")
    expect(page.locator("main .govuk-body-l")).to_contain_text("three-tiered")
    tiers = page.locator("main ol.govuk-list--number li")
    expect(tiers).to_have_count(3)
    expect(tiers.nth(0)).to_contain_text("Universal")
    expect(tiers.nth(1)).to_contain_text("Enhanced")
    expect(tiers.nth(2)).to_contain_text("Specific")
    assert_no_axe_violations(page)


def test_action_with_note(page: Page) -> None:
    open_page(page, "/actions/P3-013")
    expect(heading(page)).to_have_text("Action P3/013")
    expect(page.locator("main .govuk-inset-text")).to_contain_text(
        "We have the capital funding to deliver the first phase of inclusion hubs"
    )
    assert_no_axe_violations(page)


def test_context(page: Page) -> None:
    open_page(page, "/strategy/context")
    expect(heading(page)).to_have_text("Context and figures")
    expect(page.get_by_role("heading", name="Why does attendance matter?")).to_be_visible()
    expect(page.get_by_role("heading", name="Figures the strategy quotes")).to_be_visible()
    assert page.locator(ROWS).count() > 0
    assert_no_axe_violations(page)


def test_terms(page: Page) -> None:
    open_page(page, "/terms")
    expect(heading(page)).to_have_text("Terms")
    expect(page.locator(ROWS)).to_have_count(15)
    assert_no_axe_violations(page)


# Localities


def test_localities(page: Page) -> None:
    open_page(page, "/localities")
    expect(heading(page)).to_have_text("Localities")
    groups = page.locator("main h2")
    expect(groups).to_have_count(5)
    expect(groups.filter(has_text="East and Purbeck")).to_be_visible()
    expect(page.locator("main ol a[href^='/locality-priorities/']")).to_have_count(19)
    assert_no_axe_violations(page)


def test_locality_group(page: Page) -> None:
    open_page(page, "/localities/east-and-purbeck")
    expect(heading(page)).to_have_text("East and Purbeck locality priorities")
    expect(page.locator("main .govuk-caption-l")).to_have_text("Covers East and Purbeck")
    assert page.locator(ROWS).count() > 0
    assert_no_axe_violations(page)


def test_locality_priority(page: Page) -> None:
    open_page(page, "/locality-priorities/north-1")
    expect(heading(page)).to_have_text("North priority 1")
    expect(page.locator("main .govuk-body-l")).to_contain_text(
        "Attendance of year groups whose transition between phases"
    )
    expect(page.locator(".govuk-breadcrumbs")).to_contain_text("North")
    assert_no_axe_violations(page)


# The item list


@pytest.mark.parametrize(
    ("query", "rows"),
    [
        ("", 74),
        ("?priority=2", 16),
        ("?locality=west", 4),
    ],
    ids=["all", "priority-2", "locality-west"],
)
def test_items(page: Page, query: str, rows: int) -> None:
    open_page(page, f"/items{query}")
    expect(heading(page)).to_have_text("All trackable items")
    expect(page.locator(ROWS)).to_have_count(rows)
    expect(page.locator("#results")).to_have_text(f"{rows} items")
    assert_no_axe_violations(page)


def test_items_search(page: Page) -> None:
    open_page(page, "/items?q=transport")
    expect(heading(page)).to_have_text("All trackable items")
    expect(page.locator("#q")).to_have_value("transport")
    rows = page.locator(ROWS)
    expect(rows.first).to_be_visible()
    for text in rows.all_inner_texts():
        assert "transport" in text.lower()
    expect(page.get_by_role("link", name="Clear filters")).to_be_visible()
    assert_no_axe_violations(page)


def filter_items(page: Page, *, priority_label_start: str, words: str) -> None:
    """Fill in the item filter form the way a person would, then send it."""
    priority = page.get_by_label("Priority", exact=True)
    option = priority.locator("option", has_text=priority_label_start)
    priority.select_option(value=option.get_attribute("value"))
    page.get_by_label("Search words").fill(words)
    page.get_by_role("button", name="Apply filters").click()
    # The form is sent by GET, so the filtered list has its own address.
    page.wait_for_url(re.compile(r"/items\?"))


def test_items_filter_form(page: Page) -> None:
    open_page(page, "/items")
    filter_items(page, priority_label_start="Priority 5:", words="families")

    url = urlsplit(page.url)
    assert url.path == "/items"
    query = parse_qs(url.query)
    assert query["priority"] == ["5"]
    assert query["q"] == ["families"]

    rows = page.locator(ROWS)
    expect(rows).to_have_count(2)
    expect(page.locator("#results")).to_have_text("2 items")
    for text in rows.all_inner_texts():
        assert text.startswith("P5/")
        assert "families" in text.lower()
    # The form shows what it filtered by.
    expect(page.get_by_label("Priority", exact=True)).to_have_value("5")
    expect(page.get_by_label("Search words")).to_have_value("families")
    assert_no_axe_violations(page)


# Errors


def test_not_found(page: Page) -> None:
    open_page(page, "/no-such-page", status=404)
    expect(heading(page)).to_have_text("Page not found")
    expect(page.get_by_role("link", name="Go to the strategy overview")).to_be_visible()
    assert_no_axe_violations(page)
    # In the service's own layout, named like every other page.
    expect(page).to_have_title("Page not found – Attendance strategy tracker – Dorset Council")
    expect(page.get_by_role("link", name="Strategy", exact=True)).to_be_visible()


@pytest.mark.parametrize(
    ("path", "title"),
    [("/accessibility", "Accessibility statement"), ("/privacy", "Privacy notice")],
)
def test_statements_need_no_sign_in(anonymous_page: Page, path: str, title: str) -> None:
    page = open_page(anonymous_page, path)
    expect(heading(page)).to_have_text(title)
    assert_no_axe_violations(page)


def test_forbidden(browser: Browser, live_server: str, live_app) -> None:
    from tests.browser.conftest import signed_in_state

    state = signed_in_state(live_app, live_server, person="board")
    context = browser.new_context(base_url=live_server, storage_state=state)
    try:
        page = open_page(context.new_page(), "/manage/users", status=403)
        expect(heading(page)).not_to_have_text("")
        assert_no_axe_violations(page)
    finally:
        context.close()


FAILURE_PAGES = {
    "errors/500.html": (500, "Sorry, there is a problem with the service"),
    "errors/503.html": (503, "Sorry, the service is unavailable"),
    "errors/no_room.html": (503, "Sorry, the service has run out of storage space"),
}


@pytest.mark.parametrize("template", sorted(FAILURE_PAGES))
def test_failure_pages_with_the_words_kept(page: Page, live_app, template: str) -> None:
    # A real failure cannot be provoked on purpose in a shared live server, so the page
    # the app would send, with a form's words kept, is rendered by the app and served at
    # an address of the live server.
    from flask import render_template

    status, title = FAILURE_PAGES[template]
    kept = [("Progress", "Met every head teacher. " * 20), ("Team", "Inclusion & SEND")]
    with live_app.test_request_context("/"):
        html = render_template(template, fields=kept)
    page.route(
        "**/failure-preview",
        lambda route: route.fulfill(status=status, content_type="text/html", body=html),
    )
    open_page(page, "/failure-preview", status=status)
    expect(heading(page)).to_have_text(title)
    expect(page.get_by_label("Team")).to_have_value("Inclusion & SEND")
    assert_no_axe_violations(page)


# Across every page


def test_works_without_javascript(
    browser: Browser, live_server: str, manager_state: StorageState
) -> None:
    context = browser.new_context(
        base_url=live_server, storage_state=manager_state, java_script_enabled=False
    )
    try:
        page = context.new_page()
        open_page(page, "/items")
        assert "js-enabled" not in (page.locator("body").get_attribute("class") or "")
        # The service navigation is usable with no script to open a menu.
        expect(page.get_by_role("link", name="Localities", exact=True)).to_be_visible()

        filter_items(page, priority_label_start="Priority 2:", words="attendance")
        query = parse_qs(urlsplit(page.url).query)
        assert query["priority"] == ["2"]
        assert query["q"] == ["attendance"]
        rows = page.locator(ROWS)
        expect(rows.first).to_be_visible()
        texts = rows.all_inner_texts()
        assert 0 < len(texts) < 16
        for text in texts:
            assert text.startswith("P2/")
            assert "attendance" in text.lower()
    finally:
        context.close()


def test_council_branding_not_gov_uk(page: Page) -> None:
    open_page(page, "/")
    # No crown, no GOV.UK logotype and no GOV.UK icons: this is a council service.
    for selector in (
        ".govuk-header__logotype",
        ".govuk-header__logo",
        "[class*='crown']",
        "header svg",
        "link[rel~='icon']",
        "link[rel='apple-touch-icon']",
        "meta[property='og:image']",
    ):
        expect(page.locator(selector)).to_have_count(0)
    expect(page.locator("header")).not_to_contain_text("GOV.UK")
    expect(page.locator(".govuk-generic-header")).to_contain_text("Dorset Council")


FONTS_OF_VISIBLE_TEXT = """() => {
  const fonts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const element = walker.currentNode.parentElement;
    if (walker.currentNode.textContent.trim() && element.checkVisibility()) {
      fonts.push([element.tagName.toLowerCase(), getComputedStyle(element).fontFamily]);
    }
  }
  return fonts;
}"""


def assert_arial(where: str, font: str) -> None:
    assert re.search("arial", font, re.IGNORECASE), f"{where} is set in {font}"
    assert "gds transport" not in font.lower(), f"{where} is set in {font}"


@pytest.mark.parametrize("path", ["/", "/items", "/strategy/context"])
def test_visible_text_is_arial(page: Page, path: str) -> None:
    open_page(page, path)
    fonts = page.evaluate(FONTS_OF_VISIBLE_TEXT)
    assert fonts
    for tag, font in fonts:
        assert_arial(f"text in <{tag}> on {path}", font)


def test_body_font_is_arial(page: Page) -> None:
    # Text outside any GOV.UK class inherits the body's font, so it must be Arial too.
    open_page(page, "/")
    assert_arial("body", page.locator("body").evaluate("node => getComputedStyle(node).fontFamily"))


def test_first_tab_focuses_skip_link(page: Page) -> None:
    open_page(page, "/")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text("Skip to main content")
    expect(focused).to_have_attribute("href", "#main-content")
    expect(focused).to_be_visible()

    page.keyboard.press("Enter")
    expect(page.locator("main#main-content")).to_be_focused()


def test_change_password_page_and_its_errors(page: Page) -> None:
    open_page(page, "/account/password")
    expect(heading(page)).to_have_text("Change your password")
    page.get_by_label("Current password").fill("not the password")
    page.get_by_label("New password", exact=True).fill("short")
    page.get_by_label("Confirm new password").fill("other")
    page.get_by_role("button", name="Change password").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_no_axe_violations(page)

"""The data officer uploads a bad file, sees every problem, then a good one; figures follow."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import _new_page, assert_no_axe_violations, signed_in_state
from tests.conftest import SEED_DIR
from tests.integration.attendance_files import MARKS_HEADER, PUPILS, SCHOOLS, SUMMARIES_HEADER

pytestmark = pytest.mark.browser

BAD_SCHOOLS = SCHOOLS.replace("primary,North", "nursery,North").replace("Purbeck", "Atlantis")
REGISTER = MARKS_HEADER + "".join(
    f"P1,100001,2022-09-0{day},{session},{'E' if (day, session) == (9, 'PM') else '/'}\n"
    for day in range(5, 10)
    for session in ("AM", "PM")
)


# One school term's totals for the Year 11 pupil: 10 of 100 sessions missed.
SUMMARIES = SUMMARIES_HEADER + "2022/23,autumn,P3,100002,100,90,0,10,0\n"
REFERENCE = SEED_DIR.parent / "reference"


def published_lines(name: str, keep) -> str:
    """The header and the chosen lines of a shipped reference file: loading them changes nothing."""
    lines = (REFERENCE / name).read_text(encoding="utf-8").splitlines()
    return "\n".join([lines[0], *(line for line in lines[1:] if keep(line))]) + "\n"


@pytest.fixture
def data_page(browser: Browser, live_app, live_server: str):
    yield from _new_page(
        browser, live_server, signed_in_state(live_app, live_server, person="data")
    )


def upload(page: Page, label: str, name: str, text: str) -> None:
    page.get_by_label(label).check()
    page.get_by_label("Choose the file").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": text.encode()}]
    )
    page.get_by_role("button", name="Import file").click()
    page.wait_for_load_state()


def test_upload_a_bad_file_then_good_ones(data_page: Page) -> None:
    page = data_page
    page.goto("/data/imports")
    expect(page.locator("main h1")).to_have_text("Import attendance data")
    assert_no_axe_violations(page)

    upload(page, "Schools", "schools.csv", BAD_SCHOOLS)
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("The file has 2 problems; nothing was imported")
    problems = page.locator("#problems tbody tr")
    expect(problems).to_have_count(2)
    expect(problems.nth(0)).to_contain_text("the phase must be one of primary")
    expect(problems.nth(1)).to_contain_text("'Atlantis' is not one of the localities")
    assert_no_axe_violations(page)

    for label, name, text in (
        ("Schools", "schools.csv", SCHOOLS),
        ("Pupils (enrolments for an academic year)", "pupils.csv", PUPILS),
        ("Attendance marks (the register)", "marks.csv", REGISTER),
        ("Attendance summaries (term totals)", "summaries.csv", SUMMARIES),
        (
            "Published absence rates (DfE open data)",
            "benchmarks.csv",
            published_lines("la-absence-rates.csv", lambda line: line.startswith("202223,")),
        ),
        (
            "Statistical neighbour lists (DfE)",
            "neighbours.csv",
            published_lines("statistical-neighbours.csv", lambda line: ",838,Dorset," in line),
        ),
    ):
        upload(page, label, name, text)
        banner = page.locator(".govuk-notification-banner--success")
        expect(banner).to_contain_text(f"Imported {name}")
    expect(page.locator("main table tbody tr").first).to_contain_text("neighbours.csv")
    assert_no_axe_violations(page)

    page.goto("/data/metrics?year=2022/23&by=school")
    rows = page.locator("main table.govuk-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("100001")
    # One pupil at each school: the figures are confidential, and the page says why.
    expect(rows.first).not_to_contain_text("10.0")
    expect(rows.first.locator("abbr").first).to_have_text("c")
    expect(page.locator("#confidential")).to_contain_text("c: confidential")
    assert_no_axe_violations(page)

    # The outcome indicators now measure 2022/23 from the loaded data: 11 of 110 sessions.
    page.goto("/indicators?period=2022-23")
    overall = page.locator("main tr", has_text="Overall absence rate, all pupils").first
    expect(overall).to_contain_text("10.00%")
    expect(overall).to_contain_text("computed from attendance data")
    assert_no_axe_violations(page)

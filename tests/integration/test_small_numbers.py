"""Figures about fewer than 5 pupils are shown as "c", with the reason, on the attendance
figures page, in its CSV download and in the board reports' locality and vulnerable-group
tables, in every format; larger groups show their figures as before."""

from __future__ import annotations

import csv
import io
from datetime import date

import openpyxl
import pytest

from tests.integration.attendance_files import (
    MARKS_HEADER,
    PUPILS_HEADER,
    SCHOOLS,
    marks,
    school_days,
    write,
)
from tracker.data.submissions import build_document, report_request
from tracker.data.terms import get_term
from tracker.domain.suppression import EXPLANATION, SHORT_EXPLANATION
from tracker.reports import render

WEEK_1 = school_days(date(2022, 9, 5), date(2022, 9, 9))
CONFIDENTIAL = '<abbr title="confidential: fewer than 5 pupils">c</abbr>'
# North: 20 pupils, 6 of them persistently absent; Chesil: 12; Purbeck: 3, of whom
# 2 are looked after (the only children looked after).
ROLL = (
    [("N", n, "100001", "3", "", n < 6) for n in range(20)]
    + [("C", n, "100002", "9", "", False) for n in range(12)]
    + [("P", n, "100003", "9", "CLA" if n < 2 else "", n == 0) for n in range(3)]
)


def run(app, *args):
    return app.test_cli_runner().invoke(args=[str(arg) for arg in args])


def imported(app, tmp_path, kind, text):
    result = run(app, "import-data", kind, write(tmp_path, f"{kind}.csv", text))
    assert result.exit_code == 0, result.output


@pytest.fixture
def loaded(app, tmp_path):
    imported(app, tmp_path, "schools", SCHOOLS)
    pupils = PUPILS_HEADER + "".join(
        f"2022/23,{prefix}{n:02d},{urn},{year},F,N,N,WBRI,{care},N\n"
        for prefix, n, urn, year, care, _ in ROLL
    )
    imported(app, tmp_path, "pupils", pupils)
    register = MARKS_HEADER + "".join(
        marks(f"{prefix}{n:02d}", urn, WEEK_1, "/O" if absent else "/")
        for prefix, n, urn, _, _, absent in ROLL
    )
    imported(app, tmp_path, "marks", register)
    return app


# The attendance figures page ------------------------------------------------------------


def test_groups_of_five_or_more_show_their_figures(loaded, board_client):
    page = board_client.get("/data/metrics?year=2022/23&by=phase").get_data(as_text=True)
    # Primary (20 pupils, 6 persistent absentees) is shown; special (3) is hidden, and
    # secondary with it, or special would be the total less primary and secondary.
    assert ">20<" in page
    assert ">30.0 <span" in page and ">(6)<" in page
    assert ">12<" not in page
    assert page.count(CONFIDENTIAL) == 2 * 9
    assert EXPLANATION.split(";")[0] in page
    whole = board_client.get("/data/metrics?year=2022/23").get_data(as_text=True)
    assert ">35<" in whole and CONFIDENTIAL not in whole
    assert "c: confidential" not in whole


def test_a_small_count_of_absentees_hides_that_count_and_its_rate(loaded, board_client):
    page = board_client.get("/data/metrics?year=2022/23&by=locality").get_data(as_text=True)
    assert ">20<" in page  # North's enrolments
    # Purbeck (3) and the next smallest, Chesil, are hidden; North's counts stand.
    assert ">(6)<" in page
    assert page.count(CONFIDENTIAL) == 2 * 9


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_the_csv_download_writes_confidential_figures_as_c(loaded, board_client):
    response = board_client.get("/data/metrics.csv?year=2022/23&by=school")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert (
        'filename="attendance-figures-2022-23-year.csv"' in response.headers["Content-Disposition"]
    )
    rows = read_csv(response)
    header = rows[0]
    assert header[:3] == ["School (URN)", "Enrolments", "Overall absence rate"]
    by_school = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:4]}
    assert by_school["100001"]["Enrolments"] == "20"
    assert by_school["100001"]["Persistent absentees"] == "6"
    assert by_school["100001"]["Persistent absence rate"] == "30.00"
    for urn in ("100002", "100003"):
        assert set(list(by_school[urn].values())[1:]) == {"c"}
    assert rows[-1] == [EXPLANATION]


def test_the_csv_download_has_no_note_when_nothing_is_hidden(loaded, board_client):
    rows = read_csv(board_client.get("/data/metrics.csv?year=2022/23"))
    assert rows[1][0] == "35"
    assert len(rows) == 2


def test_the_page_links_to_its_csv(loaded, board_client):
    page = board_client.get("/data/metrics?year=2022/23&by=phase").get_data(as_text=True)
    assert "/data/metrics.csv?year=2022/23&amp;by=phase" in page


# Board reports ----------------------------------------------------------------------------


def document(kind: str):
    if kind == "leadership-weekly":
        request = report_request(kind=kind, term=None, week_ending=date(2022, 9, 9))
    else:
        term = get_term(academic_year="2022/23", name="autumn")
        request = report_request(kind=kind, term=term, week_ending=None)
    return build_document(request=request, presenter="Sam", version=1, final=False)


def table(found, key: str) -> dict[str, list[str]]:
    rows = next(t for t in found.tables() if t.key == key).rows
    return {row[0].text: [cell.text for cell in row[1:]] for row in rows}


def sheet_text(content: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return " ".join(
        str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row if cell.value
    )


def test_the_education_board_hides_small_localities_and_keeps_the_total(loaded):
    report, found = document("education-board")
    rates = table(found, "locality-rates")
    assert rates["North"][0] == "20"
    assert rates["North"][2] == "30.00%"
    assert rates["Purbeck"] == ["c", "c", "c", "c"]
    # Chesil is hidden too: with the authority's total shown, Purbeck would be the rest.
    assert rates["Chesil"] == ["c", "c", "c", "c"]
    assert rates["West"] == ["No data"] * 4
    assert list(rates.values())[-1][0] == "35"
    assert EXPLANATION in report.localities.rates_note
    for code in ("html", "md"):
        assert EXPLANATION in render(found, code).decode()
    assert EXPLANATION in sheet_text(render(found, "xlsx"))


def test_the_weekly_update_hides_small_groups_and_their_changes(loaded):
    report, found = document("leadership-weekly")
    rows = table(found, "breakdowns")
    looked_after = rows["Children looked after"]
    assert looked_after[0] == "c" and looked_after[6] == "c"
    assert rows["Locality: North"][0] == "85.00%"
    assert rows["Locality: Purbeck"][0] == "c"
    assert rows["Locality: Chesil"][0] == "c"
    # The one-page update gives the reason briefly; its spreadsheet gives it in full.
    assert SHORT_EXPLANATION in render(found, "html").decode()
    assert EXPLANATION in sheet_text(render(found, "xlsx"))
    # The whole authority is shown as ever.
    assert report.headline.week.enrolments == 35


def test_the_services_board_hides_a_small_vulnerable_group(loaded):
    report, found = document("strengthening-services-board")
    looked_after = next(g for g in report.groups if g.label == "Children looked after")
    for indicator in (looked_after.overall, looked_after.persistent):
        assert indicator.suppressed
        assert indicator.value is None
        assert indicator.status == "no_data"
    groups = table(found, "groups")
    assert groups["Overall absence rate, children looked after"][0] == "c"
    assert groups["Persistent absence rate, children looked after"][0] == "c"
    assert EXPLANATION in render(found, "md").decode()

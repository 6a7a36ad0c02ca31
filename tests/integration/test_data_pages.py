"""The upload page (data officer and service manager) and the attendance figures page."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
from sqlalchemy import func, select

from tests.integration.attendance_files import MARKS_HEADER, PUPILS, SCHOOLS, marks, school_days
from tracker.data.attendance import write_weeks
from tracker.data.transaction import unit_of_work
from tracker.extensions import db
from tracker.models import DataImport, Enrolment, School

WEEK_1 = school_days(date(2022, 9, 5), date(2022, 9, 9))


def send(client, kind, content: str | bytes, name="file.csv"):
    raw = content.encode() if isinstance(content, str) else content
    data = {"kind": kind, "upload": (io.BytesIO(raw), name)}
    return client.post("/data/imports", data=data, content_type="multipart/form-data")


def schools_workbook(urn: str, name: str) -> bytes:
    """A one-school workbook, as Excel would save it."""
    buffer = io.BytesIO()
    pd.DataFrame(
        [[urn, name, "primary", "North"]], columns=["urn", "name", "phase", "locality"]
    ).to_excel(buffer, index=False)
    return buffer.getvalue()


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_who_may_import(data_client, manager_client, board_client, owner_client, anonymous_client):
    assert data_client.get("/data/imports").status_code == 200
    assert manager_client.get("/data/imports").status_code == 200
    assert board_client.get("/data/imports").status_code == 403
    assert owner_client.get("/data/imports").status_code == 403
    assert send(owner_client, "schools", SCHOOLS).status_code == 403
    assert anonymous_client.get("/data/imports").status_code == 302
    assert count(School) == 0


def test_a_bad_file_shows_every_problem_and_changes_nothing(data_client):
    bad = SCHOOLS.replace("primary,North", "nursery,North").replace("Purbeck", "Atlantis")
    response = send(data_client, "schools", bad, "schools.csv")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "govuk-error-summary" in page
    assert "The file has 2 problems; nothing was imported" in page
    assert 'id="problems"' in page
    assert "the phase must be one of primary" in page
    assert "&#39;Atlantis&#39; is not one of the localities" in page
    assert count(School) == 0
    assert count(DataImport) == 0


def test_a_good_file_is_imported_and_listed(data_client, people):
    response = send(data_client, "schools", SCHOOLS, "schools.csv")
    assert response.status_code == 302
    page = data_client.get("/data/imports").get_data(as_text=True)
    assert "Imported <strong>schools.csv</strong>: 3 schools: 3 added, 0 updated" in page
    assert "Dan Data" in page
    assert count(School) == 3
    entry = db.session.scalar(select(DataImport))
    assert (entry.kind, entry.file_name, entry.imported_by_id) == (
        "schools",
        "schools.csv",
        people["data"].id,
    )


def test_an_xlsx_upload(data_client):
    response = send(data_client, "schools", schools_workbook("100001", "Hill"), "schools.xlsx")
    assert response.status_code == 302
    assert count(School) == 1


def test_the_form_needs_a_kind_and_a_file(data_client):
    response = data_client.post("/data/imports", data={}, content_type="multipart/form-data")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Select what kind of file it is" in page
    assert "Choose a CSV or XLSX file to import" in page


def test_other_file_types_are_refused(data_client):
    response = send(data_client, "schools", SCHOOLS, "schools.txt")
    assert response.status_code == 400
    assert "schools.txt is not a CSV or XLSX file" in response.get_data(as_text=True)


def test_the_content_decides_how_a_file_is_read_not_its_name(data_client):
    # A CSV saved with a workbook's name, and a workbook named as a CSV, are both read.
    assert send(data_client, "schools", SCHOOLS, "schools.xlsx").status_code == 302
    response = send(data_client, "schools", schools_workbook("100004", "Vale"), "more.csv")
    assert response.status_code == 302
    assert count(School) == 4


def test_a_file_that_is_not_a_table_is_refused_whatever_its_name(data_client):
    response = send(data_client, "schools", "%PDF-1.4 minutes of the meeting", "schools.csv")
    assert response.status_code == 400
    assert "schools.csv is not a CSV or XLSX file: it is a PDF" in response.get_data(as_text=True)
    assert count(School) == 0


def test_files_over_the_upload_limit_are_refused(app, data_client):
    # The upload page's own limit applies to the whole request, before it is read.
    app.config["MAX_UPLOAD_IMPORT_BYTES"] = 100
    response = send(data_client, "schools", SCHOOLS * 3)
    assert response.status_code == 413
    assert "The file is too large to upload" in response.get_data(as_text=True)
    assert count(School) == 0


def test_figures_page_without_data(board_client):
    response = board_client.get("/data/metrics")
    assert response.status_code == 200
    assert "No pupil-level attendance data has been loaded yet" in response.get_data(as_text=True)


def test_figures_page_shows_the_measures_grouped(data_client, board_client):
    register = (
        MARKS_HEADER
        + marks("P1", "100001", WEEK_1, "/////////E")
        + marks("P4", "100002", WEEK_1, "/O")
    )
    for kind, text in (("schools", SCHOOLS), ("pupils", PUPILS), ("marks", register)):
        assert send(data_client, kind, text).status_code == 302
    response = board_client.get("/data/metrics?year=2022/23&term=autumn&by=phase")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "2022/23, autumn term" in page
    assert ">primary</th>" in page
    assert ">secondary</th>" in page
    # One pupil in each phase: every figure is confidential (see test_small_numbers.py).
    assert ">10.0<" not in page and ">50.0<" not in page
    assert page.count('<abbr title="confidential: fewer than 5 pupils">c</abbr>') == 2 * 9
    assert "c: confidential. Figures about fewer than 5 pupils" in page
    assert "Synthetic data" not in page


def test_synthetic_data_is_labelled(data_client, board_client):
    for kind, text in (("schools", SCHOOLS), ("pupils", PUPILS)):
        assert send(data_client, kind, text).status_code == 302
    enrolment = db.session.scalar(select(Enrolment.id).where(Enrolment.pupil_id == "P1"))
    frame = pd.DataFrame(
        [
            {
                "enrolment_id": enrolment,
                "week_start": date(2022, 9, 5),
                "possible": 10,
                "present": 9,
                "aea": 0,
                "authorised": 1,
                "unauthorised": 0,
            }
        ]
    )
    with unit_of_work():
        write_weeks(frame=frame, source="synthetic")
    page = board_client.get("/data/metrics").get_data(as_text=True)
    assert "Synthetic data" in page
    assert "(synthetic)" in page


def test_the_upload_page_takes_files_above_the_app_wide_request_limit(app, people):
    import io

    from tests.conftest import signed_in_client

    app.config["MAX_CONTENT_LENGTH"] = 1024  # the app-wide limit, for evidence files
    app.config["MAX_UPLOAD_IMPORT_BYTES"] = 1024 * 1024
    client = signed_in_client(app, people["data"])
    body = "urn,name,phase,locality\n" + "".join(
        f"{100000 + n},School {n},primary,North\n" for n in range(200)
    )
    assert len(body) > 1024
    response = client.post(
        "/data/imports",
        data={"kind": "schools", "upload": (io.BytesIO(body.encode()), "schools.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]

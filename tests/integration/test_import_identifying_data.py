"""Pupil files carrying identifying data are refused whole, through `flask import-data` and
the upload page, with the line and column named and the value itself never shown."""

from __future__ import annotations

import io
import logging

import pandas as pd
import pytest
from sqlalchemy import func, select

from tests.integration.attendance_files import (
    MARKS_HEADER,
    PUPILS,
    PUPILS_HEADER,
    SCHOOLS,
    SUMMARIES_HEADER,
    write,
)
from tracker.extensions import db
from tracker.models import AttendanceWeek, DataImport, Enrolment

UPN = "A123456789012"
TEMPORARY_UPN = "X00180001701A"
EMAIL = "jane.smith@school.example"
NAME = "Jane Smith"
IDENTIFYING = (UPN, TEMPORARY_UPN, EMAIL, NAME)


def run(app, *args):
    return app.test_cli_runner().invoke(args=[str(arg) for arg in args])


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def imports_of(kind: str) -> int:
    return db.session.scalar(
        select(func.count()).select_from(DataImport).where(DataImport.kind == kind)
    )


def assert_not_shown(text: str) -> None:
    for value in IDENTIFYING:
        assert value not in text
    assert "Jane" not in text and "Smith" not in text


@pytest.fixture
def schools(app, tmp_path):
    result = run(app, "import-data", "schools", write(tmp_path, "schools.csv", SCHOOLS))
    assert result.exit_code == 0, result.output
    return app


def test_identifying_pupil_ids_are_refused_by_line_and_column(schools, tmp_path, caplog):
    text = PUPILS_HEADER + (
        "2022/23,P1,100001,3,F,Y,N,WBRI,,N\n"
        f"2022/23,{UPN},100001,3,F,Y,N,WBRI,,N\n"
        f"2022/23,{TEMPORARY_UPN},100001,4,M,N,N,WBRI,,N\n"
        f"2022/23,{EMAIL},100001,5,F,N,N,WBRI,,N\n"
        f'2022/23,"{NAME}",100001,6,M,N,N,WBRI,,N\n'
    )
    with caplog.at_level(logging.DEBUG):
        result = run(schools, "import-data", "pupils", write(tmp_path, "p.csv", text))
    assert result.exit_code == 1
    output = result.output
    assert "has 4 problems; nothing was imported" in output
    assert "line 3, column pupil_id: the pupil ID has the form of a Unique Pupil Number" in output
    assert "line 4, column pupil_id: the pupil ID has the form of a Unique Pupil Number" in output
    assert "line 5, column pupil_id: the pupil ID looks like an email address" in output
    assert "line 6, column pupil_id: the pupil ID has a space in it" in output
    assert_not_shown(output)
    assert_not_shown(caplog.text)
    # All or nothing: the good row on line 2 is not imported either.
    assert count(Enrolment) == 0
    assert imports_of("pupils") == 0


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("marks", MARKS_HEADER + f"{UPN},100001,2022-09-05,AM,/\nP1,100001,2022-09-05,PM,/\n"),
        (
            "summaries",
            SUMMARIES_HEADER
            + f"2022/23,autumn,{EMAIL},100001,10,10,0,0,0\n2022/23,autumn,P1,100001,10,9,0,1,0\n",
        ),
    ],
)
def test_marks_and_summaries_refuse_them_too(schools, tmp_path, kind, text):
    result = run(schools, "import-data", "pupils", write(tmp_path, "p.csv", PUPILS))
    assert result.exit_code == 0, result.output
    result = run(schools, "import-data", kind, write(tmp_path, f"{kind}.csv", text))
    assert result.exit_code == 1
    assert "line 2, column pupil_id: the pupil ID" in result.output
    # The identifying ID's own problem is the only one: not also "no enrolment".
    assert "has 1 problem; nothing was imported" in result.output
    assert_not_shown(result.output)
    assert count(AttendanceWeek) == 0
    assert imports_of(kind) == 0


@pytest.mark.parametrize(
    "extra", ["Surname", "first name", "Date of birth", "DOB", "Postcode", "Address line 1", "UPN"]
)
def test_a_column_of_identifying_data_is_refused_even_if_unused(schools, tmp_path, extra):
    header = PUPILS_HEADER.rstrip("\n") + f",{extra}\n"
    text = header + "2022/23,P1,100001,3,F,Y,N,WBRI,,N,Smith\n"
    result = run(schools, "import-data", "pupils", write(tmp_path, "p.csv", text))
    assert result.exit_code == 1
    assert "1 column of identifying data about pupils; nothing was imported" in result.output
    assert f"line 1, column {extra}: this column holds identifying data" in result.output
    assert "Smith" not in result.output
    assert count(Enrolment) == 0


def test_an_xlsx_with_a_name_column_is_refused(schools, tmp_path):
    path = tmp_path / "pupils.xlsx"
    pd.DataFrame(
        [["2022/23", "P1", "100001", "3", "F", "Y", "N", "WBRI", "", "N", "Jane", "Smith"]],
        columns=[*PUPILS_HEADER.strip().split(","), "Forename", "Surname"],
    ).to_excel(path, index=False)
    result = run(schools, "import-data", "pupils", path)
    assert result.exit_code == 1
    assert "2 columns of identifying data" in result.output
    assert "line 1, column Forename:" in result.output
    assert "line 1, column Surname:" in result.output
    assert_not_shown(result.output)
    assert count(Enrolment) == 0


def test_a_schools_file_keeps_its_name_column(app, tmp_path):
    # A school's name is not personal data: only pupil files are checked for names.
    result = run(app, "import-data", "schools", write(tmp_path, "schools.csv", SCHOOLS))
    assert result.exit_code == 0, result.output


def send(client, kind, text, name="file.csv"):
    data = {"kind": kind, "upload": (io.BytesIO(text.encode()), name)}
    return client.post("/data/imports", data=data, content_type="multipart/form-data")


def test_the_upload_page_refuses_identifying_ids_without_showing_them(data_client):
    assert send(data_client, "schools", SCHOOLS).status_code == 302
    text = PUPILS_HEADER + (
        f"2022/23,{UPN},100001,3,F,Y,N,WBRI,,N\n2022/23,{EMAIL},100001,3,F,Y,N,WBRI,,N\n"
    )
    response = send(data_client, "pupils", text)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "govuk-error-summary" in page
    assert "The file has 2 problems; nothing was imported" in page
    assert "the pupil ID has the form of a Unique Pupil Number" in page
    assert "the pupil ID looks like an email address" in page
    assert_not_shown(page)
    assert count(Enrolment) == 0
    assert imports_of("pupils") == 0


def test_the_upload_page_refuses_a_date_of_birth_column(data_client):
    assert send(data_client, "schools", SCHOOLS).status_code == 302
    header = PUPILS_HEADER.rstrip("\n") + ",date_of_birth\n"
    response = send(
        data_client, "pupils", header + "2022/23,P1,100001,3,F,Y,N,WBRI,,N,2015-03-02\n"
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "1 column of identifying data about pupils; nothing was imported" in page
    assert "this column holds identifying data" in page
    assert "2015-03-02" not in page
    assert count(Enrolment) == 0

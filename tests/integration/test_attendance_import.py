"""`flask import-data`: every kind, all or nothing, every problem by line and column, re-imports
replace, the size limit."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import func, select

from tests.integration.attendance_files import (
    MARKS_HEADER,
    PUPILS,
    PUPILS_HEADER,
    SCHOOLS,
    SUMMARIES_HEADER,
    marks,
    school_days,
    write,
)
from tracker.extensions import db
from tracker.models import AttendanceWeek, DataImport, Enrolment, School

AUTUMN_WEEK_1 = school_days(date(2022, 9, 5), date(2022, 9, 9))
AUTUMN_WEEK_2 = school_days(date(2022, 9, 12), date(2022, 9, 16))


def run(app, *args):
    return app.test_cli_runner().invoke(args=[str(arg) for arg in args])


def imported(app, tmp_path, kind, text, name=None):
    result = run(app, "import-data", kind, write(tmp_path, name or f"{kind}.csv", text))
    assert result.exit_code == 0, result.output
    return result


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def weeks() -> list[tuple]:
    rows = db.session.execute(
        select(
            Enrolment.pupil_id,
            School.urn,
            AttendanceWeek.week_start,
            AttendanceWeek.possible,
            AttendanceWeek.present,
            AttendanceWeek.aea,
            AttendanceWeek.authorised,
            AttendanceWeek.unauthorised,
            AttendanceWeek.source,
        )
        .join(Enrolment, AttendanceWeek.enrolment_id == Enrolment.id)
        .join(School, Enrolment.school_id == School.id)
        .order_by(Enrolment.pupil_id, School.urn, AttendanceWeek.week_start)
    )
    return [tuple(row) for row in rows]


@pytest.fixture
def enrolled(app, tmp_path):
    imported(app, tmp_path, "schools", SCHOOLS)
    imported(app, tmp_path, "pupils", PUPILS)
    return app


def test_schools_import_then_reimport_updates_in_place(app, tmp_path):
    result = imported(app, tmp_path, "schools", SCHOOLS)
    assert "3 schools: 3 added, 0 updated" in result.output
    edited = SCHOOLS.replace("Hill Primary", "Hill Church Primary")
    result = imported(app, tmp_path, "schools", edited)
    assert "3 schools: 0 added, 1 updated" in result.output
    assert count(School) == 3
    school = db.session.scalar(select(School).where(School.urn == "100001"))
    assert (school.name, school.phase, school.locality.name) == (
        "Hill Church Primary",
        "primary",
        "North",
    )


def test_every_bad_row_is_reported_by_line_and_column_and_nothing_is_written(app, tmp_path):
    bad = (
        "urn,name,phase,locality\n"
        "100001,Hill Primary,primary,North\n"
        "12,Tiny,primary,North\n"
        "100003,,nursery,Atlantis\n"
        "100001,Again,primary,North\n"
    )
    result = run(app, "import-data", "schools", write(tmp_path, "schools.csv", bad))
    assert result.exit_code == 1
    assert "has 5 problems; nothing was imported" in result.output
    assert "line 3, column urn: the URN must be the school's 6-digit number" in result.output
    assert "line 4, column name: the school name is blank" in result.output
    assert "line 4, column phase: the phase must be one of primary" in result.output
    assert "line 4, column locality: 'Atlantis' is not one of the localities" in result.output
    assert "line 5, column urn: this URN is already in the file" in result.output
    assert count(School) == 0
    assert count(DataImport) == 0


def test_a_missing_column_is_reported_on_the_header_line(app, tmp_path):
    result = run(app, "import-data", "schools", write(tmp_path, "s.csv", "urn,name\n1,A\n"))
    assert result.exit_code == 1
    assert "no phase, locality columns" in result.output
    assert "line 1, column phase: this column is missing" in result.output


def test_rows_with_the_wrong_number_of_fields_are_reported_by_line(app, tmp_path):
    text = "urn,name,phase,locality\n100001,A,primary,North\n\n100002,B,primary\n"
    result = run(app, "import-data", "schools", write(tmp_path, "s.csv", text))
    assert result.exit_code == 1
    assert "line 4: this row has 3 fields; the header has 4" in result.output


def test_blank_lines_keep_line_numbers_as_the_user_sees_them(app, tmp_path):
    text = "urn,name,phase,locality\n100001,A,primary,North\n\n,,,\n100002,B,nursery,North\n"
    result = run(app, "import-data", "schools", write(tmp_path, "s.csv", text))
    assert "line 5, column phase" in result.output


def test_headers_are_matched_without_case_or_spaces_and_extra_columns_are_ignored(app, tmp_path):
    text = " URN ,Name,Phase,Locality,Notes\n100001, Hill ,All-through,north,x\n"
    imported(app, tmp_path, "schools", text)
    school = db.session.scalar(select(School))
    assert (school.name, school.phase) == ("Hill", "all-through")


def test_xlsx_files_are_read_like_csv(app, tmp_path):
    path = tmp_path / "schools.xlsx"
    pd.DataFrame(
        [["100001", "Hill", "primary", "North"], ["", "", "", ""], ["100002", "Vale", "x", "West"]],
        columns=["urn", "name", "phase", "locality"],
    ).to_excel(path, index=False)
    result = run(app, "import-data", "schools", path)
    assert result.exit_code == 1
    assert "line 4, column phase" in result.output


def test_other_file_types_and_unknown_kinds_are_refused(app, tmp_path):
    result = run(app, "import-data", "schools", write(tmp_path, "s.txt", SCHOOLS))
    assert result.exit_code == 1
    assert "not a CSV or XLSX file" in result.output
    result = run(app, "import-data", "planets", write(tmp_path, "s.csv", SCHOOLS))
    assert result.exit_code != 0
    assert "'planets' is not a kind of import" in result.output


def test_a_file_over_the_size_limit_is_refused(app, tmp_path):
    app.config["MAX_IMPORT_BYTES"] = 50
    result = run(app, "import-data", "schools", write(tmp_path, "s.csv", SCHOOLS))
    assert result.exit_code == 1
    assert "files over 0.0 MB cannot be imported" in result.output
    assert count(School) == 0


def test_pupils_reimport_is_the_whole_roll_of_each_school_for_that_year(enrolled, tmp_path):
    assert count(Enrolment) == 5
    imported(enrolled, tmp_path, "marks", MARKS_HEADER + marks("P1", "100001", AUTUMN_WEEK_1, "/"))
    again = PUPILS_HEADER + (
        "2022/23,P1,100001,3,F,N,N,WBRI,,N\n"  # FSM changed
        "2022/23,P5,100001,4,M,N,N,WBRI,,N\n"  # new; P2 has left
    )
    result = imported(enrolled, tmp_path, "pupils", again)
    assert "2 enrolments: 1 added, 1 updated, 1 removed" in result.output
    pupils = db.session.execute(
        select(Enrolment.pupil_id, School.urn, Enrolment.fsm)
        .join(School)
        .order_by(Enrolment.pupil_id, School.urn)
    ).all()
    assert [tuple(p) for p in pupils] == [
        ("P1", "100001", False),
        ("P3", "100002", False),
        ("P4", "100002", True),
        ("P4", "100003", True),
        ("P5", "100001", False),
    ]
    # The continuing pupil keeps the attendance already loaded.
    assert [w[0] for w in weeks()] == ["P1"]


def test_pupil_rows_are_checked_column_by_column(enrolled, tmp_path):
    bad = PUPILS_HEADER + (
        "2022/24,P1,999999,15,X,maybe,Q,white,CP,?\n2022/23,P1,100001,3,F,Y,N,WBRI,,N\n"
        "2022/23,P1,100001,3,F,Y,N,WBRI,,N\n"
    )
    result = run(enrolled, "import-data", "pupils", write(tmp_path, "p.csv", bad))
    assert result.exit_code == 1
    for column in (
        "academic_year",
        "urn",
        "year_group",
        "sex",
        "fsm",
        "sen",
        "ethnicity",
        "social_care",
        "young_carer",
    ):
        assert f"line 2, column {column}:" in result.output
    assert "no school has URN 999999: import the schools file first" in result.output
    assert "line 4, column pupil_id: this pupil is already in the file" in result.output
    assert count(Enrolment) == 5


def test_marks_are_added_up_by_week_and_code_class(enrolled, tmp_path):
    text = MARKS_HEADER + marks("P1", "100001", AUTUMN_WEEK_1, ["/", "L", "B", "C", "O", "#"])
    imported(enrolled, tmp_path, "marks", text)
    # / L B C O # / L B C: present 4, aea 2, authorised 2, unauthorised 1, 1 not possible
    assert weeks() == [("P1", "100001", date(2022, 9, 5), 9, 4, 2, 2, 1, "marks")]
    entry = db.session.scalar(select(DataImport).where(DataImport.kind == "marks"))
    assert (entry.kind, entry.rows, entry.academic_year) == ("marks", 10, "2022/23")


def test_an_id_written_with_spaces_is_the_same_pupil_and_school(enrolled, tmp_path):
    # Found by the import fuzz: " P1" and "P1" were two values that met in one enrolment.
    text = MARKS_HEADER + (
        "P1,100001,2022-09-05,AM,/\n"
        " P1 ,100001,2022-09-05,PM,N\n"
        "P1, 100001 ,2022-09-06,AM,/\n"
        "P1,100001,2022-09-06, PM ,/\n"
    )
    imported(enrolled, tmp_path, "marks", text)
    assert weeks() == [("P1", "100001", date(2022, 9, 5), 4, 3, 0, 0, 1, "marks")]


@pytest.mark.parametrize(
    "again",
    [
        " P1,100001 ,2022-09-05,AM,N",  # found by the import fuzz: spaces round the IDs
        "P1,100001,05/09/2022,AM,N",  # the same day written the other accepted way
    ],
)
def test_a_session_written_again_another_way_is_still_a_repeat(enrolled, tmp_path, again):
    text = MARKS_HEADER + f"P1,100001,2022-09-05,AM,/\n{again}\n"
    result = run(enrolled, "import-data", "marks", write(tmp_path, "m.csv", text))
    assert result.exit_code == 1
    assert "line 3, column session: this pupil already has a mark for this session" in (
        result.output
    )
    assert count(AttendanceWeek) == 0


def test_dates_written_both_ways_add_up_in_one_week(enrolled, tmp_path):
    text = MARKS_HEADER + "P1,100001,2022-09-05,AM,/\nP1,100001,05/09/2022,PM,N\n"
    imported(enrolled, tmp_path, "marks", text)
    assert weeks() == [("P1", "100001", date(2022, 9, 5), 2, 1, 0, 0, 1, "marks")]


def test_reimporting_the_same_weeks_replaces_them(enrolled, tmp_path):
    first = MARKS_HEADER + marks("P1", "100001", AUTUMN_WEEK_1 + AUTUMN_WEEK_2, "/")
    imported(enrolled, tmp_path, "marks", first)
    second = MARKS_HEADER + marks("P1", "100001", AUTUMN_WEEK_2, "N")
    imported(enrolled, tmp_path, "marks", second)
    assert [(w[2], w[3], w[7]) for w in weeks()] == [
        (date(2022, 9, 5), 10, 0),
        (date(2022, 9, 12), 10, 10),
    ]


def test_mark_problems_are_all_reported(enrolled, tmp_path):
    text = MARKS_HEADER + (
        "P1,100001,2022-09-05,AM,/\n"
        "P1,100001,2022-09-05,AM,L\n"  # the same session again
        "P1,100001,05/09/2022,PM,A\n"  # unknown code; UK-style date is fine
        "P9,100001,2022-09-06,AM,/\n"  # not enrolled
        "P1,100002,2022-09-06,AM,/\n"  # not enrolled at that school
        "P1,100001,2022-13-01,AM,/\n"  # bad date
        "P1,100001,2022-09-07,EVE,/\n"  # bad session
        "P3,100002,2024-09-02,AM,H\n"  # withdrawn code after 19 August 2024
        ",100001,2022-09-08,AM,/\n"
    )
    result = run(enrolled, "import-data", "marks", write(tmp_path, "m.csv", text))
    assert result.exit_code == 1
    output = result.output
    assert "line 3, column session: this pupil already has a mark for this session" in output
    assert "line 4, column code: 'A' is not a register code" in output
    assert "line 5, column pupil_id: this pupil has no enrolment at this URN" in output
    assert "line 6, column pupil_id: this pupil has no enrolment at this URN" in output
    assert "line 7, column date: the date must be written like 2023-09-04" in output
    assert "line 8, column session: the session must be AM or PM" in output
    assert "line 9, column code: code H was withdrawn on 19 August 2024" in output
    assert "line 10, column pupil_id: the pupil ID is blank" in output
    assert count(AttendanceWeek) == 0


def test_withdrawn_codes_count_before_the_change(enrolled, tmp_path):
    pupils = PUPILS_HEADER + "2023/24,P1,100001,4,F,Y,N,WBRI,,N\n"
    imported(enrolled, tmp_path, "pupils", pupils)
    text = MARKS_HEADER + "P1,100001,2024-07-15,AM,H\nP1,100001,2024-07-15,PM,J\n"
    imported(enrolled, tmp_path, "marks", text)
    assert [(w[3], w[5], w[6]) for w in weeks()] == [(2, 1, 1)]


def test_problems_are_listed_up_to_a_thousand_and_the_rest_counted(enrolled, tmp_path):
    days = school_days(date(2022, 9, 5), date(2023, 7, 14))
    assert len(days) == 225
    text = MARKS_HEADER + "".join(
        marks(pupil, urn, days, "A")
        for pupil, urn in (("P1", "100001"), ("P2", "100001"), ("P3", "100002"))
    )
    result = run(enrolled, "import-data", "marks", write(tmp_path, "m.csv", text))
    assert result.exit_code == 1
    assert "has 1,350 problems" in result.output
    assert "... and 350 more problems not listed" in result.output
    assert result.output.count("is not a register code") == 1000


def test_summaries_replace_a_term_and_marks_replace_a_summary(enrolled, tmp_path):
    imported(enrolled, tmp_path, "marks", MARKS_HEADER + marks("P1", "100001", AUTUMN_WEEK_1, "/"))
    summary = SUMMARIES_HEADER + "2022/23,autumn,P1,100001,140,120,4,10,6\n"
    result = imported(enrolled, tmp_path, "summaries", summary)
    assert "1 term totals for 1 school terms" in result.output
    assert weeks() == [("P1", "100001", date(2022, 9, 5), 140, 120, 4, 10, 6, "summary")]
    imported(enrolled, tmp_path, "summaries", summary.replace(",6\n", ",5\n"))
    assert [w[7] for w in weeks()] == [5]
    imported(enrolled, tmp_path, "marks", MARKS_HEADER + marks("P1", "100001", AUTUMN_WEEK_2, "/"))
    assert [(w[2], w[8]) for w in weeks()] == [(date(2022, 9, 12), "marks")]


def test_summary_problems_are_reported(enrolled, tmp_path):
    bad = SUMMARIES_HEADER + (
        "2022/23,winter,P1,100001,10,10,0,0,0\n"
        "2030/31,autumn,P1,100001,10,10,0,0,0\n"
        "2022/23,autumn,P1,100001,10,9,0,1,1\n"
        "2022/23,autumn,P1,100001,ten,-1,0,0,0\n"
    )
    result = run(enrolled, "import-data", "summaries", write(tmp_path, "s.csv", bad))
    assert result.exit_code == 1
    output = result.output
    assert "line 2, column term: the term must be one of autumn, spring, summer" in output
    assert "line 3, column term: this term is not set up" in output
    assert "line 3, column pupil_id: this pupil has no enrolment" in output
    assert "line 4, column sessions_possible: present, approved activity and absence" in output
    assert "line 5, column sessions_possible: must be a whole number" in output
    assert "line 5, column sessions_present: must be a whole number" in output
    assert "line 5, column pupil_id: this pupil already has a row" in output
    assert count(AttendanceWeek) == 0


def test_marks_in_xlsx_with_real_date_cells_are_read(app, tmp_path):
    from datetime import datetime

    imported(app, tmp_path, "schools", SCHOOLS)
    imported(app, tmp_path, "pupils", PUPILS)
    path = tmp_path / "marks.xlsx"
    pd.DataFrame(
        [
            ["P1", "100001", datetime(2022, 9, 5), "AM", "/"],
            ["P1", "100001", datetime(2022, 9, 5), "PM", "N"],
        ],
        columns=["pupil_id", "urn", "date", "session", "code"],
    ).to_excel(path, index=False)
    result = run(app, "import-data", "marks", path)
    assert result.exit_code == 0, result.output
    assert count(AttendanceWeek) == 1

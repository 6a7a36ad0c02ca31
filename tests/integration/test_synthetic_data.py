"""`flask generate-marks` writes files the importer takes; the demo's synthetic attendance."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from tracker.data.attendance_metrics import compute_metrics, data_sources
from tracker.data.demo.attendance import seed_demo_attendance
from tracker.data.transaction import unit_of_work
from tracker.extensions import db
from tracker.models import AttendanceWeek, DataImport, Enrolment, School


def run(app, *args):
    return app.test_cli_runner().invoke(args=[str(arg) for arg in args])


def test_generated_files_import_and_give_figures(app, tmp_path):
    marks = tmp_path / "out" / "marks.csv"
    result = run(app, "generate-marks", "--year", "2022/23", "--pupils", "300", "-o", marks)
    assert result.exit_code == 0, result.output
    assert "Marks:" in result.output
    first = marks.read_bytes()
    for kind in ("schools", "pupils"):
        imported = run(app, "import-data", kind, tmp_path / "out" / f"marks.{kind}.csv")
        assert imported.exit_code == 0, imported.output
    imported = run(app, "import-data", "marks", marks)
    assert imported.exit_code == 0, imported.output
    (row,) = compute_metrics(academic_year="2022/23")["rows"]
    assert 250 < row["enrolments"] < 300
    assert 3 < row["overall_absence_rate"] < 14
    assert data_sources(academic_year="2022/23") == ["marks"]
    # The same arguments give the same file.
    assert (
        run(app, "generate-marks", "--year", "2022/23", "--pupils", "300", "-o", marks).exit_code
        == 0
    )
    assert marks.read_bytes() == first


def test_generate_marks_explains_a_bad_year(app, tmp_path):
    result = run(app, "generate-marks", "--year", "2022", "-o", tmp_path / "m.csv")
    assert result.exit_code == 2
    assert "write the year like 2022/23" in result.output


def test_demo_attendance_up_to_today_and_again(app):
    with unit_of_work():
        lines = seed_demo_attendance(today=date(2023, 10, 6), pupils=400)
    assert [line.split(":")[0] for line in lines] == [
        "Synthetic attendance 2022/23",
        "Synthetic attendance 2023/24",
    ]
    assert db.session.scalar(select(func.count()).select_from(School)) == 160
    latest = db.session.scalar(select(func.max(AttendanceWeek.week_start)))
    assert latest == date(2023, 10, 2)
    assert data_sources(academic_year="2023/24") == ["synthetic"]
    result = compute_metrics(academic_year="2023/24", by=["locality"])
    assert result["sources"] == ["synthetic"]
    assert len(result["rows"]) == 6
    before = db.session.scalar(select(func.count()).select_from(AttendanceWeek))

    with unit_of_work():
        assert seed_demo_attendance(today=date(2023, 10, 6), pupils=400) == [
            "Synthetic attendance: already up to date"
        ]
    assert db.session.scalar(select(func.count()).select_from(AttendanceWeek)) == before

    with unit_of_work():
        lines = seed_demo_attendance(today=date(2023, 10, 13), pupils=400)
    assert [line.split(":")[0] for line in lines] == ["Synthetic attendance 2023/24"]
    assert db.session.scalar(select(func.max(AttendanceWeek.week_start))) == date(2023, 10, 9)
    enrolments = db.session.scalar(
        select(func.count()).select_from(Enrolment).where(Enrolment.academic_year == "2023/24")
    )
    assert 400 <= enrolments < 420
    assert (
        db.session.scalar(
            select(func.count()).select_from(DataImport).where(DataImport.kind == "demo")
        )
        == 3
    )

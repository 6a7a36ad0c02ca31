"""The Reports pages, the report command and the training records form."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tracker.data.terms import get_term
from tracker.data.transaction import unit_of_work
from tracker.extensions import db
from tracker.models import HistoryEntry, TrainingRecord

TRAINING = "/reports/training/2023-24-spring"


def run(app, *args):
    return app.test_cli_runner().invoke(args=[str(arg) for arg in args])


def test_choosing_a_report_leads_to_its_preview(board_client):
    page = board_client.get("/reports")
    assert page.status_code == 200 and b"Which report?" in page.data
    answer = board_client.get("/reports?kind=education-board&term=2023-24-spring")
    assert answer.headers["Location"].endswith("/reports/education-board/2023-24-spring")
    weekly = board_client.get(
        "/reports?kind=leadership-weekly&week_ending=17&week_ending=1&week_ending=2024"
    )
    # Any day of the week: the update is for the week ending on its Friday.
    assert weekly.headers["Location"].endswith("/reports/leadership-weekly/2024-01-17")
    assert (
        board_client.get("/reports/leadership-weekly/2024-01-17")
        .headers["Location"]
        .endswith("/reports/leadership-weekly/2024-01-19")
    )


def test_a_bad_choice_gets_govuk_errors(board_client):
    answer = board_client.get("/reports?kind=leadership-weekly")
    assert answer.status_code == 400
    assert b"govuk-error-summary" in answer.data
    assert b"Enter the week-ending date" in answer.data
    answer = board_client.get("/reports?kind=education-board&term=1999-00-autumn")
    assert answer.status_code == 400 and b"Select a term from the list" in answer.data


def test_unknown_reports_and_formats_are_not_found(board_client):
    assert board_client.get("/reports/annual/2023-24-spring").status_code == 404
    assert board_client.get("/reports/education-board/2099-00-autumn").status_code == 404
    assert board_client.get("/reports/leadership-weekly/not-a-date").status_code == 404
    assert (
        board_client.get("/reports/education-board/2023-24-spring/download/odt").status_code == 404
    )
    assert board_client.get("/reports/submissions/999").status_code == 404


def test_the_preview_shows_the_document_and_its_downloads(board_client):
    page = board_client.get("/reports/education-board/2023-24-spring").data.decode()
    assert "Education Board termly report" in page and "OFFICIAL" in page
    for code in ("html", "pdf", "docx", "xlsx", "md"):
        assert f"/reports/education-board/2023-24-spring/download/{code}" in page
    answer = board_client.get("/reports/education-board/2023-24-spring/download/docx")
    assert answer.status_code == 200
    assert answer.headers["Content-Disposition"].endswith('-v1-draft.docx"')
    assert answer.data[:2] == b"PK"


def test_signed_out_visitors_are_sent_to_sign_in(anonymous_client):
    answer = anonymous_client.get("/reports")
    assert answer.status_code == 302 and "/sign-in" in answer.headers["Location"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("leadership-weekly", "--year", "2023/24", "--week-ending", "2024-01-19"),
            "instead of --year",
        ),
        (("leadership-weekly",), "needs --week-ending"),
        (
            (
                "education-board",
                "--year",
                "2023/24",
                "--term",
                "spring",
                "--week-ending",
                "2024-01-19",
            ),
            "not --week-ending",
        ),
        (("education-board", "--year", "2023/24"), "needs --year"),
        (("education-board", "--year", "2023-24", "--term", "spring"), "written like 2022/23"),
        (("education-board", "--year", "1999/00", "--term", "spring"), "is not set up"),
        (("annual", "--year", "2023/24", "--term", "spring"), "Invalid value"),
        (("leadership-weekly", "--week-ending", "0001-01-01"), "in 2000 or later"),
        (("leadership-weekly", "--week-ending", "9999-12-31"), "not in the future"),
        (("leadership-weekly", "--week-ending", "2099-01-09"), "not in the future"),
    ],
)
def test_the_report_command_explains_bad_combinations(app, tmp_path, args, message):
    result = run(app, "report", *args, "--format", "md", "-o", tmp_path / "out.md")
    assert result.exit_code != 0
    assert message in result.output
    assert not (tmp_path / "out.md").exists()


def test_the_report_command_refuses_a_missing_folder_before_building(app, tmp_path):
    target = tmp_path / "no-such-folder" / "out.md"
    args = ("education-board", "--year", "2023/24", "--term", "spring", "--format", "md")
    result = run(app, "report", *args, "-o", target)
    assert result.exit_code != 0
    assert "does not exist" in result.output
    assert "Traceback" not in result.output


def test_a_future_week_is_refused_on_the_reports_page(manager_client):
    page = manager_client.get(
        "/reports?kind=leadership-weekly&week_ending=9&week_ending=1&week_ending=2099"
    )
    assert page.status_code == 400
    assert b"not in the future" in page.data
    assert manager_client.get("/reports/leadership-weekly/2099-01-09").status_code == 404
    assert manager_client.get("/reports/leadership-weekly/0001-01-01").status_code == 404


@pytest.mark.parametrize(
    ("kind", "period", "code", "magic"),
    [
        ("education-board", ("--year", "2023/24", "--term", "spring"), "docx", b"PK"),
        ("strengthening-services-board", ("--year", "2023/24", "--term", "spring"), "pdf", b"%PDF"),
        ("leadership-weekly", ("--week-ending", "2024-01-19"), "md", b"# Weekly leadership update"),
    ],
)
def test_the_report_command_writes_each_kind(app, tmp_path, kind, period, code, magic):
    path = tmp_path / f"report.{code}"
    result = run(app, "report", kind, *period, "--format", code, "-o", path)
    assert result.exit_code == 0, result.output
    assert path.read_bytes().startswith(magic)


def test_the_service_manager_records_training_with_history(app, people, manager_client):
    page = manager_client.get(TRAINING)
    assert page.status_code == 200 and b"Record training" in page.data
    data = {"tier": "enhanced", "directorate": "Place", "trained": "12", "target": "20"}
    assert manager_client.post(TRAINING, data=data).status_code == 302
    assert manager_client.post(TRAINING, data=data | {"trained": "15"}).status_code == 302
    record = db.session.scalars(select(TrainingRecord)).one()
    assert (record.tier, record.directorate, record.trained, record.target) == (
        "enhanced",
        "Place",
        15,
        20,
    )
    changes = db.session.scalars(
        select(HistoryEntry).where(HistoryEntry.subject == "training").order_by(HistoryEntry.id)
    ).all()
    assert [(c.field, c.old_value, c.new_value) for c in changes] == [
        ("trained", "", "12"),
        ("target", "", "20"),
        ("trained", "12", "15"),
    ]
    page = manager_client.get(TRAINING).data.decode()
    assert "number trained changed from 12 to 15" in page


def test_bad_training_figures_get_govuk_errors_and_change_nothing(app, people, manager_client):
    answer = manager_client.post(
        TRAINING, data={"tier": "", "directorate": "Elsewhere", "trained": "-3", "target": "many"}
    )
    assert answer.status_code == 400
    page = answer.data.decode()
    assert "govuk-error-summary" in page
    for message in (
        "Select the tier of training",
        "Select a directorate from the list",
        "The number trained must be between 0 and 100,000",
        "Enter the target, as a whole number",
    ):
        assert message in page
    assert db.session.scalars(select(TrainingRecord)).first() is None


def test_training_in_a_locked_term_cannot_change(app, people, manager_client):
    with unit_of_work():
        get_term(academic_year="2023/24", name="spring").state = "locked"
    data = {"tier": "universal", "directorate": "Place", "trained": "1", "target": "2"}
    answer = manager_client.post(TRAINING, data=data)
    assert answer.status_code == 400 and b"This term is locked" in answer.data
    assert db.session.scalars(select(TrainingRecord)).first() is None


def test_only_the_service_manager_sees_training(board_client, owner_client):
    for client in (board_client, owner_client):
        assert client.get(TRAINING).status_code == 403
        assert client.post(TRAINING, data={}).status_code == 403

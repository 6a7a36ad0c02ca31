"""Each document in each format, generated from seeded records with approved updates and
opened with a reader: every item of its board, the right statuses, the indicator values,
and the same figures in every format."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.integration.report_data import PLANS, TRAINING, UNAPPROVED, UPDATES
from tests.integration.report_fixtures import WEEK_ENDING, reports_environment  # noqa: F401
from tests.report_readers import READERS, docx_document, normalised, pdf_reader, xlsx_rows
from tracker.data.attendance_metrics import compute_metrics
from tracker.data.boards import board_settings
from tracker.data.plan import get_item
from tracker.domain.reports.formatting import percent
from tracker.domain.reports.layout import Table
from tracker.domain.status import status_for
from tracker.extensions import db
from tracker.models import TrackableItem
from tracker.reports import FORMATS

KINDS = ("education-board", "strengthening-services-board", "leadership-weekly")
EXPECTED = {slug: now for slug, _before, now in UPDATES} | {UNAPPROVED: None}


def refs_of(board: str) -> list[str]:
    settings = board_settings()
    items = db.session.query(TrackableItem).filter(TrackableItem.withdrawn_at.is_(None))
    return [item.ref for item in items if settings.board_for(item.ref) == board]


def texts(env, kind: str) -> dict[str, str]:
    return {code: normalised(read(env.files[(kind, code)])) for code, read in READERS.items()}


@pytest.mark.parametrize("kind", ["education-board", "strengthening-services-board"])
def test_every_trackable_item_of_the_board_is_in_every_format(reports_env, kind):
    with reports_env.app.app_context():
        refs = refs_of(kind)
    assert refs
    for code, text in texts(reports_env, kind).items():
        missing = [ref for ref in refs if not re.search(rf"\b{re.escape(ref)}\b", text)]
        assert not missing, f"{kind} {code} lacks {missing}"


def _expected_statuses(env) -> dict[str, str]:
    with env.app.app_context():
        return {get_item(slug=slug).ref: status_for(code).label for slug, code in EXPECTED.items()}


def _action_tables(content: bytes):
    document = docx_document(content)
    return [t for t in document.tables if t.rows[0].cells[-1].text == "Direction of travel"]


@pytest.mark.parametrize("kind", ["education-board", "strengthening-services-board"])
def test_items_show_their_approved_status_in_every_format(reports_env, kind):
    with reports_env.app.app_context():
        mine = set(refs_of(kind))
    expected = {ref: label for ref, label in _expected_statuses(reports_env).items() if ref in mine}
    assert expected
    word = {
        row.cells[0].text: row.cells[3].text
        for table in _action_tables(reports_env.files[(kind, "docx")])
        for row in table.rows[1:]
    }
    rows = xlsx_rows(reports_env.files[(kind, "xlsx")], "Actions")
    status = next(row for row in rows if row[0] == "Ref").index("Status")
    sheet = {row[0]: row[status] for row in rows}
    markdown = reports_env.files[(kind, "md")].decode()
    html = reports_env.files[(kind, "html")].decode()
    for ref, label in expected.items():
        assert word[ref] == label
        assert sheet[ref] == label
        assert re.search(rf"^\| {re.escape(ref)} \|.*\| {label} \|", markdown, re.M), ref
        row = re.search(
            rf'<th scope="row"><span class="report-nowrap">{re.escape(ref)}</span></th>(.*?)</tr>',
            html,
            re.S,
        )
        assert row and f">{label}</strong>" in row.group(1)


def test_an_update_not_yet_approved_is_not_reported(reports_env):
    for kind in ("education-board", "strengthening-services-board"):
        for code, text in texts(reports_env, kind).items():
            assert "Progress on P1/003" not in text, f"{kind} {code}"


def test_indicator_values_are_the_measures_and_published_benchmarks(reports_env):
    with reports_env.app.app_context():
        measured = compute_metrics(academic_year="2023/24", term="spring")["rows"][0]
    report = reports_env.reports["education-board"]
    overall = next(i for i in report.shared_indicators if i.code == "overall-absence")
    assert overall.value == pytest.approx(measured["overall_absence_rate"])
    england = overall.comparator("national")
    assert england.value is not None and england.period == "2023/24 full year"
    value, national = percent(overall.value), percent(england.value)
    for code, text in texts(reports_env, "education-board").items():
        assert value in text and national in text, code
    sheet = xlsx_rows(reports_env.files[("education-board", "xlsx")], "Indicators")
    row = next(r for r in sheet if r[1] == overall.title)
    assert row[2:4] == [value, national]
    assert row[-2] == overall.status_label


def test_locality_rates_stand_beside_the_authority(reports_env):
    with reports_env.app.app_context():
        by_locality = compute_metrics(academic_year="2023/24", term="spring", by=("locality",))
    rates = {
        r["group"]["locality"]: percent(r["overall_absence_rate"]) for r in by_locality["rows"]
    }
    assert len(rates) == 6
    document = docx_document(reports_env.files[("education-board", "docx")])
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Area")
    shown = {row.cells[0].text: row.cells[2].text for row in table.rows[1:]}
    assert {name: shown[name] for name in rates} == rates
    assert "Dorset" in shown


def _figures(table: Table) -> set[str]:
    return {
        cell.text
        for row in table.rows
        for cell in row
        if cell.value is not None and cell.text != "No data"
    }


@pytest.mark.parametrize("kind", KINDS)
def test_the_same_figures_and_statuses_appear_in_every_format(reports_env, kind):
    document = reports_env.documents[kind]
    figures = set().union(*(_figures(table) for table in document.tables()))
    statuses = {c.text for t in document.tables() for row in t.rows for c in row if c.status}
    assert len(figures) > 10
    for code, text in texts(reports_env, kind).items():
        missing = sorted(value for value in figures | statuses if value not in text)
        assert not missing, f"{kind} {code} lacks {missing[:10]}"


def test_the_weekly_update_gives_the_dfe_measures_of_the_week(reports_env):
    report = reports_env.reports["leadership-weekly"]
    with reports_env.app.app_context():
        week = compute_metrics(academic_year="2023/24", week_ending=date.fromisoformat(WEEK_ENDING))
        phases = compute_metrics(
            academic_year="2023/24", week_ending=date.fromisoformat(WEEK_ENDING), by=("phase",)
        )
    row = week["rows"][0]
    assert report.headline.week.attendance == pytest.approx(row["attendance_rate"])
    assert report.headline.week.persistent == pytest.approx(row["persistent_absence_rate"])
    # The trend's weekly rates, from one grouped query, agree with the measure of the week.
    assert report.trend[-1].week_ending == WEEK_ENDING
    assert report.trend[-1].attendance == pytest.approx(row["attendance_rate"])
    assert report.trend[-1].last_year is not None
    by_phase = {r["group"]["phase"]: r["attendance_rate"] for r in phases["rows"]}
    assert {r.label.lower(): r.week.attendance for r in report.phases} == pytest.approx(by_phase)
    assert [r.label for r in report.localities][:2] == ["North", "Chesil"]
    assert len(report.groups) == 5
    assert report.previous_week_ending == "2024-01-12"
    assert report.last_year_week_ending == "2023-01-20"


def test_the_services_board_report_shows_plans_training_and_vulnerable_groups(reports_env):
    report = reports_env.reports["strengthening-services-board"]
    assert report.plans.value == PLANS["spring"]
    assert [p.values[0] for p in report.plans.trend][-2:] == [PLANS["autumn"], PLANS["spring"]]
    assert [g.label for g in report.groups][:3] == [
        "Children in need",
        "Children on a child protection plan",
        "Children looked after",
    ]
    assert report.groups[0].overall.comparator("national").value is not None
    total = sum(trained for *_, trained, _target in TRAINING)
    document = docx_document(reports_env.files[("strengthening-services-board", "docx")])
    training = next(t for t in document.tables if t.rows[0].cells[0].text == "Directorate")
    last = [cell.text for cell in training.rows[-1].cells]
    assert last[0] == "All directorates" and last[-3] == f"{total:,}"
    for code, text in texts(reports_env, "strengthening-services-board").items():
        assert "81.25%" in text, code


def test_the_weekly_update_fits_on_one_page(reports_env):
    assert len(pdf_reader(reports_env.files[("leadership-weekly", "pdf")]).pages) == 1


def test_every_format_renders_for_every_kind(reports_env):
    for kind in KINDS:
        for code in FORMATS:
            assert len(reports_env.files[(kind, code)]) > 1000, (kind, code)

"""The three documents made from the demo data (`seed --demo`), in every format, read back
with ordinary readers: every trackable item of each board with the status the service
manager approved, and every indicator value, in each format."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import select

from tests.conftest import build_app
from tests.report_readers import READERS, docx_rows, normalised, pdf_reader, xlsx_rows
from tracker.data.boards import board_settings
from tracker.data.report_sources import weeks_with_data
from tracker.data.submissions import build_document, report_request
from tracker.data.terms import current_term, previous_term
from tracker.domain.reports.formatting import figure
from tracker.domain.status import status_for
from tracker.extensions import db
from tracker.models import TrackableItem, Update
from tracker.reports import FORMATS, render_all

TERMLY = ("education-board", "strengthening-services-board")
LABELS = ("No update", "Not started", "Complete", "Green", "Amber", "Red")


@dataclass
class DemoReports:
    app: Flask
    reports: dict
    texts: dict[tuple[str, str], str]
    files: dict[tuple[str, str], bytes]
    statuses: dict[str, str]  # ref -> the approved status's label, or "No update"


def _approved_statuses(term) -> dict[str, str]:
    approved = dict(
        db.session.execute(
            select(Update.item_id, Update.status).where(
                Update.term_id == term.id, Update.state == "approved"
            )
        ).all()
    )
    items = db.session.scalars(select(TrackableItem).where(TrackableItem.withdrawn_at.is_(None)))
    return {item.ref: status_for(approved.get(item.id)).label for item in items}


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Iterator[DemoReports]:
    folder = tmp_path_factory.mktemp("demo-reports")
    app = build_app("sqlite", folder)
    with app.app_context():
        upgrade()
        result = app.test_cli_runner().invoke(args=["seed", "--demo"])
        assert result.exit_code == 0, result.output
        term = previous_term(term=current_term(today=date.today()))
        year = term.academic_year
        week = weeks_with_data(academic_year=year)[-1]
        requests = {kind: report_request(kind=kind, term=term, week_ending=None) for kind in TERMLY}
        requests["leadership-weekly"] = report_request(
            kind="leadership-weekly", term=None, week_ending=week
        )
        reports, files, texts = {}, {}, {}
        for kind, request in requests.items():
            report, document = build_document(
                request=request, presenter="Demo", version=1, final=False
            )
            reports[kind] = report
            for code, content in render_all(document, FORMATS).items():
                files[(kind, code)] = content
                texts[(kind, code)] = normalised(READERS[code](content))
        yield DemoReports(app, reports, texts, files, _approved_statuses(term))
        db.session.remove()
        db.engine.dispose()


def _board_refs(demo: DemoReports, kind: str) -> list[str]:
    with demo.app.app_context():
        settings = board_settings()
        return [ref for ref in demo.statuses if settings.board_for(ref) == kind]


def _ref_pattern(refs) -> re.Pattern:
    # Longest first, so "East and Purbeck/1" is not read as a ref ending "Purbeck/1".
    names = sorted(refs, key=len, reverse=True)
    return re.compile(r"(?<![\w/])(?:" + "|".join(map(re.escape, names)) + r")(?![\w/])")


def _status_after(text: str, ref: str, refs: re.Pattern) -> str | None:
    """The status label in the table row that first names ``ref``: every table that lists
    an item (summary, exceptions, the priority's actions) gives its status in the row."""
    start = re.search(rf"(?<![\w/]){re.escape(ref)}(?![\w/])", text)
    if start is None:
        return None
    rest = text[start.end() :]
    following = refs.search(rest)
    row = rest[: following.start()] if following else rest
    found = [label for label in LABELS if re.search(rf"\b{label}\b", row)]
    return found[0] if found else None


def _statuses_in_rows(rows: list[list[str]]) -> dict[str, str | None]:
    """Word and Excel keep table rows: the status cell of the first row for each ref."""
    found: dict[str, str | None] = {}
    for row in rows:
        if row and row[0] not in found:
            found[row[0]] = next((cell for cell in row if cell in LABELS), None)
    return found


@pytest.mark.parametrize("kind", TERMLY)
@pytest.mark.parametrize("code", FORMATS)
def test_every_item_of_the_board_shows_its_approved_status(demo, kind, code):
    refs = _board_refs(demo, kind)
    assert len(refs) > (40 if kind == "education-board" else 3)
    if code in ("docx", "xlsx"):
        content = demo.files[(kind, code)]
        rows = docx_rows(content) if code == "docx" else xlsx_rows(content, "Actions")
        in_rows = _statuses_in_rows(rows)
        found = {ref: in_rows.get(ref) for ref in refs}
    else:
        text = demo.texts[(kind, code)]
        pattern = _ref_pattern(demo.statuses)
        found = {ref: _status_after(text, ref, pattern) for ref in refs}
    wrong = {
        ref: (demo.statuses[ref], found[ref]) for ref in refs if found[ref] != demo.statuses[ref]
    }
    assert not wrong, f"{kind} {code}: expected and found {wrong}"


def test_the_statuses_are_a_real_mix(demo):
    # The check above would prove little if every item had the same status.
    assert len(set(demo.statuses.values())) >= 3


@pytest.mark.parametrize("kind", TERMLY)
@pytest.mark.parametrize("code", FORMATS)
def test_every_indicator_value_is_in_every_format(demo, kind, code):
    report = demo.reports[kind]
    if kind == "education-board":
        indicators = [i for section in report.priorities for i in section.indicators]
    else:
        indicators = [report.plans] + [i for g in report.groups for i in (g.overall, g.persistent)]
    values = {figure(i.value, i.unit) for i in indicators if i.value is not None}
    assert len(values) >= 3
    missing = sorted(value for value in values if value not in demo.texts[(kind, code)])
    assert not missing, f"{kind} {code} lacks {missing}"


@pytest.mark.parametrize("code", FORMATS)
def test_the_weekly_update_shows_the_week_in_every_format(demo, code):
    report = demo.reports["leadership-weekly"]
    rows = (*report.phases, *report.localities, *report.groups)
    # A phase with fewer than 5 pupils in the week (and the next smallest with it) is shown
    # as "c", confidential: every other group has its figure.
    confidential = [row for row in rows if "attendance" in row.week.suppressed]
    assert len(confidential) < len(rows) // 2
    figures = [
        report.headline.week.attendance,
        report.headline.previous_week.attendance,
        report.headline.last_year_week.attendance,
        report.headline.year_to_date.persistent,
        *(row.week.attendance for row in rows if row not in confidential),
    ]
    assert all(value is not None for value in figures)
    text = demo.texts[("leadership-weekly", code)]
    if confidential:
        assert "c: confidential" in text
    missing = [figure(value, "%") for value in figures if figure(value, "%") not in text]
    assert not missing, f"{code} lacks {missing}"


def test_the_weekly_update_of_the_demo_fits_on_one_page(demo):
    report = demo.reports["leadership-weekly"]
    assert len(report.phases) >= 6 and len(report.localities) == 6
    assert len(pdf_reader(demo.files[("leadership-weekly", "pdf")]).pages) == 1

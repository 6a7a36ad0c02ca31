"""Assembling the board reports from plain facts: what each says, decided without a database."""

from __future__ import annotations

import dataclasses
import json

from tests.unit.report_samples import (
    education_board_report,
    services_board_report,
    weekly_report,
)
from tracker.domain.reports.assembly import week_figures
from tracker.domain.reports.documents import document_for, file_stem, sha256_hex, snapshot_json
from tracker.domain.reports.model import NO_FIGURES


def test_the_education_board_counts_only_its_own_items():
    report = education_board_report()
    # P1/008 is the Strengthening Services Board's: not counted, named as reported there.
    assert report.summary.total == 4
    priority_1 = report.priorities[0]
    assert [a.ref for a in priority_1.actions] == ["P1/001", "P1/002"]
    assert priority_1.elsewhere == ("P1/008",)
    assert priority_1.elsewhere_board == "Strengthening Services Board"


def test_statuses_directions_and_persistence_come_from_the_approved_history():
    report = education_board_report()
    items = {a.ref: a for s in report.priorities for a in s.actions}
    assert (items["P1/001"].status, items["P1/001"].direction) == ("green", "better")
    assert (items["P1/002"].status, items["P1/002"].direction) == ("red", "worse")
    assert items["P2/001"].status_label == "No update"
    assert items["P2/001"].direction == "no_comparison"
    counts = {c.code: c.count for c in report.summary.overall}
    assert counts == {
        "red": 1,
        "amber": 1,
        "green": 1,
        "complete": 0,
        "not_started": 0,
        "no_update": 1,
    }
    directions = {d.code: d.count for d in report.summary.directions}
    assert directions == {"better": 2, "same": 0, "worse": 1, "no_comparison": 1}
    # Red or Amber two terms running: P1/002 (amber, red) and North/1 (red, amber).
    assert [i.ref for i in report.summary.persistent] == ["P1/002", "North/1"]


def test_achievements_need_recorded_impact_and_exceptions_put_red_first():
    summary = education_board_report().summary
    assert [i.ref for i in summary.achievements] == ["P1/001"]
    assert [(i.ref, i.status) for i in summary.exceptions] == [
        ("P1/002", "red"),
        ("North/1", "amber"),
    ]
    assert summary.exceptions[0].mitigation == "Extra staff from May."


def test_indicators_shared_by_every_priority_are_set_apart():
    report = education_board_report()
    assert [i.code for i in report.shared_indicators] == ["overall-absence"]
    assert [i.code for i in report.priorities[1].indicators] == ["overall-absence"]


def test_the_services_board_report_holds_only_its_actions():
    report = services_board_report()
    assert [a.ref for a in report.actions] == ["P1/008"]
    assert report.actions[0].direction == "worse"
    assert report.training.total.trained == 55
    assert report.plans.value == 82.0


def test_a_metrics_row_becomes_week_figures_and_none_means_no_figures():
    row = {
        "enrolments": 10,
        "attendance_rate": 95.0,
        "overall_absence_rate": 5.0,
        "persistent_absence_rate": 10.0,
    }
    assert week_figures(row).attendance == 95.0
    assert week_figures(None) == NO_FIGURES


def test_the_snapshot_is_canonical_json_of_the_whole_report():
    report = weekly_report()
    text = snapshot_json(report)
    assert snapshot_json(weekly_report()) == text
    data = json.loads(text)
    assert data["headline"]["week"]["attendance"] == 94.1234
    assert sha256_hex(text) == sha256_hex(text.encode("utf-8"))
    assert len(sha256_hex(text)) == 64


def test_file_names_carry_kind_period_version_and_state():
    assert file_stem(education_board_report()) == "education-board-2022-23-spring-v1-draft"


def test_every_document_has_a_contents_list_or_is_one_page():
    education = document_for(education_board_report())
    assert [h.text for h in education.contents][:2] == [
        "Executive summary",
        "Outcomes shared by every priority",
    ]
    assert document_for(weekly_report()).compact


def test_weekly_persistent_absence_compares_years_to_date_never_single_weeks():
    document = document_for(weekly_report())
    tables = {table.key: table for table in document.tables()}
    headline = tables["headline"]
    persistent = next(row for row in headline.rows if row[0].text.startswith("Persistent"))
    # This week, previous week, same week last year: each as at that week's end.
    assert [cell.text for cell in persistent[1:]] == [
        "12.50%",
        "12.75%",
        "13.00%",
        "12.50%",
        "13.00%",
    ]
    breakdowns = tables["breakdowns"]
    assert [row[0].text for row in breakdowns.rows] == [
        "Phase: Primary",
        "Locality: North",
        "Children in need",
    ]
    primary = dict(zip(breakdowns.columns, (cell.text for cell in breakdowns.rows[0]), strict=True))
    assert primary["Absence this week"] == "5.88%"
    assert primary["Persistent absence year to date"] == "12.50%"
    assert primary["Change since previous week"] == "-0.25 pts"
    assert primary["Same point last year"] == "13.00%"


def test_the_first_week_of_the_year_has_no_previous_week():
    report = dataclasses.replace(weekly_report(), previous_week_ending="")
    document = document_for(report)
    sentence = next(
        b.text for b in document.blocks if getattr(b, "text", "").startswith("Attendance in")
    )
    assert "the first week of the school year" in sentence
    assert "on the previous week" not in sentence
    headline = next(t for t in document.tables() if t.key == "headline")
    assert headline.columns[2] == "Previous week"

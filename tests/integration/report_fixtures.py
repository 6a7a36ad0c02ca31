"""A seeded app with attendance data, approved progress and training, built once per module.

Generating every document in every format is the slow part of the report tests, so the
records are built once and each document rendered once; tests only read them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

import pytest
from flask import Flask
from flask_migrate import upgrade

from tests.conftest import BACKENDS, PASSWORD, PEOPLE, SEED_DIR, build_app
from tests.integration.report_data import (
    PREVIOUS_TERM,
    REPORT_TERM,
    load_attendance,
    record_progress,
    record_training_and_plans,
)
from tracker.data.accounts import create_user
from tracker.data.attendance_metrics import forget_cached_metrics
from tracker.data.boards import board_settings
from tracker.data.seeding import apply_seed_plan
from tracker.data.submissions import build_document, report_request
from tracker.data.terms import get_term
from tracker.data.transaction import unit_of_work
from tracker.domain.reports.layout import Document
from tracker.domain.reports.model import Report
from tracker.domain.seed_reader import read_seed_folder
from tracker.extensions import db
from tracker.reports import FORMATS, render

WEEK_ENDING = "2024-01-19"


@dataclass
class ReportsEnvironment:
    app: Flask
    people: dict
    reports: dict[str, Report] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)
    files: dict[tuple[str, str], bytes] = field(default_factory=dict)


def populate(people: dict, folder) -> None:
    load_attendance(folder)
    record_progress(people)
    record_training_and_plans(people, board_settings().directorates)
    forget_cached_metrics()


def seeded_people() -> dict:
    with unit_of_work():
        apply_seed_plan(plan=read_seed_folder(SEED_DIR))
    with unit_of_work():
        return {
            key: create_user(email=email, name=name, role=role, password=PASSWORD, team="Inclusion")
            for key, (email, name, role) in PEOPLE.items()
        }


def requests():
    term = get_term(academic_year=REPORT_TERM[0], name=REPORT_TERM[1])
    return {
        "education-board": report_request(kind="education-board", term=term, week_ending=None),
        "strengthening-services-board": report_request(
            kind="strengthening-services-board", term=term, week_ending=None
        ),
        "leadership-weekly": report_request(
            kind="leadership-weekly", term=None, week_ending=date.fromisoformat(WEEK_ENDING)
        ),
    }


@pytest.fixture(scope="module", params=BACKENDS, name="reports_env")
def reports_environment(request, tmp_path_factory) -> Iterator[ReportsEnvironment]:
    folder = tmp_path_factory.mktemp(f"reports-{request.param}")
    app = build_app(request.param, folder)
    with app.app_context():
        upgrade()
        people = seeded_people()
        populate(people, folder)
        environment = ReportsEnvironment(app, people)
        for kind, found in requests().items():
            report, document = build_document(
                request=found,
                presenter="Sam Manager, Service Manager for Inclusion",
                version=1,
                final=False,
            )
            environment.reports[kind] = report
            environment.documents[kind] = document
            for code in FORMATS:
                environment.files[(kind, code)] = render(document, code)
        yield environment
        db.session.remove()
        db.engine.dispose()


__all__ = [
    "PREVIOUS_TERM",
    "REPORT_TERM",
    "WEEK_ENDING",
    "ReportsEnvironment",
    "reports_environment",
]

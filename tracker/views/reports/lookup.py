"""Finding the report a URL names, or answering 404."""

from __future__ import annotations

from datetime import date

from flask import abort

from tracker.data.submissions import ReportRequest, get_submission, report_request
from tracker.domain.errors import InvalidContent
from tracker.domain.reports.model import KINDS, LEADERSHIP_WEEKLY
from tracker.models import ReportSubmission
from tracker.views.progress.lookup import term_or_404


def request_or_404(kind: str, period: str) -> ReportRequest:
    if kind not in KINDS:
        abort(404)
    if kind == LEADERSHIP_WEEKLY:
        try:
            week = date.fromisoformat(period)
            return report_request(kind=kind, term=None, week_ending=week)
        except (ValueError, InvalidContent):
            abort(404)
    return report_request(kind=kind, term=term_or_404(period), week_ending=None)


def submission_or_404(submission_id: int) -> ReportSubmission:
    found = get_submission(submission_id=submission_id)
    if found is None:
        abort(404)
    return found

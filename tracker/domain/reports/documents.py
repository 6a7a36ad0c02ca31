"""From a report to its document, its file names and its snapshot."""

from __future__ import annotations

import dataclasses
import hashlib
import json

from tracker.domain.reports.education_board_layout import education_board_document
from tracker.domain.reports.layout import Document
from tracker.domain.reports.model import (
    EducationBoardReport,
    LeadershipWeekly,
    Report,
    StrengtheningServicesBoardReport,
)
from tracker.domain.reports.services_board_layout import services_board_document
from tracker.domain.reports.weekly_layout import weekly_document


def file_stem(report: Report) -> str:
    cover = report.cover
    return f"{cover.kind}-{cover.period_key}-v{cover.version}-{cover.state_label.lower()}"


def document_for(report: Report) -> Document:
    stem = file_stem(report)
    if isinstance(report, EducationBoardReport):
        return education_board_document(report, file_stem=stem)
    if isinstance(report, StrengtheningServicesBoardReport):
        return services_board_document(report, file_stem=stem)
    if isinstance(report, LeadershipWeekly):
        return weekly_document(report, file_stem=stem)
    raise TypeError(f"Not a report: {type(report).__name__}")


def snapshot_json(report: Report) -> str:
    """The report's data as canonical JSON: the same report always gives the same text."""
    return json.dumps(
        dataclasses.asdict(report), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )


def sha256_hex(content: bytes | str) -> str:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return hashlib.sha256(data).hexdigest()

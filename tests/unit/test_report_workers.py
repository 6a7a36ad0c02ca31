"""Rendering all formats at once gives what rendering them one by one gives, even when a
worker process dies."""

from __future__ import annotations

import os
import signal

import pytest

from tests.report_readers import READERS
from tests.unit.report_samples import education_board_report
from tracker.domain.reports.documents import document_for
from tracker.reports import FORMATS, render, render_all, render_for_download, workers


@pytest.fixture(scope="module")
def document():
    return document_for(education_board_report())


def _read(files: dict[str, bytes]) -> dict[str, str]:
    return {code: READERS[code](content) for code, content in files.items()}


def test_all_formats_rendered_together_read_the_same_as_one_by_one(document):
    together = render_all(document, FORMATS)
    assert list(together) == list(FORMATS)
    one_by_one = {code: render(document, code) for code in FORMATS}
    assert _read(together) == _read(one_by_one)
    assert together["pdf"].startswith(b"%PDF-")


def test_formats_come_back_in_the_order_asked_once_each(document):
    files = render_all(document, ["md", "pdf", "md", "html"])
    assert list(files) == ["md", "pdf", "html"]


def test_a_worker_killed_mid_run_does_not_lose_the_report(document):
    workers.start_workers()
    pool = workers._shared_pool()
    assert pool is not None
    for pid in list(pool._processes):
        os.kill(pid, signal.SIGKILL)
    files = render_all(document, FORMATS)
    assert _read(files) == _read({code: render(document, code) for code in FORMATS})
    # A fresh pool is started for the next report.
    assert workers._shared_pool() is not pool
    assert set(render_all(document, ["pdf", "docx"])) == {"pdf", "docx"}


def test_a_download_laid_out_in_a_worker_reads_the_same_as_one_laid_out_here(document):
    workers.start_workers()
    for code in ("pdf", "docx", "md"):
        assert READERS[code](render_for_download(document, code)) == READERS[code](
            render(document, code)
        )


def test_a_download_is_still_rendered_when_the_workers_have_died(document):
    workers.start_workers()
    pool = workers._shared_pool()
    for pid in list(pool._processes):
        os.kill(pid, signal.SIGKILL)
    assert render_for_download(document, "pdf").startswith(b"%PDF-")

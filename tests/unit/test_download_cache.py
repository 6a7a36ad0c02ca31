"""A report downloaded again unchanged is read back; any change lays it out afresh."""

from __future__ import annotations

import dataclasses

import pytest

from tests.unit.report_samples import education_board_report
from tracker.domain.reports.documents import document_for
from tracker.reports import download_cache, render
from tracker.reports.download_cache import rendered


def presented_by(report, name: str):
    return dataclasses.replace(report, cover=dataclasses.replace(report.cover, presenter=name))


class CountingRenderer:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, document, code: str) -> bytes:
        self.calls += 1
        return render(document, code)


@pytest.fixture
def report():
    return education_board_report()


def test_the_same_report_is_laid_out_once(report, tmp_path):
    renderer = CountingRenderer()
    first = rendered(document_for(report), "md", tmp_path, renderer)
    again = rendered(document_for(report), "md", tmp_path, renderer)
    assert again == first == render(document_for(report), "md")
    assert renderer.calls == 1


def test_a_report_that_differs_in_anything_is_laid_out_afresh(report, tmp_path):
    renderer = CountingRenderer()
    rendered(document_for(report), "md", tmp_path, renderer)
    changed = presented_by(report, "Someone else")
    content = rendered(document_for(changed), "md", tmp_path, renderer)
    assert renderer.calls == 2
    assert "Someone else" in content.decode()
    assert content == render(document_for(changed), "md")


def test_only_the_newest_files_are_kept(report, tmp_path, monkeypatch):
    monkeypatch.setattr(download_cache, "KEEP_FILES", 2)
    for number in range(4):
        changed = presented_by(report, f"Presenter {number}")
        rendered(document_for(changed), "md", tmp_path, render)
    assert len(list(tmp_path.iterdir())) == 2

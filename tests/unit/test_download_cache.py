"""A report downloaded again unchanged is read back; any change lays it out afresh."""

from __future__ import annotations

import dataclasses
import os
import threading
from pathlib import Path

import pytest

from tests.unit.report_samples import education_board_report
from tracker import private_files
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


def test_a_file_deleted_before_it_is_read_is_laid_out_again(report, tmp_path):
    renderer = CountingRenderer()
    first = rendered(document_for(report), "md", tmp_path, renderer)
    for stored in tmp_path.iterdir():
        stored.unlink()  # another worker pruning it
    assert rendered(document_for(report), "md", tmp_path, renderer) == first
    assert renderer.calls == 2


def test_a_file_deleted_while_it_is_read_is_still_served_whole(report, tmp_path, monkeypatch):
    first = rendered(document_for(report), "md", tmp_path, render)
    real_utime = os.utime

    def pruned_once_open(handle, *args, **kwargs):
        # Between opening the file and reading it, another worker deletes it.
        for stored in tmp_path.iterdir():
            stored.unlink()
        real_utime(handle, *args, **kwargs)

    monkeypatch.setattr(download_cache.os, "utime", pruned_once_open)
    renderer = CountingRenderer()
    assert rendered(document_for(report), "md", tmp_path, renderer) == first
    assert renderer.calls == 0


def test_pruning_passes_over_a_file_another_worker_has_just_pruned(report, tmp_path, monkeypatch):
    monkeypatch.setattr(download_cache, "KEEP_FILES", 1)
    for number in range(2):
        rendered(document_for(presented_by(report, f"Presenter {number}")), "md", tmp_path, render)
    real_stat = Path.stat

    def pruned_after_listing(self, *args, **kwargs):
        if self.parent == tmp_path and not self.name.startswith("."):
            self.unlink(missing_ok=True)
        return real_stat(self, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", pruned_after_listing)
    content = rendered(document_for(presented_by(report, "Someone new")), "md", tmp_path, render)
    monkeypatch.undo()
    assert "Someone new" in content.decode()


def test_the_files_read_most_recently_are_kept(report, tmp_path, monkeypatch):
    monkeypatch.setattr(download_cache, "KEEP_FILES", 2)
    documents = [document_for(presented_by(report, f"Presenter {n}")) for n in range(3)]
    for age, document in zip((1000, 2000), documents[:2], strict=True):
        rendered(document, "md", tmp_path, render)
        stored = tmp_path / f"{download_cache.document_digest(document)}.md"
        os.utime(stored, (age, age))
    rendered(documents[0], "md", tmp_path, render)  # read back: the oldest is now in use
    rendered(documents[2], "md", tmp_path, render)
    kept = {entry.name for entry in tmp_path.iterdir()}
    digests = {download_cache.document_digest(document) for document in documents[::2]}
    assert kept == {f"{digest}.md" for digest in digests}


def test_a_report_is_still_answered_when_it_cannot_be_stored(report, tmp_path):
    blocked = tmp_path / "report-cache"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    content = rendered(document_for(report), "md", blocked, render)
    assert content == render(document_for(report), "md")


def test_two_workers_storing_the_same_report_do_not_share_a_file(report, tmp_path, monkeypatch):
    # The first worker is held after writing its copy, until the second has stored its own.
    first_written, second_stored = threading.Event(), threading.Event()
    real_replace = os.replace

    def replace(source, target):
        if threading.current_thread().name == "first":
            first_written.set()
            assert second_stored.wait(10)
        real_replace(source, target)
        if threading.current_thread().name == "second":
            second_stored.set()

    monkeypatch.setattr(private_files.os, "replace", replace)
    results = {}

    def download(name: str) -> None:
        results[name] = rendered(document_for(report), "md", tmp_path, render)

    first = threading.Thread(target=download, args=("first",), name="first")
    first.start()
    assert first_written.wait(10)
    second = threading.Thread(target=download, args=("second",), name="second")
    second.start()
    second.join(10)
    first.join(10)
    expected = render(document_for(report), "md")
    assert results == {"first": expected, "second": expected}
    assert [entry.read_bytes() for entry in tmp_path.iterdir()] == [expected]

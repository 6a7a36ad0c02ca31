"""The cycle collector is held off while reports are laid out, and comes back after."""

from __future__ import annotations

import gc
import threading

import pytest

from tracker.reports.collection import cycle_collection_paused


@pytest.fixture(autouse=True)
def _collector_on():
    gc.enable()
    yield
    gc.enable()


def test_the_collector_is_off_while_a_report_is_laid_out_and_on_after():
    with cycle_collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_it_comes_back_even_when_the_layout_fails():
    with pytest.raises(RuntimeError), cycle_collection_paused():
        raise RuntimeError("a damaged chart")
    assert gc.isenabled()


def test_reports_laid_out_together_share_one_pause():
    first_inside, second_done = threading.Event(), threading.Event()
    seen = {}

    def first():
        with cycle_collection_paused():
            first_inside.set()
            second_done.wait(5)
            seen["while the first is still laying out"] = gc.isenabled()

    thread = threading.Thread(target=first)
    thread.start()
    first_inside.wait(5)
    with cycle_collection_paused():
        pass
    second_done.set()
    thread.join(5)
    assert seen == {"while the first is still laying out": False}
    assert gc.isenabled()


def test_a_process_without_the_collector_keeps_it_off():
    gc.disable()
    with cycle_collection_paused():
        pass
    assert not gc.isenabled()

"""Measured totals kept on disk: writers at the same moment never share a file, and a save
that cannot finish is given up without an error."""

from __future__ import annotations

import threading
from datetime import date

import pandas as pd
import pytest
from flask import Flask

from tracker import private_files
from tracker.data.metrics_store import FOLDER, forget_stored_totals, load_totals, save_totals

KEY = ("data version 3", "2024/25", date(2024, 9, 2), date(2024, 12, 20), False)


@pytest.fixture(autouse=True)
def instance(tmp_path):
    app = Flask(__name__, instance_path=str(tmp_path))
    with app.app_context():
        yield tmp_path / FOLDER


def totals(rows: int) -> pd.DataFrame:
    return pd.DataFrame({"enrolment": range(rows), "possible": [300] * rows})


def test_saved_totals_are_read_back(instance):
    save_totals(
        key=KEY,
        academic_year="2024/25",
        totals=totals(3),
        sources=["marks"],
        latest=date(2024, 12, 20),
    )
    frame, sources, latest = load_totals(key=KEY)
    pd.testing.assert_frame_equal(frame, totals(3))
    assert (sources, latest) == (["marks"], date(2024, 12, 20))
    assert sorted(path.suffix for path in instance.iterdir()) == [".json", ".parquet"]


def test_two_writers_at_once_each_write_their_own_file(instance, monkeypatch):
    # The first writer is held after writing its table, until the second has saved.
    first_written, second_saved = threading.Event(), threading.Event()
    real_replace = private_files.os.replace
    app = Flask(__name__, instance_path=str(instance.parent))

    def replace(source, target):
        if threading.current_thread().name == "first" and str(target).endswith(".parquet"):
            first_written.set()
            assert second_saved.wait(10)
        real_replace(source, target)

    monkeypatch.setattr(private_files.os, "replace", replace)
    failures = []

    def save(rows: int) -> None:
        try:
            with app.app_context():
                save_totals(
                    key=KEY,
                    academic_year="2024/25",
                    totals=totals(rows),
                    sources=["marks"],
                    latest=None,
                )
        except Exception as error:  # reported below, where pytest sees it
            failures.append(error)

    first = threading.Thread(target=save, args=(5,), name="first")
    first.start()
    assert first_written.wait(10)
    second = threading.Thread(target=save, args=(5,), name="second")
    second.start()
    second.join(10)
    second_saved.set()
    first.join(10)
    assert failures == []
    frame, _, _ = load_totals(key=KEY)
    pd.testing.assert_frame_equal(frame, totals(5))
    # Nothing left behind: each temporary file was renamed into place.
    assert sorted(path.suffix for path in instance.iterdir()) == [".json", ".parquet"]


def test_a_save_cut_short_by_the_folder_being_cleared_is_given_up(instance, monkeypatch):
    real_to_parquet = pd.DataFrame.to_parquet

    def cleared_meanwhile(self, path, **kwargs):
        real_to_parquet(self, path, **kwargs)
        forget_stored_totals()  # another process clearing the folder, this file too

    monkeypatch.setattr(pd.DataFrame, "to_parquet", cleared_meanwhile)
    save_totals(key=KEY, academic_year="2024/25", totals=totals(3), sources=["marks"], latest=None)
    assert load_totals(key=KEY) is None


def test_a_save_that_cannot_write_is_given_up(instance):
    instance.parent.mkdir(parents=True, exist_ok=True)
    instance.write_text("a file where the folder should be", encoding="utf-8")
    save_totals(key=KEY, academic_year="2024/25", totals=totals(3), sources=["marks"], latest=None)
    assert load_totals(key=KEY) is None

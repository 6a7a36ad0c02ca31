"""Published rates and neighbour lists: seeded with the strategy, imported later, replaced."""

from __future__ import annotations

import io
import zipfile

import openpyxl
from sqlalchemy import func, select

from tests.integration.attendance_files import write
from tracker.extensions import db
from tracker.models import (
    BenchmarkAuthority,
    Indicator,
    Outcome,
    PublishedRate,
    StatisticalNeighbour,
)

HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_name,"
    "old_la_code,la_name,education_phase,characteristic,sess_overall_percent,"
    "enrolments_pa_10_exact_percent\n"
)


def run(app, *args):
    return app.test_cli_runner().invoke(args=[str(arg) for arg in args])


def count(model, *conditions) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions))


def rate(year: str, level: str, la_code: str = "", measure: str = "overall_absence_rate"):
    return db.session.scalar(
        select(PublishedRate.value).where(
            PublishedRate.time_period == year,
            PublishedRate.geographic_level == level,
            PublishedRate.la_code == la_code,
            PublishedRate.phase == "Total",
            PublishedRate.characteristic == "Total",
            PublishedRate.measure == measure,
        )
    )


def test_seed_loads_the_reference_data_and_the_authority(empty_app):
    result = run(empty_app, "seed")
    assert result.exit_code == 0, result.output
    assert "Created published rates: 48445" in result.output
    assert "Created statistical neighbours: 3140" in result.output
    assert "Created indicators: 33" in result.output
    authority = db.session.scalar(select(BenchmarkAuthority))
    assert (authority.la_code, authority.region_name) == ("838", "South West")
    assert rate("2020/21", "Local authority", "838") == 4.57
    assert rate("2020/21", "National") == 4.62
    # "x" in the file is stored as no value, not zero.
    assert (
        db.session.scalar(
            select(func.count()).where(
                PublishedRate.measure == "severe_absence_rate", PublishedRate.value.is_(None)
            )
        )
        == 3898
    )


def test_reseeding_changes_nothing(app):
    result = run(app, "seed")
    assert result.exit_code == 0, result.output
    assert "Nothing to change" in result.output
    assert count(PublishedRate) == 48445


def test_repeated_outcomes_share_one_indicator(app):
    overall = db.session.scalar(select(Indicator).where(Indicator.code == "overall-absence"))
    assert sorted((o.priority.number, o.position) for o in overall.outcomes) == [
        (1, 7),
        (2, 5),
        (3, 8),
        (4, 3),
        (5, 3),
    ]
    unmeasured = [
        outcome
        for outcome in db.session.scalars(select(Outcome))
        if not db.session.scalar(
            select(func.count()).select_from(Indicator).where(Indicator.outcomes.contains(outcome))
        )
    ]
    assert unmeasured == []


def test_an_indicator_removed_from_the_file_is_withdrawn(app, seed_copy):
    text = (seed_copy / "indicators.yaml").read_text(encoding="utf-8")
    start = text.index("  - code: strategic-briefings")
    end = text.index("  - code: orchestra-data-share")
    kept = text[:start] + text[end:]
    kept = kept.replace("    outcomes: [P2/2]", "    outcomes: [P2/1, P2/2]")
    (seed_copy / "indicators.yaml").write_text(kept, encoding="utf-8")
    result = run(app, "seed", "--seed-dir", seed_copy)
    assert result.exit_code == 0, result.output
    assert "Withdrawn indicators: 1" in result.output
    assert "Updated indicators: 1" in result.output
    briefings = db.session.scalar(select(Indicator).where(Indicator.code == "strategic-briefings"))
    assert briefings.withdrawn_at is not None


def test_import_benchmarks_replaces_the_figures_of_the_same_year(app, tmp_path):
    path = write(
        tmp_path,
        "revised.csv",
        HEADER
        + "202021,Academic year,National,E92000001,England,,,,Total,Total,4.6,12.1\n"
        + "202526,Academic year,National,E92000001,England,,,,Total,Total,6.5,18\n",
    )
    result = run(app, "import-data", "benchmarks", path)
    assert result.exit_code == 0, result.output
    assert "4 published figures for 2020/21 to 2025/26: 2 added, 2 changed, 3 removed" in (
        result.output
    )
    assert rate("2020/21", "National") == 4.6
    assert rate("2025/26", "National") == 6.5
    # The file replaces the national all-pupil figures of 2020/21 (the measures it lacks
    # go); the authorities' figures, in no slice of the file, stay.
    assert rate("2020/21", "Local authority", "838") == 4.57
    assert rate("2020/21", "National", measure="severe_absence_rate") is None
    result = run(app, "import-data", "benchmarks", path)
    assert "0 added, 0 changed, 0 removed" in result.output
    assert count(PublishedRate) == 48445 - 3 + 2


def test_a_bad_benchmarks_file_lists_every_problem_and_changes_nothing(app, tmp_path):
    path = write(
        tmp_path,
        "bad.csv",
        HEADER
        + "202021,Academic year,National,E92000001,England,,,,Total,Total,4.6,12.1\n"
        + "2020,Academic year,National,E92000001,England,,,,Total,Total,x,12.1\n"
        + "202122,Academic year,Local authority,E92000001,England,,,,Total,Total,lots,12.1\n",
    )
    result = run(app, "import-data", "benchmarks", path)
    assert result.exit_code == 1
    assert "The file has 3 problems; nothing was imported" in result.output
    assert "line 3, column time_period: '2020' is not an academic year like 202021" in result.output
    assert "line 4, column old_la_code: a Local authority row needs an authority code" in (
        result.output
    )
    assert "line 4, column sess_overall_percent: 'lots' is not a number" in result.output
    assert rate("2020/21", "National") == 4.62


def test_a_benchmarks_file_without_its_columns_is_refused(app, tmp_path):
    path = write(tmp_path, "wrong.csv", "time_period,region,value\n202021,South West,4.6\n")
    result = run(app, "import-data", "benchmarks", path)
    assert result.exit_code == 1
    assert "line 1, column geographic_level: required column is missing" in result.output
    assert "line 1: no measure columns: at least one column must end in _percent" in result.output


def test_import_neighbours_replaces_a_list_version(app, tmp_path):
    header = "published,la_code,la_name,rank,neighbour_la_code,neighbour_la_name,closeness\n"
    rows = "".join(
        f"2025-05,838,Dorset,{rank},{code},,Close\n"
        for rank, code in enumerate(["878", "933", "893"], start=1)
    )
    result = run(app, "import-data", "neighbours", write(tmp_path, "sn.csv", header + rows))
    assert result.exit_code == 0, result.output
    assert count(StatisticalNeighbour, StatisticalNeighbour.list_version == "2025-05") == 3
    assert count(StatisticalNeighbour, StatisticalNeighbour.list_version == "2021-04") == 1560
    ranked = db.session.scalars(
        select(StatisticalNeighbour.neighbour_code)
        .where(StatisticalNeighbour.list_version == "2025-05")
        .order_by(StatisticalNeighbour.rank)
    ).all()
    assert ranked == ["878", "933", "893"]


def test_a_bad_neighbours_file_changes_nothing(app, tmp_path):
    header = "published,la_code,rank,neighbour_la_code\n"
    path = write(tmp_path, "sn.csv", header + "2025-05,838,1,838\n2025-05,838,0,878\n")
    result = run(app, "import-data", "neighbours", path)
    assert result.exit_code == 1
    assert "line 2, column neighbour_la_code: an authority cannot neighbour itself" in result.output
    assert "line 3, column rank: '0' is not a whole number from 1" in result.output
    assert count(StatisticalNeighbour) == 3140


def workbook_that_lost_its_sheet() -> bytes:
    """A workbook whose one sheet is missing from the archive: openpyxl opens it, sheetless."""
    book = openpyxl.Workbook()
    book.active.append(["published", "la_code", "rank", "neighbour_la_code"])
    saved = io.BytesIO()
    book.save(saved)
    damaged = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(damaged, "w") as target:
        for info in source.infolist():
            name = info.filename.replace("worksheets/sheet1.xml", "worksheets/lost.xml")
            target.writestr(name, source.read(info))
    return damaged.getvalue()


def test_a_workbook_without_its_sheet_is_refused_and_changes_nothing(app, tmp_path):
    # Found by the import fuzz: this ended in an IndexError, not a message.
    path = tmp_path / "sn.xlsx"
    path.write_bytes(workbook_that_lost_its_sheet())
    result = run(app, "import-data", "neighbours", path)
    assert result.exit_code == 1
    assert "The workbook has no worksheet to read" in result.output
    assert count(StatisticalNeighbour) == 3140

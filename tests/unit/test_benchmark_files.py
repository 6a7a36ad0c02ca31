"""DfE reference files: columns, symbols for no value, years, errors by line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.domain.benchmarks import (
    ReferenceFileError,
    academic_year_from_time_period,
    csv_rows,
    neighbour_mean,
    parse_neighbour_lists,
    parse_published_rates,
)

REFERENCE = Path(__file__).resolve().parents[2] / "seeds" / "reference"

HEADER = (
    "time_period,time_identifier,geographic_level,country_code,region_name,old_la_code,"
    "la_name,education_phase,characteristic,sess_overall_percent,sess_authorised_percent,"
    "enrolments_pa_10_exact_percent,enrolments_pa_50_exact_percent"
)


def rates(*lines: str, header: str = HEADER):
    return parse_published_rates(csv_rows("\n".join([header, *lines]) + "\n"))


def problems(*lines: str, header: str = HEADER) -> list[str]:
    with pytest.raises(ReferenceFileError) as raised:
        rates(*lines, header=header)
    return [str(problem) for problem in raised.value.problems]


@pytest.mark.parametrize(
    ("text", "year"),
    [("201516", "2015/16"), ("202021", "2020/21"), ("2020/21", "2020/21"), ("199900", "1999/00")],
)
def test_time_periods_become_academic_years(text, year):
    assert academic_year_from_time_period(text) == year


@pytest.mark.parametrize("text", ["202022", "2020", "20/21", "2020-21", ""])
def test_other_time_periods_are_not_academic_years(text):
    assert academic_year_from_time_period(text) is None


def test_each_percentage_is_one_figure_named_by_measure():
    figures = rates(
        "202021,Academic year,Local authority,E92000001,South West,838,Dorset,Total,Total,"
        "4.57,3.47,11.5,1.14"
    )
    assert {figure.measure: figure.value for figure in figures} == {
        "overall_absence_rate": 4.57,
        "authorised_absence_rate": 3.47,
        "persistent_absence_rate": 11.5,
        "severe_absence_rate": 1.14,
    }
    figure = figures[0]
    assert (figure.time_period, figure.period, figure.geographic_level) == (
        "2020/21",
        "year",
        "Local authority",
    )
    assert (figure.region_name, figure.la_code, figure.la_name) == ("South West", "838", "Dorset")
    assert (figure.phase, figure.characteristic) == ("Total", "Total")


@pytest.mark.parametrize("symbol", ["x", "z", ":", "c", "", "X"])
def test_symbols_and_blanks_mean_no_value(symbol):
    figures = rates(
        f"202021,Academic year,National,E92000001,,,,Total,Total,4.62,{symbol},12.08,1.13"
    )
    assert {figure.measure: figure.value for figure in figures}["authorised_absence_rate"] is None


def test_national_and_regional_rows_carry_no_authority():
    figures = rates(
        "202021,Academic year,National,E92000001,,,,Total,Total,4.62,3.36,12.08,1.13",
        "202021,Academic year,Regional,E92000001,South West,,,Total,Total,4.57,3.53,11.84,1.18",
    )
    assert {(f.geographic_level, f.region_name, f.la_code) for f in figures} == {
        ("National", "", ""),
        ("Regional", "South West", ""),
    }


def test_older_files_name_the_phase_school_type_and_extra_columns_are_ignored():
    header = "time_period,geographic_level,school_type,characteristic,sess_overall_percent,notes"
    figures = rates("201516,National,State-funded primary,Total,4.01,anything", header=header)
    assert [(f.phase, f.period, f.measure, f.value) for f in figures] == [
        ("State-funded primary", "year", "overall_absence_rate", 4.01)
    ]


def test_unknown_percentage_columns_are_kept_under_their_own_name():
    header = "time_period,geographic_level,education_phase,characteristic,sess_auth_illness_percent"
    figures = rates("202122,National,Total,Total,2.5", header=header)
    assert figures[0].measure == "sess_auth_illness_percent"


def test_termly_figures_keep_their_term():
    figures = rates(
        "202122,Autumn and spring term,National,E92000001,,,,Total,Total,7.0,5.0,22.0,1.5"
    )
    assert {figure.period for figure in figures} == {"autumn_spring"}


def test_missing_required_columns_are_named():
    assert problems("x", header="geographic_level,sess_overall_percent") == [
        "header, column time_period: required column is missing",
        "header, column characteristic: required column is missing",
        "header, column education_phase: required column is missing (or school_type)",
    ]
    assert problems("x", header="time_period,geographic_level,education_phase,characteristic") == [
        "header: no measure columns: at least one column must end in _percent"
    ]


def test_every_bad_cell_is_reported_by_line_and_column():
    found = problems(
        "202021,Academic year,National,E92000001,,,,Total,Total,4.62,3.36,12.08,1.13",
        "202022,Academic year,County,E92000001,,,,Total,Total,4.62,lots,12.08,1.13",
        "",
        "202021,Whole year,Local authority,E92000001,South West,,,Total,Total,4.6,3.3,120,1",
        "202021,Academic year,Regional,E92000001,,,,Total,Total,4.62,3.36,12.08,1.13",
        "202021,Academic year,National,E92000001,,,,Total,Total,4.62,3.36,12.08,1.13",
    )
    assert found == [
        "line 3, column time_period: '202022' is not an academic year like 202021",
        "line 3, column geographic_level: 'County' is not National, Regional or Local authority",
        "line 3, column sess_authorised_percent: 'lots' is not a number "
        "(or x, z, c, : for no value)",
        "line 5, column time_identifier: 'Whole year' is not one of: Academic year, Autumn term, "
        "Spring term, Summer term, Autumn and spring term",
        "line 5, column old_la_code: a Local authority row needs an authority code",
        "line 5, column enrolments_pa_10_exact_percent: '120' is not a percentage from 0 to 100",
        "line 6, column region_name: a Regional row needs a region name",
        "line 7: repeats the figures of line 2",
    ]


def test_empty_files_are_refused():
    with pytest.raises(ReferenceFileError, match="empty"):
        parse_published_rates(csv_rows(""))
    assert problems(header=HEADER) == ["header: the file has no rows of figures"]


def test_shipped_rates_file_reads_cleanly():
    text = (REFERENCE / "la-absence-rates.csv").read_text(encoding="utf-8")
    figures = parse_published_rates(csv_rows(text))
    assert len(figures) == 9689 * 5
    dorset = {
        f.measure: f.value
        for f in figures
        if f.la_code == "838" and f.time_period == "2020/21"
        and (f.phase, f.characteristic) == ("Total", "Total")
    }  # fmt: skip
    assert dorset["overall_absence_rate"] == 4.57
    assert {f.period for f in figures} == {"year"}
    assert "2019/20" not in {f.time_period for f in figures}


NEIGHBOUR_HEADER = "published,la_code,la_name,rank,neighbour_la_code,neighbour_la_name,closeness"


def neighbour_problems(*lines: str) -> list[str]:
    with pytest.raises(ReferenceFileError) as raised:
        parse_neighbour_lists(csv_rows("\n".join([NEIGHBOUR_HEADER, *lines])))
    return [str(problem) for problem in raised.value.problems]


def test_neighbour_lists_read_version_rank_and_neighbour():
    rows = parse_neighbour_lists(
        csv_rows(f"{NEIGHBOUR_HEADER}\n2025-05,838,Dorset,1,933,Somerset,Very close\n")
    )
    assert [
        (r.list_version, r.la_code, r.rank, r.neighbour_code, r.neighbour_name) for r in rows
    ] == [("2025-05", "838", 1, "933", "Somerset")]


def test_bad_neighbour_rows_are_all_reported():
    assert neighbour_problems(
        "2025-05,838,Dorset,1,933,Somerset,Very close",
        "2025-05,838,Dorset,1,878,Devon,Very close",
        "2025-05,838,Dorset,2,933,Somerset,Very close",
        "May 2025,838,Dorset,first,838,Dorset,",
    ) == [
        "line 3, column rank: rank 1 is already given on line 2",
        "line 4, column neighbour_la_code: 933 is already listed on line 2",
        "line 5, column published: 'May 2025' is not a list version like 2021-04",
        "line 5, column neighbour_la_code: an authority cannot neighbour itself",
        "line 5, column rank: 'first' is not a whole number from 1",
    ]


def test_neighbour_file_needs_its_columns():
    with pytest.raises(ReferenceFileError) as raised:
        parse_neighbour_lists(csv_rows("published,la_code\n2025-05,838\n"))
    assert [str(p) for p in raised.value.problems] == [
        "header, column rank: required column is missing",
        "header, column neighbour_la_code: required column is missing",
    ]


def test_shipped_neighbour_lists_have_ten_neighbours_each():
    text = (REFERENCE / "statistical-neighbours.csv").read_text(encoding="utf-8")
    rows = parse_neighbour_lists(csv_rows(text))
    assert {r.list_version for r in rows} == {"2021-04", "2025-05"}
    dorset = [r.neighbour_code for r in rows if (r.list_version, r.la_code) == ("2025-05", "838")]
    assert dorset == ["933", "878", "893", "935", "885", "881", "830", "886", "938", "815"]


def test_neighbour_mean_leaves_out_missing_figures_and_counts_the_rest():
    mean = neighbour_mean({"a": 4.0, "b": 5.0, "c": None}, ["a", "b", "c", "d"])
    assert mean.value == 4.5
    assert (mean.used, mean.listed, mean.missing) == (2, 4, ("c", "d"))
    assert neighbour_mean({}, ["a"]).value is None

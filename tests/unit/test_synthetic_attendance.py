"""Synthetic attendance is deterministic, consistent, and near Dorset's published figures."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tracker.domain.attendance_codes import CodeClass, classify
from tracker.domain.attendance_import import pupil_id_problem
from tracker.domain.attendance_metrics import group_measures, measured_enrolments
from tracker.domain.schools import SCHOOL_PHASES
from tracker.domain.synthetic_attendance import make_pupils, make_schools, read_bands
from tracker.domain.synthetic_registers import (
    default_terms,
    draw_register,
    mark_batches,
    school_days,
    weekly_totals,
)

BANDS = (
    Path(__file__).resolve().parents[2] / "seeds" / "dorset" / "demo" / "dorset-absence-bands.csv"
)
LOCALITIES = ["North", "Chesil", "Dorchester", "West", "East", "Purbeck"]
YEAR = "2022/23"


@pytest.fixture(scope="module")
def schools():
    return make_schools(localities=LOCALITIES)


@pytest.fixture(scope="module")
def pupils(schools):
    bands = read_bands(BANDS, academic_year=YEAR)
    return make_pupils(academic_year=YEAR, schools=schools, pupils=20_000, bands=bands)


@pytest.fixture(scope="module")
def register(pupils):
    return draw_register(pupils, school_days(default_terms(YEAR)), academic_year=YEAR)


def test_schools_cover_every_phase_and_locality(schools):
    assert len(schools) == 160
    assert {s.phase for s in schools} == set(SCHOOL_PHASES)
    assert {s.locality for s in schools} == set(LOCALITIES)
    assert len({s.urn for s in schools}) == 160
    assert make_schools(localities=LOCALITIES) == schools


def test_the_same_arguments_give_the_same_pupils(schools, pupils):
    bands = read_bands(BANDS, academic_year=YEAR)
    again = make_pupils(academic_year=YEAR, schools=schools, pupils=20_000, bands=bands)
    pd.testing.assert_frame_equal(pupils, again)


def test_synthetic_pupil_ids_pass_the_import_rule_for_pseudonyms(pupils):
    # The demonstration data goes through the same importer rules as real files.
    problems = {pupil_id_problem(value) for value in pupils["pupil_id"].unique()}
    assert problems == {None}


def test_rolls_have_reception_the_sixth_form_and_some_dual_registrations(schools, pupils):
    assert 20_000 <= len(pupils) < 20_200
    assert set(pupils["year_group"]) == set(range(14))
    provisions = {s.urn for s in schools if s.phase == "alternative provision"}
    dual = pupils.loc[pupils["urn"].isin(provisions)]
    assert len(dual) > 20
    assert dual["pupil_id"].isin(pupils.loc[~pupils["urn"].isin(provisions), "pupil_id"]).all()
    assert not pupils.duplicated(["pupil_id", "urn"]).any()


def test_each_enrolment_misses_its_drawn_share_of_sessions(pupils, register):
    sessions = register.absent.shape[1]
    missed = register.absent.sum(axis=1)
    assert (missed == np.rint(pupils["absence_rate"].to_numpy() * sessions)).all()
    assert not (register.authorised & ~register.absent).any()
    assert not (register.aea & register.absent).any()


def test_weekly_totals_add_up_to_the_register(register):
    totals = weekly_totals(register)
    assert totals["possible"].sum() == register.absent.size
    assert totals["authorised"].sum() == register.authorised.sum()
    assert (totals["authorised"] + totals["unauthorised"]).sum() == register.absent.sum()
    assert totals["aea"].sum() == register.aea.sum()
    assert set(totals["possible"]) <= {2, 4, 6, 8, 10}


def test_marks_carry_codes_of_the_drawn_classes(pupils, register):
    batch = next(mark_batches(pupils, register))
    codes = batch.column("code").to_pylist()
    classes = np.array([classify(code, date(2022, 9, 5)) for code in codes])
    slots = batch.num_rows // len(pupils)
    absent = register.absent[:, :slots].ravel()
    authorised = register.authorised[:, :slots].ravel()
    aea = register.aea[:, :slots].ravel()
    assert ((classes == CodeClass.AUTHORISED) == authorised).all()
    assert ((classes == CodeClass.UNAUTHORISED) == (absent & ~authorised)).all()
    assert ((classes == CodeClass.AEA) == aea).all()
    assert batch.column_names == ["pupil_id", "urn", "date", "session", "code"]


def test_the_measures_land_near_the_published_figures(schools, pupils, register):
    totals = (
        weekly_totals(register)
        .groupby("enrolment")[["possible", "present", "aea", "authorised", "unauthorised"]]
        .sum()
    )
    phase = {s.urn: s.phase for s in schools}
    rows = pupils.join(totals).reset_index(names="enrolment_id")
    rows = rows.assign(
        phase=rows["urn"].map(phase), locality="North", school=rows["urn"], late_summer=False
    )
    measured = measured_enrolments(rows)
    (whole,) = group_measures(measured)
    # Dorset 2022/23 as published: 7.68% overall, 21.05% persistent, 2.38% severe absence.
    assert whole["overall_absence_rate"] == pytest.approx(7.68, abs=0.5)
    assert whole["persistent_absence_rate"] == pytest.approx(21.05, abs=1.5)
    assert whole["severe_absence_rate"] == pytest.approx(2.38, abs=0.6)
    not_fsm, fsm = group_measures(measured, by=["fsm"])
    assert fsm["persistent_absence_rate"] > 2 * not_fsm["persistent_absence_rate"]


def test_later_years_use_the_latest_published_distribution():
    assert set(read_bands(BANDS, academic_year="2025/26")["time_period"]) == {202223}
    assert set(read_bands(BANDS, academic_year="2021/22")["time_period"]) == {202122}

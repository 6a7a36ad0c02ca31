"""A deterministic synthetic population of schools and pupils, for demonstrations and benchmarks.

Pupils' characteristics and absence follow Dorset's published distribution
(``seeds/dorset/demo/dorset-absence-bands.csv``: enrolments by overall-absence
band, split by school type, FSM eligibility, SEN status, sex and national
curriculum year). Each measured pupil is drawn as one of those enrolments: a
cell of the table and an absence band, in proportion to the published
counts, then a rate within the band. So the measures computed from the
synthetic data land near the published ones. Reception and sixth-form
pupils, whom the table does not cover, are added so that school rolls look
whole; they are not measured.

Everything is drawn from generators seeded by the academic year, so the same
arguments always give the same data. Nothing here is a real pupil or school.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

BAND_COLUMNS = (
    "pct5_OARate",
    "pct10_OARate",
    "pct15_OARate",
    "pct20_OARate",
    "pct25_OARate",
    "pct30_OARate",
    "pct35_OARate",
    "pct40_OARate",
    "pct45_OARate",
    "pct50_OARate",
    "pct50plus_OARate",
)
# Each band's range of overall absence rates; the last is open-ended in the data.
BAND_RANGES = [(n * 0.05, (n + 1) * 0.05) for n in range(10)] + [(0.5, 0.75)]
# Share of pupils measured (years 1 to 11) in a whole roll that also has
# Reception and the sixth form; Dorset's 2022/23 roll is about 42,000 of 45,000.
MEASURED_SHARE = 0.93
SEED = 20220901

PHASE_COUNTS = {
    "primary": 0.65,
    "first": 0.075,
    "middle": 0.0375,
    "upper": 0.025,
    "secondary": 0.1125,
    "all-through": 0.0125,
    "special": 0.05,
    "alternative provision": 0.0375,
}
PHASE_WORDS = {
    "primary": "Primary School",
    "first": "First School",
    "middle": "Middle School",
    "upper": "Upper School",
    "secondary": "Academy",
    "all-through": "School",
    "special": "Special School",
    "alternative provision": "Learning Centre",
}
PLACES = (
    *("Ashcombe", "Beacon", "Brookside", "Chalkdown", "Cliffend", "Coombe", "Downside"),
    *("Elmhurst", "Fernhill", "Gorsebrook", "Hazelmere", "Heathfield", "Hollyford"),
    *("Kingsmead", "Larkrise", "Meadowbank", "Millbrook", "Northgate", "Oakridge"),
    *("Pebblecombe", "Quarrydown", "Riverside", "Saltmarsh", "Seaview", "Southcliff"),
    *("Stonebridge", "Thornbury", "Valleyside", "Westwood", "Willowbank", "Yarrowdale"),
)
LOCALITY_WEIGHTS = (0.2, 0.15, 0.17, 0.16, 0.2, 0.12)
ETHNICITIES = {
    "WBRI": 0.868,
    "WOTH": 0.04,
    "WIRI": 0.005,
    "WIRT": 0.001,
    "WROM": 0.002,
    "MWBC": 0.01,
    "MWBA": 0.005,
    "MWAS": 0.008,
    "MOTH": 0.01,
    "AIND": 0.006,
    "APKN": 0.002,
    "ABAN": 0.002,
    "AOTH": 0.005,
    "BAFR": 0.004,
    "BCRB": 0.002,
    "BOTH": 0.001,
    "CHNE": 0.003,
    "OOTH": 0.005,
    "REFU": 0.004,
    "NOBT": 0.007,
}
# Share of secondary-age pupils also registered at an alternative provision.
DUAL_REGISTERED_SHARE = 0.005


@dataclass(frozen=True)
class SyntheticSchool:
    urn: str
    name: str
    phase: str
    locality: str


def read_bands(path: Path, *, academic_year: str) -> pd.DataFrame:
    """The published counts for a year, or for the latest year the file has before it."""
    bands = pd.read_csv(path)
    period = int(academic_year[:4] + academic_year[5:])
    years = sorted(year for year in bands["time_period"].unique() if year <= period)
    chosen = years[-1] if years else int(bands["time_period"].max())
    rows = bands.loc[bands["time_period"] == chosen]
    # 2018/19 has only a handful of rows; it is not a distribution.
    if rows[list(BAND_COLUMNS)].to_numpy().sum() < 1000:
        rows = bands.loc[bands["time_period"] == bands["time_period"].max()]
    return rows.reset_index(drop=True)


def make_schools(*, localities: Sequence[str], count: int = 160) -> list[SyntheticSchool]:
    rng = np.random.default_rng(SEED)
    phases: list[str] = []
    for phase, share in PHASE_COUNTS.items():
        phases.extend([phase] * max(1, round(count * share)))
    phases = phases[:count] + ["primary"] * max(0, count - len(phases))
    chosen_localities = rng.choice(len(localities), size=count, p=_normalised(LOCALITY_WEIGHTS))
    schools = []
    for number, (phase, locality) in enumerate(zip(phases, chosen_localities, strict=True)):
        place = PLACES[number % len(PLACES)]
        suffix = "" if number < len(PLACES) else f" {number // len(PLACES) + 1}"
        schools.append(
            SyntheticSchool(
                urn=f"{900001 + number}",
                name=f"{place}{suffix} {PHASE_WORDS[phase]}",
                phase=phase,
                locality=localities[locality],
            )
        )
    return schools


def _normalised(weights: Sequence[float]) -> np.ndarray:
    array = np.asarray(weights, dtype=float)
    return array / array.sum()


def _year_seed(academic_year: str, purpose: int) -> np.random.Generator:
    return np.random.default_rng([SEED, int(academic_year[:4]), purpose])


def make_pupils(
    *,
    academic_year: str,
    schools: Sequence[SyntheticSchool],
    pupils: int,
    bands: pd.DataFrame,
) -> pd.DataFrame:
    """One row per enrolment, with the absence rate each is drawn to have.

    Columns: pupil_id, urn, year_group (0 for Reception), sex, fsm, sen,
    ethnicity, social_care, young_carer, absence_rate, authorised_share.
    """
    rng = _year_seed(academic_year, 1)
    measured = round(pupils * MEASURED_SHARE)
    cells = _draw_cells(rng, bands, measured)
    extra = _unmeasured_pupils(rng, bands, pupils - measured)
    frame = pd.concat([cells, extra], ignore_index=True)
    frame["urn"] = _assign_schools(rng, frame, schools)
    frame = _add_characteristics(rng, frame)
    frame["pupil_id"] = [f"SYN{academic_year[2:4]}-{n:06d}" for n in range(1, len(frame) + 1)]
    frame = pd.concat([frame, _dual_registrations(rng, frame, schools)], ignore_index=True)
    columns = [
        "pupil_id",
        "urn",
        "year_group",
        "sex",
        "fsm",
        "sen",
        "ethnicity",
        "social_care",
        "young_carer",
        "absence_rate",
        "authorised_share",
    ]
    return frame[columns]


def _draw_cells(rng: np.random.Generator, bands: pd.DataFrame, count: int) -> pd.DataFrame:
    counts = bands[list(BAND_COLUMNS)].to_numpy(dtype=float)
    flat = rng.choice(counts.size, size=count, p=(counts / counts.sum()).ravel())
    rows, band = np.divmod(flat, len(BAND_COLUMNS))
    cells = bands.iloc[rows].reset_index(drop=True)
    low = np.array([BAND_RANGES[b][0] for b in band])
    high = np.array([BAND_RANGES[b][1] for b in band])
    return pd.DataFrame(
        {
            "school_type": cells["school_type"].to_numpy(),
            "fsm": (cells["fsm_eligible"] == "Eligible").to_numpy(),
            "any_sen": (cells["sen_status"] == "Any special educational need").to_numpy(),
            "sex": np.where(cells["gender"] == "Male", "M", "F"),
            "year_group": cells["NCyearActual"].to_numpy(dtype=np.int16),
            # Within a band, lower rates are commoner (the distribution falls away).
            "absence_rate": low + (high - low) * rng.beta(1.0, 1.6, size=count),
        }
    )


def _unmeasured_pupils(rng: np.random.Generator, bands: pd.DataFrame, count: int) -> pd.DataFrame:
    """Reception (like Year 1) and the sixth form (like Year 11)."""
    reception = count * 45 // 100
    year1 = bands.loc[bands["NCyearActual"] == 1]
    year11 = bands.loc[bands["NCyearActual"] == 11]
    first = _draw_cells(rng, year1 if len(year1) else bands, reception)
    first["year_group"] = 0
    sixth = _draw_cells(rng, year11 if len(year11) else bands, count - reception)
    sixth["year_group"] = rng.choice([12, 13], size=len(sixth)).astype(np.int16)
    return pd.concat([first, sixth], ignore_index=True)


def _pool(phase_years: dict[str, range], schools: Sequence[SyntheticSchool], year: int):
    return [n for n, s in enumerate(schools) if year in phase_years.get(s.phase, range(0))]


PRIMARY_TYPE = {
    "primary": range(0, 7),
    "first": range(0, 5),
    "middle": range(5, 7),
    "all-through": range(0, 14),
}
SECONDARY_TYPE = {
    "secondary": range(7, 14),
    "middle": range(7, 9),
    "upper": range(9, 14),
    "all-through": range(0, 14),
}
SPECIAL_TYPE = {"special": range(0, 15)}


def _assign_schools(
    rng: np.random.Generator, frame: pd.DataFrame, schools: Sequence[SyntheticSchool]
) -> np.ndarray:
    size = np.random.default_rng(SEED + 1).lognormal(0.0, 0.5, size=len(schools))
    urns = np.array([school.urn for school in schools], dtype=object)
    chosen = np.empty(len(frame), dtype=object)
    kinds = {
        "State-funded primary": PRIMARY_TYPE,
        "State-funded secondary": SECONDARY_TYPE,
        "Special": SPECIAL_TYPE,
    }
    for (school_type, year), rows in frame.groupby(["school_type", "year_group"]).groups.items():
        pool = _pool(kinds.get(school_type, PRIMARY_TYPE), schools, int(year))
        if not pool:
            pool = _pool(SECONDARY_TYPE if year >= 7 else PRIMARY_TYPE, schools, int(year))
        if not pool:
            pool = list(range(len(schools)))
        picks = rng.choice(pool, size=len(rows), p=_normalised(size[pool]))
        chosen[frame.index.get_indexer(rows)] = urns[picks]
    return chosen


def _add_characteristics(rng: np.random.Generator, frame: pd.DataFrame) -> pd.DataFrame:
    count = len(frame)
    special = (frame["school_type"] == "Special").to_numpy()
    ehc = frame["any_sen"].to_numpy() & (special | (rng.random(count) < 0.2))
    frame["sen"] = np.where(ehc, "E", np.where(frame["any_sen"], "K", "N"))
    codes = list(ETHNICITIES)
    frame["ethnicity"] = np.array(codes)[
        rng.choice(len(codes), size=count, p=_normalised(list(ETHNICITIES.values())))
    ]
    # Children known to social care miss more school: their chance rises with the rate.
    pull = 1 + 4 * frame["absence_rate"].to_numpy()
    draw = rng.random(count)
    frame["social_care"] = np.select(
        [draw < 0.007 * pull, draw < 0.013 * pull, draw < 0.04 * pull], ["CLA", "CPP", "CIN"], ""
    )
    frame["young_carer"] = rng.random(count) < 0.025
    # Higher absence is less often authorised.
    frame["authorised_share"] = np.clip(
        0.86 - 0.7 * frame["absence_rate"].to_numpy() + rng.normal(0, 0.08, count), 0.15, 0.95
    )
    return frame


def _dual_registrations(
    rng: np.random.Generator, frame: pd.DataFrame, schools: Sequence[SyntheticSchool]
) -> pd.DataFrame:
    """Some secondary-age pupils are also on an alternative provision's roll."""
    provisions = [s.urn for s in schools if s.phase == "alternative provision"]
    secondary_age = frame["year_group"].between(7, 11).to_numpy()
    chosen = secondary_age & (rng.random(len(frame)) < DUAL_REGISTERED_SHARE)
    if not provisions or not chosen.any():
        return frame.iloc[0:0]
    dual = frame.loc[chosen].copy()
    dual["urn"] = rng.choice(provisions, size=len(dual))
    dual["absence_rate"] = rng.uniform(0.15, 0.7, size=len(dual))
    return dual

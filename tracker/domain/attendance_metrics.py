"""The DfE absence measures, computed from per-enrolment session totals.

The unit is the enrolment: a pupil on the roll of two schools counts at each.
Only compulsory school age counts (national curriculum years 1 to 11); Year 11
sessions after the summer half-term are left out, because pupils are on study
leave and sitting exams; enrolments with no possible sessions in the period
are left out. Absence is authorised plus unauthorised; attendance is present
plus approved educational activity. Rates are left unrounded: rounding is for
display, and summing rounded rates drifts.

A persistent absentee has missed 10% or more of their own possible sessions,
a severe absentee 50% or more. Both are decided in integers
(``absent * 10 >= possible``) so that exactly 10% counts, which floating point
division does not guarantee.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

import pandas as pd

from tracker.domain.errors import InvalidContent
from tracker.domain.schools import SCHOOL_PHASES

SESSION_COLUMNS = ("possible", "present", "aea", "authorised", "unauthorised")
DIMENSIONS = (
    "phase",
    "year_group",
    "sex",
    "fsm",
    "sen",
    "ethnicity",
    "social_care",
    "young_carer",
    "locality",
    "school",
)
MEASURED_YEAR_GROUPS = range(1, 12)
YEAR_GROUP_LABELS = {0: "R", **{n: str(n) for n in range(1, 15)}}
NO_SOCIAL_CARE = "none"

# Values a --where filter may take, for dimensions with a fixed list.
ALLOWED_VALUES: dict[str, tuple[str, ...]] = {
    "phase": SCHOOL_PHASES,
    "year_group": tuple(YEAR_GROUP_LABELS.values()),
    "sex": ("F", "M"),
    "fsm": ("Y", "N"),
    "sen": ("N", "K", "E"),
    "social_care": (NO_SOCIAL_CARE, "CIN", "CPP", "CLA"),
    "young_carer": ("Y", "N"),
}


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def second_half_of_summer_starts(summer_half_term_start: date) -> date:
    """The Monday of the first week of the summer half-term holiday.

    A holiday given as starting on a Saturday or Sunday begins with the week after.
    """
    first_weekday = summer_half_term_start
    while first_weekday.weekday() >= 5:
        first_weekday += timedelta(days=1)
    return monday_of(first_weekday)


def in_second_half_of_summer(week_start: date, *, summer_half_term_start: date) -> bool:
    """Weeks from the summer half-term holiday on: left out for Year 11."""
    return week_start >= second_half_of_summer_starts(summer_half_term_start)


def validate_query(
    *, by: Iterable[str], where: Mapping[str, str | Iterable[str]] | None
) -> tuple[tuple[str, ...], dict[str, frozenset[str]]]:
    """Check a grouping and filters; returns them normalised or raises ``InvalidContent``.

    A filter value may be one value or several (any of them matches).
    """
    problems: dict[str, str] = {}
    by = tuple(by)
    unknown = [dim for dim in by if dim not in DIMENSIONS]
    if unknown:
        problems["by"] = f"Cannot group by {', '.join(unknown)}: choose from {_known()}"
    elif len(set(by)) != len(by):
        problems["by"] = "Group by each dimension only once"
    filters: dict[str, frozenset[str]] = {}
    for dim, raw in (where or {}).items():
        values = [raw] if isinstance(raw, str) else list(raw)
        if dim not in DIMENSIONS:
            problems["where"] = f"Cannot filter on {dim}: choose from {_known()}"
            continue
        values = [_normalise_value(dim, value) for value in values]
        allowed = ALLOWED_VALUES.get(dim)
        bad = [value for value in values if allowed is not None and value not in allowed]
        if bad:
            problems["where"] = (
                f"{dim} cannot be {', '.join(bad)}: it is one of {', '.join(allowed)}"
            )
            continue
        filters[dim] = frozenset(values)
    if problems:
        raise InvalidContent(problems)
    return by, filters


def _known() -> str:
    return ", ".join(DIMENSIONS)


def _normalise_value(dim: str, value: str) -> str:
    value = value.strip()
    if dim == "social_care" and value == "":
        return NO_SOCIAL_CARE
    if dim in ("phase",):
        return value.lower()
    if dim in ("school", "locality"):
        return value
    return value.upper() if dim != "year_group" else value.upper().removeprefix("Y")


def measured_enrolments(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per measured enrolment, with its dimensions and summed sessions.

    ``rows`` has ``enrolment_id``, the dimensions (``year_group`` as 0 for
    Reception to 14, ``fsm`` and ``young_carer`` as booleans, ``social_care``
    blank for none), ``late_summer`` (the sessions fall after the summer
    half-term) and the session columns; an enrolment may have several rows.
    """
    if rows.empty:
        return _empty_totals()
    in_age = rows["year_group"].isin(MEASURED_YEAR_GROUPS)
    year11_late = (rows["year_group"] == 11) & rows["late_summer"].astype(bool)
    kept = rows.loc[in_age & ~year11_late]
    if kept.empty:
        return _empty_totals()
    sums = kept.groupby("enrolment_id", sort=True)[list(SESSION_COLUMNS)].sum()
    dims = kept.groupby("enrolment_id", sort=True)[list(DIMENSIONS)].first()
    totals = dims.join(sums)
    totals = totals.loc[totals["possible"] > 0]
    return _display_dimensions(totals.reset_index())


def _empty_totals() -> pd.DataFrame:
    return pd.DataFrame(columns=["enrolment_id", *DIMENSIONS, *SESSION_COLUMNS])


def _display_dimensions(totals: pd.DataFrame) -> pd.DataFrame:
    """Dimensions as the imports spell them, so filters and output use one vocabulary."""
    shown = totals.copy()
    shown["year_number"] = shown["year_group"].astype(int)
    shown["year_group"] = shown["year_number"].map(YEAR_GROUP_LABELS)
    for flag in ("fsm", "young_carer"):
        shown[flag] = shown[flag].map(lambda value: "Y" if bool(value) else "N")
    shown["social_care"] = shown["social_care"].replace("", NO_SOCIAL_CARE).fillna(NO_SOCIAL_CARE)
    for dim in ("phase", "sex", "sen", "ethnicity", "locality", "school"):
        shown[dim] = shown[dim].astype(str)
    return shown


def apply_filters(totals: pd.DataFrame, filters: Mapping[str, frozenset[str]]) -> pd.DataFrame:
    keep = pd.Series(True, index=totals.index)
    for dim, values in filters.items():
        keep &= totals[dim].isin(values)
    return totals.loc[keep]


def group_measures(
    totals: pd.DataFrame,
    *,
    by: Iterable[str] = (),
    where: Mapping[str, str | Iterable[str]] | None = None,
) -> list[dict[str, Any]]:
    """The measures for each group of measured enrolments; no rows when nobody is measured."""
    by, filters = validate_query(by=by, where=where)
    chosen = apply_filters(totals, filters)
    if chosen.empty:
        return []
    chosen = chosen.assign(
        absent=chosen["authorised"] + chosen["unauthorised"],
    )
    chosen = chosen.assign(
        persistent=(chosen["absent"] * 10 >= chosen["possible"]).astype(int),
        severe=(chosen["absent"] * 2 >= chosen["possible"]).astype(int),
        enrolments=1,
    )
    columns = ["enrolments", *SESSION_COLUMNS, "absent", "persistent", "severe"]
    if not by:
        return [measures_row({}, chosen[columns].sum())]
    keys = [("year_number" if dim == "year_group" else dim) for dim in by]
    grouped = chosen.groupby(keys, sort=True)[columns].sum()
    rows = []
    for key, sums in grouped.iterrows():
        values = key if isinstance(key, tuple) else (key,)
        group = {
            dim: (YEAR_GROUP_LABELS[int(value)] if dim == "year_group" else value)
            for dim, value in zip(by, values, strict=True)
        }
        rows.append(measures_row(group, sums))
    return rows


# Every figure of a row ``measures_row`` makes, in its order: the list the command line's
# columns and small-number suppression take theirs from. The figures page and its CSV
# show a chosen few of them, with headings (``tracker.views.data.figures``).
ROW_FIGURES = (
    "enrolments",
    "sessions_possible",
    "sessions_absent",
    "sessions_authorised",
    "sessions_unauthorised",
    "overall_absence_rate",
    "authorised_absence_rate",
    "unauthorised_absence_rate",
    "persistent_absentees",
    "persistent_absence_rate",
    "severe_absentees",
    "severe_absence_rate",
    "sessions_attended",
    "sessions_present",
    "sessions_aea",
    "attendance_rate",
)


def measures_row(group: dict[str, str], sums: Mapping[str, Any]) -> dict[str, Any]:
    """One output row from a group's summed counts."""
    enrolments = int(sums["enrolments"])
    possible = int(sums["possible"])
    authorised = int(sums["authorised"])
    unauthorised = int(sums["unauthorised"])
    absent = authorised + unauthorised
    present = int(sums["present"])
    aea = int(sums["aea"])
    persistent = int(sums["persistent"])
    severe = int(sums["severe"])
    return {
        "group": group,
        "enrolments": enrolments,
        "sessions_possible": possible,
        "sessions_absent": absent,
        "sessions_authorised": authorised,
        "sessions_unauthorised": unauthorised,
        "overall_absence_rate": _percent(absent, possible),
        "authorised_absence_rate": _percent(authorised, possible),
        "unauthorised_absence_rate": _percent(unauthorised, possible),
        "persistent_absentees": persistent,
        "persistent_absence_rate": _percent(persistent, enrolments),
        "severe_absentees": severe,
        "severe_absence_rate": _percent(severe, enrolments),
        "sessions_attended": present + aea,
        "sessions_present": present,
        "sessions_aea": aea,
        "attendance_rate": _percent(present + aea, possible),
    }


def _percent(part: int, whole: int) -> float | None:
    return part / whole * 100 if whole else None


def is_persistent_absentee(*, absent: int, possible: int) -> bool:
    return possible > 0 and absent * 10 >= possible


def is_severe_absentee(*, absent: int, possible: int) -> bool:
    return possible > 0 and absent * 2 >= possible

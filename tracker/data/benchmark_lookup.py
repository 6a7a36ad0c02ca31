"""Published figures for one measure and breakdown: England, our region, us, our neighbours.

One query loads every year of a breakdown for the few areas an indicator compares, so
evaluating all indicators for a term, or drawing an indicator's trend, stays quick.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, or_, select

from tracker.domain.benchmarks import (
    FULL_YEAR,
    LOCAL_AUTHORITY,
    NATIONAL,
    PERIOD_LABELS,
    REGIONAL,
    NeighbourMean,
    latest_list_version,
    neighbour_mean,
)
from tracker.extensions import db
from tracker.models import BenchmarkAuthority, PublishedRate, StatisticalNeighbour


@dataclass(frozen=True)
class Neighbours:
    version: str | None
    codes: tuple[str, ...]
    names: dict[str, str]


def neighbour_list_versions(*, la_code: str) -> list[str]:
    return list(
        db.session.scalars(
            select(StatisticalNeighbour.list_version)
            .where(StatisticalNeighbour.la_code == la_code)
            .distinct()
            .order_by(StatisticalNeighbour.list_version)
        )
    )


def find_neighbours(*, authority: BenchmarkAuthority, version: str | None = None) -> Neighbours:
    """The authority's neighbours in rank order, from ``version``, its chosen list or the latest."""
    chosen = (
        version
        or authority.neighbour_list
        or latest_list_version(neighbour_list_versions(la_code=authority.la_code))
    )
    rows = db.session.scalars(
        select(StatisticalNeighbour)
        .where(
            StatisticalNeighbour.la_code == authority.la_code,
            StatisticalNeighbour.list_version == chosen,
        )
        .order_by(StatisticalNeighbour.rank)
    ).all()
    return Neighbours(
        chosen,
        tuple(row.neighbour_code for row in rows),
        {row.neighbour_code: row.neighbour_name for row in rows},
    )


def own_code_for(authority: BenchmarkAuthority, year: str) -> tuple[str, str]:
    """The code and name the authority's area was published under in ``year``."""
    for predecessor in sorted(authority.predecessors or [], key=lambda p: p["until"]):
        if year <= predecessor["until"]:
            return predecessor["la_code"], predecessor["la_name"]
    return authority.la_code, authority.la_name


def period_label(year: str, period: str) -> str:
    return f"{year} {PERIOD_LABELS.get(period, period)}"


class PublishedFigures:
    """Every published figure of one measure and breakdown that the indicators compare."""

    def __init__(
        self,
        *,
        authority: BenchmarkAuthority,
        neighbours: Neighbours,
        measure: str,
        phase: str,
        characteristic: str,
    ) -> None:
        self.authority = authority
        self.neighbours = neighbours
        own_codes = [authority.la_code, *(p["la_code"] for p in authority.predecessors or [])]
        rate = PublishedRate
        rows = db.session.execute(
            select(
                rate.time_period,
                rate.period,
                rate.geographic_level,
                rate.region_name,
                rate.la_code,
                rate.value,
            ).where(
                rate.measure == measure,
                rate.phase == phase,
                rate.characteristic == characteristic,
                or_(
                    rate.geographic_level == NATIONAL,
                    and_(
                        rate.geographic_level == REGIONAL,
                        rate.region_name == authority.region_name,
                    ),
                    and_(
                        rate.geographic_level == LOCAL_AUTHORITY,
                        rate.la_code.in_([*own_codes, *neighbours.codes]),
                    ),
                ),
            )
        ).all()
        self._values: dict[tuple[str, str, str, str], float | None] = {}
        for year, period, level, _region, la_code, value in rows:
            self._values[(year, period, level, la_code)] = value
        self.periods = sorted({(year, period) for year, period, *_ in self._values})

    def _value(self, year: str, period: str, level: str, la_code: str = "") -> float | None:
        return self._values.get((year, period, level, la_code))

    def years(self) -> list[str]:
        return sorted({year for year, period in self.periods if period == FULL_YEAR})

    def choose_period(
        self, year: str, term: str | None, *, earlier_years: bool = True
    ) -> tuple[str, str] | None:
        """The published period to compare ``year`` (and ``term``) with.

        The DfE's termly figures are used for a term when loaded; otherwise the year's
        full-year figures; otherwise, if ``earlier_years``, the latest full year
        published before it.
        """
        available = set(self.periods)
        if term is not None and (year, term) in available:
            return year, term
        if (year, FULL_YEAR) in available:
            return year, FULL_YEAR
        if not earlier_years:
            return None
        earlier = [y for y, p in self.periods if p == FULL_YEAR and y < year]
        return (earlier[-1], FULL_YEAR) if earlier else None

    def national(self, year: str, period: str) -> float | None:
        return self._value(year, period, NATIONAL)

    def regional(self, year: str, period: str) -> float | None:
        return self._value(year, period, REGIONAL)

    def own(self, year: str, period: str) -> tuple[float | None, str]:
        code, name = own_code_for(self.authority, year)
        return self._value(year, period, LOCAL_AUTHORITY, code), name

    def neighbour_mean(self, year: str, period: str) -> NeighbourMean:
        values = {
            code: self._value(year, period, LOCAL_AUTHORITY, code) for code in self.neighbours.codes
        }
        return neighbour_mean(values, self.neighbours.codes)

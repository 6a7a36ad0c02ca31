"""Published benchmarks: DfE absence rates, statistical neighbour lists, our authority.

Published rates are stored one figure per row (a year, geography, phase, characteristic
and measure), so a measure added to a later DfE file needs no schema change. Both
tables are written in bulk by the reference-data loader, not through ORM objects.
"""

from __future__ import annotations

from sqlalchemy import JSON, CheckConstraint, Float, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db


class PublishedRate(db.Model):
    __tablename__ = "published_rate"
    # The key's column order serves the lookups (a measure for a breakdown, by year), so
    # one index does both jobs and bulk loads maintain only one.
    __table_args__ = (
        UniqueConstraint(
            "measure",
            "phase",
            "characteristic",
            "time_period",
            "period",
            "geographic_level",
            "region_name",
            "la_code",
            name="uq_published_rate_figure",
        ),
        CheckConstraint(
            "geographic_level IN ('National', 'Regional', 'Local authority')",
            name="level_is_known",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # An academic year, "2020/21".
    time_period: Mapped[str] = mapped_column(String(7))
    # "year" for full-year figures; a term ("autumn", "autumn_spring", ...) for termly ones.
    period: Mapped[str] = mapped_column(String(20), default="year")
    geographic_level: Mapped[str] = mapped_column(String(20))
    # Blank above the level they belong to: a National row has no region or authority.
    region_name: Mapped[str] = mapped_column(String(100), default="")
    la_code: Mapped[str] = mapped_column(String(10), default="")
    la_name: Mapped[str] = mapped_column(String(200), default="")
    phase: Mapped[str] = mapped_column(String(60))
    characteristic: Mapped[str] = mapped_column(String(100))
    measure: Mapped[str] = mapped_column(String(100))
    # None where the DfE published no figure (x, z, c, :); never zero for "missing".
    value: Mapped[float | None] = mapped_column(Float)


class StatisticalNeighbour(db.Model):
    """One place in an authority's list of ten statistical neighbours."""

    __tablename__ = "statistical_neighbour"
    __table_args__ = (UniqueConstraint("list_version", "la_code", "rank"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The list's publication, "2021-04" or "2025-05": later versions sort later.
    list_version: Mapped[str] = mapped_column(String(7))
    la_code: Mapped[str] = mapped_column(String(10), index=True)
    rank: Mapped[int]
    neighbour_code: Mapped[str] = mapped_column(String(10))
    neighbour_name: Mapped[str] = mapped_column(String(200), default="")
    closeness: Mapped[str] = mapped_column(String(50), default="")


class BenchmarkAuthority(db.Model):
    """The authority the tracker reports on, as the DfE statistics name it (one row).

    Seeded from the authority's ``authority.yaml``: nothing about any one authority is
    written in code.
    """

    __tablename__ = "benchmark_authority"

    id: Mapped[int] = mapped_column(primary_key=True)
    la_code: Mapped[str] = mapped_column(String(10))
    la_name: Mapped[str] = mapped_column(String(200))
    region_name: Mapped[str] = mapped_column(String(100))
    # None means the latest list loaded.
    neighbour_list: Mapped[str | None] = mapped_column(String(7))
    # Codes the area was published under before a reorganisation:
    # [{"la_code": "835", "la_name": "Dorset (Pre LG)", "until": "2018/19"}].
    predecessors: Mapped[list[dict]] = mapped_column(JSON, default=list)

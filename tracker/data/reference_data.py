"""Writing published rates and neighbour lists: bulk, and replacing what a file covers.

A file replaces the figures of every slice it holds: for rates, each year, period,
geographic level, phase and characteristic present; for neighbours, each list version.
Figures of other slices stay, so loading a characteristics file for 2020/21 leaves the
all-pupil figures for 2020/21 alone. Unchanged figures are not rewritten, which keeps
reseeding cheap and lets it report "nothing to change".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Table, delete, insert, select, update

from tracker.domain.benchmarks import NeighbourRow, PublishedRateRow
from tracker.domain.reference_seed import AuthoritySeed
from tracker.extensions import db
from tracker.models import BenchmarkAuthority, PublishedRate, StatisticalNeighbour

_CHUNK = 500


@dataclass
class Changes:
    created: int = 0
    updated: int = 0
    deleted: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


def _chunks(values: Sequence, size: int = _CHUNK) -> Iterable[Sequence]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _bulk_insert(table: Table, rows: list[dict]) -> None:
    """Insert many rows in the session's transaction, as fast as the database allows.

    PostgreSQL takes them through COPY, tens of times faster than one INSERT per row;
    other databases get a Core executemany (no ORM objects either way).
    """
    if not rows:
        return
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        columns = list(rows[0])
        names = ", ".join(f'"{name}"' for name in columns)
        cursor = connection.connection.driver_connection.cursor()
        with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([row[name] for name in columns])
        return
    db.session.execute(insert(table), rows)


def _rate_slice(key: tuple) -> tuple:
    time_period, period, level, _region, _la, phase, characteristic, _measure = key
    return (time_period, period, level, phase, characteristic)


def _existing_rates(years: set[str]) -> dict[tuple, tuple[int, float | None, str]]:
    columns = (
        PublishedRate.id,
        PublishedRate.time_period,
        PublishedRate.period,
        PublishedRate.geographic_level,
        PublishedRate.region_name,
        PublishedRate.la_code,
        PublishedRate.phase,
        PublishedRate.characteristic,
        PublishedRate.measure,
        PublishedRate.value,
        PublishedRate.la_name,
    )
    existing = {}
    for chunk in _chunks(sorted(years)):
        for row in db.session.execute(select(*columns).where(PublishedRate.time_period.in_(chunk))):
            existing[tuple(row[1:9])] = (row[0], row[9], row[10])
    return existing


def replace_published_rates(*, rows: Sequence[PublishedRateRow]) -> Changes:
    """Make the stored figures of each slice in ``rows`` exactly ``rows``."""
    wanted = {row.key: row for row in rows}
    slices = {_rate_slice(key) for key in wanted}
    existing = {
        key: found
        for key, found in _existing_rates({key[0] for key in wanted}).items()
        if _rate_slice(key) in slices
    }
    changes = Changes()
    new = [row for key, row in wanted.items() if key not in existing]
    changed = [
        {"id": existing[key][0], "value": row.value, "la_name": row.la_name}
        for key, row in wanted.items()
        if key in existing and (existing[key][1], existing[key][2]) != (row.value, row.la_name)
    ]
    gone = [found[0] for key, found in existing.items() if key not in wanted]
    for chunk in _chunks(gone):
        db.session.execute(delete(PublishedRate).where(PublishedRate.id.in_(chunk)))
    if changed:
        db.session.execute(update(PublishedRate), changed)
    _bulk_insert(
        PublishedRate.__table__,
        [
            {
                "time_period": row.time_period,
                "period": row.period,
                "geographic_level": row.geographic_level,
                "region_name": row.region_name,
                "la_code": row.la_code,
                "la_name": row.la_name,
                "phase": row.phase,
                "characteristic": row.characteristic,
                "measure": row.measure,
                "value": row.value,
            }
            for row in new
        ],
    )
    changes.created, changes.updated, changes.deleted = len(new), len(changed), len(gone)
    return changes


def replace_neighbour_lists(*, rows: Sequence[NeighbourRow]) -> Changes:
    """Make each list version in ``rows`` exactly ``rows``."""
    wanted = {row.key: row for row in rows}
    versions = sorted({row.list_version for row in rows})
    existing = {
        (record.list_version, record.la_code, record.rank): record
        for record in db.session.scalars(
            select(StatisticalNeighbour).where(StatisticalNeighbour.list_version.in_(versions))
        )
    }
    changes = Changes()
    for key, record in existing.items():
        if key not in wanted:
            db.session.delete(record)
            changes.deleted += 1
    new = []
    for key, row in wanted.items():
        values = {
            "neighbour_code": row.neighbour_code,
            "neighbour_name": row.neighbour_name,
            "closeness": row.closeness,
        }
        record = existing.get(key)
        if record is None:
            new.append(
                {
                    "list_version": row.list_version,
                    "la_code": row.la_code,
                    "rank": row.rank,
                    **values,
                }
            )
        elif any(getattr(record, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(record, name, value)
            changes.updated += 1
    # Deletions first: a re-ranked list reuses (version, authority, rank).
    db.session.flush()
    _bulk_insert(StatisticalNeighbour.__table__, new)
    changes.created = len(new)
    return changes


def get_authority() -> BenchmarkAuthority | None:
    return db.session.scalars(select(BenchmarkAuthority).order_by(BenchmarkAuthority.id)).first()


def save_authority(*, seed: AuthoritySeed) -> str | None:
    """Store the authority the tracker reports on: "created", "updated" or None."""
    values = {
        "la_code": seed.la_code,
        "la_name": seed.la_name,
        "region_name": seed.region,
        "neighbour_list": seed.neighbour_list,
        "predecessors": [
            {"la_code": p.la_code, "la_name": p.la_name, "until": p.until}
            for p in seed.predecessors
        ],
    }
    authority = get_authority()
    if authority is None:
        db.session.add(BenchmarkAuthority(**values))
        return "created"
    changed = [name for name, value in values.items() if getattr(authority, name) != value]
    for name in changed:
        setattr(authority, name, values[name])
    return "updated" if changed else None

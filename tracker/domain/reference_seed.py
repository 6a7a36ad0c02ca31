"""Read ``authority.yaml``: which authority the tracker reports on, and its reference files.

The reference files (DfE published rates and statistical neighbour lists) are named
relative to the seed folder, so several authorities can share one copy of them.
Parsing the rates file is the slow part of seeding, so a file is parsed once per
process and content: reseeding an unchanged file costs nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from tracker.domain.benchmarks import (
    LOCAL_AUTHORITY,
    REGIONAL,
    NeighbourRow,
    PublishedRateRow,
    ReferenceFileError,
    csv_rows,
    parse_neighbour_lists,
    parse_published_rates,
)
from tracker.domain.seed_plan import SeedProblem
from tracker.domain.terms import is_academic_year

AUTHORITY_FILE = "authority.yaml"


@dataclass(frozen=True)
class Predecessor:
    la_code: str
    la_name: str
    until: str


@dataclass(frozen=True)
class AuthoritySeed:
    la_code: str
    la_name: str
    region: str
    # None: the latest list loaded.
    neighbour_list: str | None
    predecessors: list[Predecessor] = field(default_factory=list)


@dataclass(frozen=True)
class ReferenceSeed:
    rates_file: str
    neighbours_file: str
    rates: list[PublishedRateRow]
    neighbours: list[NeighbourRow]


@lru_cache(maxsize=8)
def _parsed(path: str, kind: str, mtime_ns: int, size: int):
    text = Path(path).read_text(encoding="utf-8")
    parse = parse_published_rates if kind == "rates" else parse_neighbour_lists
    return tuple(parse(csv_rows(text)))


def _read_reference(
    folder: Path, name: str, kind: str, file: str, problems: list[SeedProblem]
) -> tuple[str, list]:
    path = (folder / name).resolve()
    if not path.is_file():
        problems.append(SeedProblem(file, f"reference {kind}", f"file {name} not found"))
        return str(path), []
    stat = path.stat()
    try:
        return str(path), list(_parsed(str(path), kind, stat.st_mtime_ns, stat.st_size))
    except ReferenceFileError as error:
        problems.extend(SeedProblem(str(path), p.where, p.message) for p in error.problems)
    except UnicodeDecodeError:
        problems.append(SeedProblem(str(path), "file", "is not UTF-8 text"))
    return str(path), []


def _text(data: dict, key: str, item: str, file: str, problems: list[SeedProblem]) -> str:
    value = data.get(key)
    if not isinstance(value, str | int) or isinstance(value, bool) or not str(value).strip():
        problems.append(SeedProblem(file, item, f"missing field '{key}'"))
        return ""
    return str(value).strip()


def _predecessors(raw, file: str, problems: list[SeedProblem]) -> list[Predecessor]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        problems.append(SeedProblem(file, "authority", "field 'predecessors' must be a list"))
        return []
    found = []
    for index, entry in enumerate(raw, start=1):
        item = f"predecessor {index}"
        if not isinstance(entry, dict):
            problems.append(SeedProblem(file, item, "must be a mapping of fields"))
            continue
        until = _text(entry, "until", item, file, problems)
        if until and not is_academic_year(until):
            problems.append(SeedProblem(file, item, "until must be an academic year like 2018/19"))
        found.append(
            Predecessor(
                _text(entry, "la_code", item, file, problems),
                _text(entry, "la_name", item, file, problems),
                until,
            )
        )
    return found


def read_authority(data: dict, file: str, problems: list[SeedProblem]) -> AuthoritySeed:
    raw = data.get("authority")
    if not isinstance(raw, dict):
        problems.append(SeedProblem(file, "authority", "must be a mapping of fields"))
        raw = {}
    neighbour_list = raw.get("neighbour_list", "latest")
    if not isinstance(neighbour_list, str) or not neighbour_list.strip():
        problems.append(SeedProblem(file, "authority", "neighbour_list must be latest or 2021-04"))
        neighbour_list = "latest"
    neighbour_list = neighbour_list.strip()
    return AuthoritySeed(
        la_code=_text(raw, "la_code", "authority", file, problems),
        la_name=_text(raw, "la_name", "authority", file, problems),
        region=_text(raw, "region", "authority", file, problems),
        neighbour_list=None if neighbour_list == "latest" else neighbour_list,
        predecessors=_predecessors(raw.get("predecessors"), file, problems),
    )


def read_reference(data: dict, folder: Path, file: str, problems: list[SeedProblem]):
    raw = data.get("reference")
    if not isinstance(raw, dict):
        problems.append(SeedProblem(file, "reference", "must name the benchmarks and neighbours"))
        return None
    names = {
        key: _text(raw, key, "reference", file, problems) for key in ("benchmarks", "neighbours")
    }
    if not all(names.values()):
        return None
    rates_file, rates = _read_reference(folder, names["benchmarks"], "rates", file, problems)
    neighbours_file, neighbours = _read_reference(
        folder, names["neighbours"], "neighbours", file, problems
    )
    return ReferenceSeed(rates_file, neighbours_file, rates, neighbours)


def check_authority_in_reference(
    authority: AuthoritySeed, reference: ReferenceSeed, file: str, problems: list[SeedProblem]
) -> None:
    """The authority, its region and its neighbour list must be in the reference files."""
    if not reference.rates or not reference.neighbours:
        return
    codes = {row.la_code for row in reference.rates if row.geographic_level == LOCAL_AUTHORITY}
    regions = {row.region_name for row in reference.rates if row.geographic_level == REGIONAL}
    for code in [authority.la_code, *(p.la_code for p in authority.predecessors)]:
        if code and code not in codes:
            problems.append(
                SeedProblem(file, "authority", f"no published figures for authority {code}")
            )
    if authority.region and authority.region not in regions:
        problems.append(
            SeedProblem(file, "authority", f"no published figures for region {authority.region!r}")
        )
    versions = {
        row.list_version for row in reference.neighbours if row.la_code == authority.la_code
    }
    if not versions:
        problems.append(
            SeedProblem(file, "authority", f"no statistical neighbours for {authority.la_code}")
        )
    elif authority.neighbour_list and authority.neighbour_list not in versions:
        problems.append(
            SeedProblem(
                file,
                "authority",
                f"neighbour_list {authority.neighbour_list!r} is not one of "
                f"{', '.join(sorted(versions))}",
            )
        )


def read_authority_file(
    data: dict | None, folder: Path, file: str, problems: list[SeedProblem]
) -> tuple[AuthoritySeed | None, ReferenceSeed | None]:
    """The authority and its reference data; (None, None) when there is no authority file."""
    if data is None:
        return None, None
    authority = read_authority(data, file, problems)
    reference = read_reference(data, folder, file, problems)
    if reference is not None:
        check_authority_in_reference(authority, reference, file, problems)
    return authority, reference

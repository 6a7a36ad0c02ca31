"""Read and validate the seed files: every problem is collected, then reported at once.

The seed folder holds four YAML files: ``strategy.yaml`` (vision, priorities,
outcomes, actions), ``localities.yaml`` (localities and locality priorities),
``terms.yaml`` (term dates) and ``figures.yaml`` (figures the document quotes). Two
more are read when present: ``authority.yaml`` (the authority's published benchmarks)
and ``indicators.yaml`` (how each outcome is measured).
"""

from __future__ import annotations

import itertools
import math
import re
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from tracker.domain.indicator_seed import INDICATOR_FILE, read_indicator_file
from tracker.domain.reference_seed import AUTHORITY_FILE, read_authority_file
from tracker.domain.seed_plan import (
    ActionSeed,
    FigureSeed,
    LocalityGroupSeed,
    LocalityPrioritySeed,
    LocalitySeed,
    PrioritySeed,
    SectionSeed,
    SeedError,
    SeedPlan,
    SeedProblem,
    StrategySeed,
    TermSeed,
)
from tracker.domain.terms import TERM_NAMES, is_academic_year
from tracker.domain.text import slugify

SEED_FILES = ("strategy.yaml", "localities.yaml", "terms.yaml", "figures.yaml")
# Read when present: the authority's benchmarks, and how its outcomes are measured.
OPTIONAL_SEED_FILES = (AUTHORITY_FILE, INDICATOR_FILE)
_PRIORITY_IN_REF = re.compile(r"^P(\d+)/")
_TRAILING_NUMBER = re.compile(r"(\d+)$")


class _Checker:
    """Reads fields from one file's mappings, noting problems instead of stopping."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[SeedProblem] = []

    def problem(self, item: str, message: str) -> None:
        self.problems.append(SeedProblem(self.file, item, message))

    def mapping(self, value: Any, item: str) -> dict:
        if isinstance(value, dict):
            return value
        self.problem(item, "must be a mapping of fields")
        return {}

    def text(self, data: dict, key: str, item: str, *, required: bool = True) -> str:
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(item, f"missing field '{key}'")
            return ""
        if not isinstance(value, str | int | float):
            self.problem(item, f"field '{key}' must be text")
            return ""
        return str(value).strip()

    def texts(self, data: dict, key: str, item: str, *, required: bool = True) -> list[str]:
        value = data.get(key)
        if value is None:
            if required:
                self.problem(item, f"missing field '{key}'")
            return []
        if not isinstance(value, list) or not all(
            isinstance(entry, str) and entry.strip() for entry in value
        ):
            self.problem(item, f"field '{key}' must be a list of non-empty texts")
            return []
        return [entry.strip() for entry in value]

    def items(self, data: dict, key: str, item: str) -> list:
        value = data.get(key)
        if not isinstance(value, list) or not value:
            self.problem(item, f"field '{key}' must be a non-empty list")
            return []
        return value

    def integer(self, data: dict, key: str, item: str) -> int:
        value = data.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.problem(item, f"field '{key}' must be a whole number from 1")
            return 0
        return value

    def day(self, data: dict, key: str, item: str) -> date | None:
        value = data.get(key)
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.problem(item, f"field '{key}' must be a date written YYYY-MM-DD")
        return None

    def unique(self, seen: set, value: Any, item: str, what: str) -> None:
        if value in seen:
            self.problem(item, f"duplicate {what} {value!r}")
        seen.add(value)


def load_yaml(path: Path, problems: list[SeedProblem]) -> dict:
    """Parse one file; a missing or unparsable file becomes a problem, not a crash."""
    if not path.is_file():
        problems.append(SeedProblem(str(path), "file", "not found"))
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "file"
        problems.append(SeedProblem(str(path), where, f"is not valid YAML: {error}"))
        return {}
    if not isinstance(data, dict):
        problems.append(SeedProblem(str(path), "file", "must hold a mapping at the top level"))
        return {}
    return data


def read_strategy(data: dict, check: _Checker) -> tuple[StrategySeed, list[PrioritySeed]]:
    meta = check.mapping(data.get("strategy"), "strategy")
    sections = []
    for index, raw in enumerate(meta.get("sections") or [], start=1):
        section = check.mapping(raw, f"section {index}")
        title = check.text(section, "title", f"section {index}")
        sections.append(SectionSeed(title, check.text(section, "body", f"section '{title}'")))
    strategy = StrategySeed(
        organisation=check.text(data, "organisation", "strategy"),
        service_name=check.text(data, "service_name", "strategy"),
        title=check.text(meta, "title", "strategy"),
        version=check.text(meta, "version", "strategy"),
        source=check.text(meta, "source", "strategy", required=False),
        vision=check.text(meta, "vision", "strategy"),
        vision_context=check.text(meta, "vision_context", "strategy", required=False),
        commitments_intro=check.text(meta, "commitments_intro", "strategy", required=False),
        commitments=check.texts(meta, "commitments", "strategy", required=False),
        governance=check.text(meta, "governance", "strategy", required=False),
        sections=sections,
    )
    priorities = []
    numbers: set[int] = set()
    refs: set[str] = set()
    slugs: set[str] = set()
    for index, raw in enumerate(check.items(data, "priorities", "strategy"), start=1):
        entry = check.mapping(raw, f"priority {index}")
        number = check.integer(entry, "number", f"priority {index}")
        item = f"priority {number or index}"
        check.unique(numbers, number, item, "priority number")
        actions = [
            read_action(raw_action, number, position, check, refs, slugs)
            for position, raw_action in enumerate(check.items(entry, "actions", item), start=1)
        ]
        priorities.append(
            PrioritySeed(
                number=number,
                title=check.text(entry, "title", item),
                vision=check.text(entry, "vision", item),
                outcomes=check.texts(entry, "outcomes", item),
                actions=actions,
            )
        )
    return strategy, priorities


def read_action(
    raw: Any, priority: int, position: int, check: _Checker, refs: set[str], slugs: set[str]
) -> ActionSeed:
    entry = check.mapping(raw, f"priority {priority} action {position}")
    ref = check.text(entry, "ref", f"priority {priority} action {position}")
    item = f"action {ref or position}"
    check.unique(refs, ref, item, "reference")
    named = _PRIORITY_IN_REF.match(ref)
    if named and int(named.group(1)) != priority:
        check.problem(
            item,
            f"reference names priority {named.group(1)} but is listed under priority {priority}",
        )
    slug = ref.replace("/", "-").replace(" ", "-")
    if ref:
        check.unique(slugs, slug.lower(), item, "reference (as a URL)")
    trailing = _TRAILING_NUMBER.search(ref)
    return ActionSeed(
        ref=ref,
        slug=slug,
        number=int(trailing.group(1)) if trailing else position,
        text=check.text(entry, "text", item),
        sub_items=check.texts(entry, "sub_items", item, required=False),
        note=check.text(entry, "note", item, required=False),
    )


def read_localities(
    data: dict, check: _Checker
) -> tuple[list[LocalitySeed], list[LocalityGroupSeed]]:
    localities = []
    names: set[str] = set()
    slugs: set[str] = set()
    for index, raw in enumerate(check.items(data, "localities", "localities"), start=1):
        entry = check.mapping(raw, f"locality {index}")
        name = check.text(entry, "name", f"locality {index}")
        check.unique(names, name, f"locality {name or index}", "locality")
        slug = _slug(entry, name, f"locality {name or index}", check)
        # Slugs are addresses (/items?locality=...), so two localities cannot share one.
        check.unique(slugs, slug, f"locality {name or index}", "slug")
        localities.append(LocalitySeed(name, slug))
    groups = []
    group_names: set[str] = set()
    group_slugs: set[str] = set()
    for index, raw in enumerate(check.items(data, "locality_groups", "locality groups"), start=1):
        entry = check.mapping(raw, f"locality group {index}")
        name = check.text(entry, "name", f"locality group {index}")
        item = f"locality group {name or index}"
        check.unique(group_names, name, item, "locality group")
        members = check.texts(entry, "localities", item)
        for member in members:
            if member not in names:
                check.problem(item, f"unknown locality {member!r}")
        slug = _slug(entry, name, item, check)
        check.unique(group_slugs, slug, item, "slug")
        groups.append(
            LocalityGroupSeed(
                name, slug, members, read_locality_priorities(entry, name, slug, check)
            )
        )
    return localities, groups


def _slug(entry: dict, name: str, item: str, check: _Checker) -> str:
    """The given ``slug`` (lower-case letters, digits, hyphens), else one made from the name."""
    given = entry.get("slug")
    if given is None:
        return slugify(name)
    if not isinstance(given, str) or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", given):
        check.problem(item, f"slug must be lower-case letters, digits and hyphens, got {given!r}")
    return str(given)


def read_locality_priorities(
    entry: dict, group: str, group_slug: str, check: _Checker
) -> list[LocalityPrioritySeed]:
    priorities = []
    numbers: set[int] = set()
    for index, raw in enumerate(check.items(entry, "priorities", f"locality group {group}"), 1):
        item_data = check.mapping(raw, f"{group} priority {index}")
        number = check.integer(item_data, "number", f"{group} priority {index}")
        item = f"{group} priority {number or index}"
        check.unique(numbers, number, item, "priority number")
        priorities.append(
            LocalityPrioritySeed(
                ref=f"{group}/{number}",
                slug=f"{group_slug}-{number}",
                number=number,
                text=check.text(item_data, "text", item),
            )
        )
    return priorities


def read_terms(data: dict, check: _Checker) -> list[TermSeed]:
    terms = []
    seen: set[tuple[str, str]] = set()
    for index, raw in enumerate(check.items(data, "terms", "terms"), start=1):
        entry = check.mapping(raw, f"term {index}")
        year = check.text(entry, "academic_year", f"term {index}")
        name = check.text(entry, "name", f"term {index}")
        item = f"term {name} {year}"
        if year and not is_academic_year(year):
            check.problem(item, "academic_year must look like 2022/23")
        if name and name not in TERM_NAMES:
            check.problem(item, f"name must be one of {', '.join(TERM_NAMES)}")
        check.unique(seen, (year, name), item, "term")
        dates = [
            check.day(entry, key, item)
            for key in ("start", "half_term_start", "half_term_end", "end")
        ]
        if None in dates:
            continue
        start, half_start, half_end, end = dates
        if not (start < half_start <= half_end < end):
            check.problem(item, "dates must run start < half_term_start <= half_term_end < end")
        terms.append(TermSeed(year, name, start, end, half_start, half_end))
    ordered = sorted(terms, key=lambda term: term.start)
    for before, after in itertools.pairwise(ordered):
        if after.start <= before.end:
            check.problem(f"term {after.name} {after.academic_year}", "overlaps the term before it")
    return terms


def read_figures(data: dict, check: _Checker) -> list[FigureSeed]:
    figures = []
    keys: set[str] = set()
    for index, raw in enumerate(data.get("figures") or [], start=1):
        entry = check.mapping(raw, f"figure {index}")
        key = check.text(entry, "key", f"figure {index}")
        item = f"figure {key or index}"
        check.unique(keys, key, item, "key")
        value = entry.get("value")
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            check.problem(item, "field 'value' must be a number")
            value = 0.0
        figures.append(
            FigureSeed(
                key=key,
                measure=check.text(entry, "measure", item),
                area=check.text(entry, "area", item),
                period=check.text(entry, "period", item),
                cohort=check.text(entry, "cohort", item),
                value=float(value),
                quote=check.text(entry, "quote", item, required=False),
            )
        )
    return figures


def read_seed_folder(folder: Path | str) -> SeedPlan:
    """Read the four seed files; raise ``SeedError`` listing every problem found."""
    folder = Path(folder)
    problems: list[SeedProblem] = []
    raw = {name: load_yaml(folder / name, problems) for name in SEED_FILES}
    optional = {
        name: load_yaml(folder / name, problems)
        for name in OPTIONAL_SEED_FILES
        if (folder / name).exists()
    }
    checkers = {name: _Checker(str(folder / name)) for name in SEED_FILES}
    if problems:
        raise SeedError(problems)
    strategy, priorities = read_strategy(raw["strategy.yaml"], checkers["strategy.yaml"])
    localities, groups = read_localities(raw["localities.yaml"], checkers["localities.yaml"])
    terms = read_terms(raw["terms.yaml"], checkers["terms.yaml"])
    figures_check = checkers["figures.yaml"]
    figures = read_figures(raw["figures.yaml"], figures_check)
    figures_source = figures_check.text(raw["figures.yaml"], "source", "figures", required=False)
    problems = [problem for check in checkers.values() for problem in check.problems]
    authority, reference = read_authority_file(
        optional.get(AUTHORITY_FILE), folder, str(folder / AUTHORITY_FILE), problems
    )
    indicators = read_indicator_file(
        optional.get(INDICATOR_FILE), str(folder / INDICATOR_FILE), priorities, problems
    )
    if problems:
        raise SeedError(problems)
    return SeedPlan(
        strategy,
        priorities,
        localities,
        groups,
        terms,
        figures,
        figures_source,
        authority=authority,
        reference=reference,
        indicators=indicators,
    )

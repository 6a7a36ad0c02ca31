"""Read ``indicators.yaml``: how each outcome statement is measured.

Indicators name the outcomes they measure as ``P<priority>/<position>`` (``P1/7`` is
the seventh outcome of priority 1), checked against ``strategy.yaml``. Rules may be
written out or name a list under ``rule_sets``, so the usual Green/Amber/Red list is
written once.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from tracker.domain.attendance_metrics import ALLOWED_VALUES, DIMENSIONS
from tracker.domain.indicators import (
    COMPARATOR_KINDS,
    COMPUTED,
    DIRECTIONS,
    KINDS,
    TARGET,
    rule_problems,
)
from tracker.domain.seed_plan import PrioritySeed, SeedProblem

INDICATOR_FILE = "indicators.yaml"
PERIODS = ("year", "term")
# Measures computed from attendance data, named as the published figures are.
COMPUTED_MEASURES = (
    "overall_absence_rate",
    "authorised_absence_rate",
    "unauthorised_absence_rate",
    "persistent_absence_rate",
    "severe_absence_rate",
)
_OUTCOME_REF = re.compile(r"^P(\d+)/(\d+)$")


@dataclass(frozen=True)
class IndicatorSeed:
    code: str
    title: str
    description: str
    kind: str
    measure: str
    unit: str
    cohort: dict[str, str | list[str]]
    published: dict[str, str] | None
    period: str
    comparators: list[dict[str, Any]]
    direction: str
    rules: list[dict[str, str]]
    tolerance: float
    outcomes: list[tuple[int, int]] = field(default_factory=list)


class _Reader:
    def __init__(self, file: str, priorities: list[PrioritySeed]) -> None:
        self.file = file
        self.problems: list[SeedProblem] = []
        self.outcomes = {
            (priority.number, position)
            for priority in priorities
            for position in range(1, len(priority.outcomes) + 1)
        }

    def problem(self, item: str, message: str) -> None:
        self.problems.append(SeedProblem(self.file, item, message))

    def text(self, data: dict, key: str, item: str, *, default: str | None = None) -> str:
        value = data.get(key)
        if value is None and default is not None:
            return default
        if not isinstance(value, str) or not value.strip():
            self.problem(item, f"missing field '{key}'")
            return ""
        return value.strip()

    def choice(self, data: dict, key: str, item: str, choices, default: str | None = None) -> str:
        value = self.text(data, key, item, default=default)
        if value and value not in choices:
            self.problem(item, f"field '{key}' must be one of {', '.join(choices)}")
        return value

    def number(self, value: Any, item: str, what: str) -> float:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            self.problem(item, f"{what} must be a number")
            return 0.0
        return float(value)

    def cohort(self, data: dict, item: str) -> dict[str, str | list[str]]:
        """Filters on the attendance data; a list of values matches any of them."""
        raw = data.get("cohort") or {}
        if not isinstance(raw, dict):
            self.problem(item, "field 'cohort' must map dimensions to values")
            return {}
        cohort: dict[str, str | list[str]] = {}
        for dim, value in raw.items():
            values = (
                [str(entry).strip() for entry in value]
                if isinstance(value, list)
                else [str(value).strip()]
            )
            if dim not in DIMENSIONS:
                self.problem(
                    item, f"cohort dimension {dim!r} is not one of {', '.join(DIMENSIONS)}"
                )
                continue
            allowed = ALLOWED_VALUES.get(dim)
            if allowed is not None and any(entry not in allowed for entry in values):
                self.problem(item, f"cohort {dim} must be one of {', '.join(allowed)}")
            if not values or not all(values):
                self.problem(item, f"cohort {dim} needs a value")
            cohort[dim] = values if isinstance(value, list) else values[0]
        return cohort

    def published(self, data: dict, item: str) -> dict[str, str] | None:
        raw = data.get("published")
        if raw is None:
            return None
        if not isinstance(raw, dict) or not all(
            isinstance(raw.get(key), str) and raw[key].strip()
            for key in ("phase", "characteristic")
        ):
            self.problem(item, "field 'published' must give a phase and a characteristic")
            return None
        return {"phase": raw["phase"].strip(), "characteristic": raw["characteristic"].strip()}

    def comparators(self, data: dict, item: str) -> list[dict[str, Any]]:
        raw = data.get("comparators")
        if not isinstance(raw, list) or not raw:
            self.problem(item, "field 'comparators' must be a non-empty list")
            return []
        found = []
        for entry in raw:
            entry = {"kind": entry} if isinstance(entry, str) else entry
            if not isinstance(entry, dict) or entry.get("kind") not in COMPARATOR_KINDS:
                self.problem(item, f"comparators must be among {', '.join(COMPARATOR_KINDS)}")
                continue
            comparator: dict[str, Any] = {"kind": entry["kind"]}
            if entry["kind"] == TARGET:
                comparator["value"] = self.number(entry.get("value"), item, "a target's value")
                comparator["label"] = str(entry.get("label") or "Target")
            found.append(comparator)
        return found

    def rules(self, data: dict, item: str, rule_sets: dict[str, list]) -> list[dict[str, str]]:
        raw = data.get("rules")
        if isinstance(raw, str):
            if raw not in rule_sets:
                self.problem(item, f"rules {raw!r} is not a rule set named under rule_sets")
                return []
            raw = rule_sets[raw]
        for message in rule_problems(raw):
            self.problem(item, message)
        return [dict(entry) for entry in raw] if isinstance(raw, list) else []

    def outcome_refs(self, data: dict, item: str) -> list[tuple[int, int]]:
        raw = data.get("outcomes")
        if not isinstance(raw, list) or not raw:
            self.problem(item, "field 'outcomes' must list the outcomes it measures, e.g. P1/7")
            return []
        refs = []
        for ref in raw:
            match = _OUTCOME_REF.match(str(ref).strip())
            key = (int(match.group(1)), int(match.group(2))) if match else None
            if key is None or key not in self.outcomes:
                self.problem(item, f"outcome {ref!r} is not in strategy.yaml")
                continue
            refs.append(key)
        return refs


def _read_indicator(reader: _Reader, raw: Any, index: int, rule_sets) -> IndicatorSeed:
    entry = raw if isinstance(raw, dict) else {}
    if not isinstance(raw, dict):
        reader.problem(f"indicator {index}", "must be a mapping of fields")
    code = reader.text(entry, "code", f"indicator {index}")
    item = f"indicator {code or index}"
    kind = reader.choice(entry, "kind", item, KINDS)
    measure = reader.text(entry, "measure", item)
    if kind == COMPUTED and measure and measure not in COMPUTED_MEASURES:
        reader.problem(item, f"a computed measure must be one of {', '.join(COMPUTED_MEASURES)}")
    tolerance = reader.number(entry.get("tolerance", 0), item, "field 'tolerance'")
    if tolerance < 0:
        reader.problem(item, "field 'tolerance' must not be negative")
    return IndicatorSeed(
        code=code,
        title=reader.text(entry, "title", item),
        description=reader.text(entry, "description", item, default=""),
        kind=kind,
        measure=measure,
        unit=reader.text(entry, "unit", item, default="%"),
        cohort=reader.cohort(entry, item),
        published=reader.published(entry, item),
        period=reader.choice(entry, "period", item, PERIODS, default="year"),
        comparators=reader.comparators(entry, item),
        direction=reader.choice(entry, "direction", item, DIRECTIONS),
        rules=reader.rules(entry, item, rule_sets),
        tolerance=tolerance,
        outcomes=reader.outcome_refs(entry, item),
    )


def read_indicators(
    data: dict, file: str, priorities: list[PrioritySeed]
) -> tuple[list[IndicatorSeed], list[SeedProblem]]:
    reader = _Reader(file, priorities)
    rule_sets = data.get("rule_sets") or {}
    if not isinstance(rule_sets, dict):
        reader.problem("rule_sets", "must map names to rule lists")
        rule_sets = {}
    raw = data.get("indicators")
    if not isinstance(raw, list) or not raw:
        reader.problem("indicators", "field 'indicators' must be a non-empty list")
        raw = []
    indicators = [
        _read_indicator(reader, entry, index, rule_sets) for index, entry in enumerate(raw, 1)
    ]
    codes: set[str] = set()
    for indicator in indicators:
        if indicator.code in codes:
            reader.problem(f"indicator {indicator.code}", f"duplicate code {indicator.code!r}")
        codes.add(indicator.code)
    return indicators, reader.problems


def unmeasured_outcomes(
    indicators: list[IndicatorSeed], priorities: list[PrioritySeed]
) -> list[str]:
    """Outcome statements no indicator measures, as ``P1/7``."""
    measured = {ref for indicator in indicators for ref in indicator.outcomes}
    return [
        f"P{priority.number}/{position}"
        for priority in priorities
        for position in range(1, len(priority.outcomes) + 1)
        if (priority.number, position) not in measured
    ]


def read_indicator_file(
    data: dict | None, file: str, priorities: list[PrioritySeed], problems: list[SeedProblem]
) -> list[IndicatorSeed] | None:
    """The indicators, checking every outcome statement is measured; None with no file."""
    if data is None:
        return None
    indicators, found = read_indicators(data, file, priorities)
    problems.extend(found)
    for ref in unmeasured_outcomes(indicators, priorities) if not found else []:
        problems.append(SeedProblem(file, f"outcome {ref}", "no indicator measures it"))
    return indicators

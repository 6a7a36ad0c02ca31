"""Outcome indicators: compare a value with its comparators and apply the indicator's rules.

Rules are data (from the seed files): a list of ``{status, when}`` evaluated in order, the
first whose condition holds giving the status. Values are compared as published, to two
decimal places, so that 4.57 and 4.5700000001 are equal, and equal is never "below".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

LOWER, HIGHER = "lower", "higher"
DIRECTIONS = (LOWER, HIGHER)
COMPUTED, MANUAL = "computed", "manual"
KINDS = (COMPUTED, MANUAL)

# Comparator kinds an indicator may name.
NATIONAL, REGIONAL, NEIGHBOURS, PREVIOUS_YEAR, TARGET = (
    "national",
    "regional",
    "neighbours",
    "previous_year",
    "target",
)
COMPARATOR_KINDS = (NATIONAL, REGIONAL, NEIGHBOURS, PREVIOUS_YEAR, TARGET)

PLACES = Decimal("0.01")


@dataclass(frozen=True)
class IndicatorStatus:
    code: str
    label: str
    tag_class: str


INDICATOR_STATUSES = (
    IndicatorStatus("green", "Green", "govuk-tag--green"),
    IndicatorStatus("amber", "Amber", "govuk-tag--yellow"),
    IndicatorStatus("red", "Red", "govuk-tag--red"),
    IndicatorStatus("no_data", "No data", "govuk-tag--grey"),
)
STATUS_BY_CODE = {status.code: status for status in INDICATOR_STATUSES}
NO_DATA = "no_data"


def indicator_status(code: str | None) -> IndicatorStatus:
    return STATUS_BY_CODE.get(code or NO_DATA, STATUS_BY_CODE[NO_DATA])


@dataclass(frozen=True)
class Rule:
    status: str
    when: str
    meaning: str = ""


@dataclass(frozen=True)
class Comparison:
    """One comparator's figure. ``note`` qualifies it, e.g. the year it is for."""

    label: str
    value: float | None
    note: str = ""


@dataclass(frozen=True)
class Evaluation:
    status: str
    explanation: str

    @property
    def label(self) -> str:
        return indicator_status(self.status).label


def as_decimal(value: float) -> Decimal:
    """A value rounded half up to two places, as the DfE rounds its published rates."""
    return Decimal(repr(float(value))).quantize(PLACES, rounding=ROUND_HALF_UP)


def shortfall(value: float, comparator: float, direction: str) -> Decimal:
    """How far ``value`` is worse than ``comparator``: negative is better, zero is equal."""
    gap = as_decimal(value) - as_decimal(comparator)
    return gap if direction == LOWER else -gap


class _Facts:
    """What the conditions are judged on: the shortfall against each present comparator."""

    def __init__(self, value, comparators, direction, tolerance) -> None:
        self.value = value
        self.present = [c for c in comparators if c.value is not None]
        self.tolerance = as_decimal(tolerance)
        self.gaps = (
            [shortfall(value, c.value, direction) for c in self.present]
            if value is not None
            else []
        )

    def holds(self, condition: str) -> bool:
        if condition == "otherwise":
            return True
        if condition == "no_value":
            return self.value is None
        if condition == "no_comparators":
            return not self.present
        if not self.gaps:
            return False
        checks = {
            "better_than_all": lambda: all(gap < 0 for gap in self.gaps),
            "no_worse_than_all": lambda: all(gap <= 0 for gap in self.gaps),
            "better_than_any": lambda: any(gap < 0 for gap in self.gaps),
            "within_tolerance_of_all": lambda: all(gap <= self.tolerance for gap in self.gaps),
        }
        return checks[condition]()


CONDITIONS = (
    "no_value",
    "no_comparators",
    "better_than_all",
    "no_worse_than_all",
    "better_than_any",
    "within_tolerance_of_all",
    "otherwise",
)


def format_value(value: float, unit: str) -> str:
    if unit == "%":
        return f"{as_decimal(value)}%"
    text = f"{as_decimal(value):,}".rstrip("0").rstrip(".")
    return f"{text} {unit}".strip()


def format_amount(amount: Decimal | float, unit: str) -> str:
    """A difference between values: percentage points for rates."""
    if unit == "%":
        return f"{as_decimal(float(amount))} percentage points"
    return format_value(float(amount), unit)


def _default_meaning(condition: str, direction: str, tolerance: float, unit: str) -> str:
    better, worse = ("below", "higher") if direction == LOWER else ("above", "lower")
    return {
        "no_value": "no value for the period",
        "no_comparators": "no comparator figures for the period",
        "better_than_all": f"{better} every comparator",
        "no_worse_than_all": f"no {worse} than any comparator",
        "better_than_any": f"{better} at least one comparator",
        "within_tolerance_of_all": f"within {format_amount(tolerance, unit)} of every comparator",
        "otherwise": "none of the rules before it applied",
    }[condition]


def _join(parts: Sequence[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _figure(comparison: Comparison, unit: str) -> str:
    text = f"{comparison.label} {format_value(comparison.value, unit)}"  # type: ignore[arg-type]
    return f"{text} ({comparison.note})" if comparison.note else text


def describe_comparison(
    value: float | None, comparators: Sequence[Comparison], unit: str, subject: str = ""
) -> str:
    """ "4.57% is below England 4.62%, equal to South West 4.57%; no figure for ..." """
    if value is None:
        return "There is no value for the period"
    groups: dict[str, list[str]] = {"below": [], "equal to": [], "above": []}
    for comparison in comparators:
        if comparison.value is None:
            continue
        gap = as_decimal(value) - as_decimal(comparison.value)
        relation = "below" if gap < 0 else "above" if gap > 0 else "equal to"
        groups[relation].append(_figure(comparison, unit))
    clauses = [f"{relation} {_join(figures)}" for relation, figures in groups.items() if figures]
    text = f"{subject} {format_value(value, unit)}".strip()
    text += f" is {', '.join(clauses)}" if clauses else " has no comparator figure"
    missing = [comparison.label for comparison in comparators if comparison.value is None]
    if missing and clauses:
        text += f"; no figure for {_join(missing)}"
    return text


def evaluate(
    *,
    value: float | None,
    comparators: Sequence[Comparison],
    direction: str,
    rules: Sequence[Rule],
    tolerance: float = 0.0,
    unit: str = "%",
    subject: str = "",
    missing_reason: str = "",
) -> Evaluation:
    """The first rule whose condition holds gives the status; none holding means No data.

    ``subject`` names whose value it is ("Dorset's published"); ``missing_reason`` says
    why there is no value, and replaces the rule's wording when there is none.
    """
    facts = _Facts(value, comparators, direction, tolerance)
    statement = describe_comparison(value, comparators, unit, subject)
    for rule in rules:
        if facts.holds(rule.when):
            label = indicator_status(rule.status).label
            meaning = rule.meaning or _default_meaning(rule.when, direction, tolerance, unit)
            if value is None:
                return Evaluation(rule.status, f"{label}: {missing_reason or meaning}")
            return Evaluation(rule.status, f"{statement}: {label} ({meaning})")
    if value is None:
        return Evaluation(NO_DATA, f"No data: {missing_reason or 'no value for the period'}")
    return Evaluation(NO_DATA, f"{statement}: No data (no rule applies)")


def rule_problems(raw: object) -> list[str]:
    """What is wrong with a rule list read from a seed file (empty when it is sound)."""
    if not isinstance(raw, list) or not raw:
        return ["rules must be a non-empty list of {status, when}"]
    problems = []
    for position, entry in enumerate(raw, start=1):
        if not isinstance(entry, dict):
            problems.append(f"rule {position} must be a mapping with status and when")
            continue
        if entry.get("status") not in STATUS_BY_CODE:
            problems.append(f"rule {position}: status must be one of {', '.join(STATUS_BY_CODE)}")
        if entry.get("when") not in CONDITIONS:
            problems.append(f"rule {position}: when must be one of {', '.join(CONDITIONS)}")
        meaning = entry.get("meaning", "")
        if not isinstance(meaning, str):
            problems.append(f"rule {position}: meaning must be text")
    return problems


def rules_from_data(raw: Sequence[dict]) -> list[Rule]:
    return [Rule(entry["status"], entry["when"], entry.get("meaning", "")) for entry in raw]

"""The strategy as plain data, ready to be written to the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tracker.domain.indicator_seed import IndicatorSeed
    from tracker.domain.reference_seed import AuthoritySeed, ReferenceSeed


@dataclass(frozen=True)
class SeedProblem:
    file: str
    item: str
    problem: str

    def __str__(self) -> str:
        return f"{self.file}: {self.item}: {self.problem}"


class SeedError(Exception):
    """Every problem found in the seed files, reported together."""

    def __init__(self, problems: list[SeedProblem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"The seed files have {len(problems)} problem(s):\n{lines}")


@dataclass(frozen=True)
class SectionSeed:
    title: str
    body: str


@dataclass(frozen=True)
class StrategySeed:
    organisation: str
    service_name: str
    title: str
    version: str
    source: str
    vision: str
    vision_context: str
    commitments_intro: str
    commitments: list[str]
    governance: str
    sections: list[SectionSeed]


@dataclass(frozen=True)
class ActionSeed:
    ref: str
    slug: str
    number: int
    text: str
    sub_items: list[str] = field(default_factory=list)
    note: str = ""


@dataclass(frozen=True)
class PrioritySeed:
    number: int
    title: str
    vision: str
    outcomes: list[str]
    actions: list[ActionSeed]


@dataclass(frozen=True)
class LocalitySeed:
    name: str
    slug: str


@dataclass(frozen=True)
class LocalityPrioritySeed:
    ref: str
    slug: str
    number: int
    text: str


@dataclass(frozen=True)
class LocalityGroupSeed:
    name: str
    slug: str
    localities: list[str]
    priorities: list[LocalityPrioritySeed]


@dataclass(frozen=True)
class TermSeed:
    academic_year: str
    name: str
    start: date
    end: date
    half_term_start: date
    half_term_end: date


@dataclass(frozen=True)
class FigureSeed:
    key: str
    measure: str
    area: str
    period: str
    cohort: str
    value: float
    quote: str


@dataclass(frozen=True)
class SeedPlan:
    strategy: StrategySeed
    priorities: list[PrioritySeed]
    localities: list[LocalitySeed]
    locality_groups: list[LocalityGroupSeed]
    terms: list[TermSeed]
    figures: list[FigureSeed]
    figures_source: str
    # From the optional authority.yaml and indicators.yaml; None when a file is absent.
    authority: AuthoritySeed | None = None
    reference: ReferenceSeed | None = None
    indicators: list[IndicatorSeed] | None = None

    @property
    def actions(self) -> list[ActionSeed]:
        return [action for priority in self.priorities for action in priority.actions]

    @property
    def locality_priorities(self) -> list[LocalityPrioritySeed]:
        return [item for group in self.locality_groups for item in group.priorities]

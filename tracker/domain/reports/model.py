"""The three board documents as frozen dataclasses of plain values.

Everything a renderer shows is here, already decided: statuses, directions of travel,
figures and the words around them. Every field is a string, number, boolean, None or a
tuple of these dataclasses, so a report converts to JSON as it stands (the snapshot kept
when a report is submitted).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, timedelta

from tracker.domain.errors import InvalidContent
from tracker.domain.indicators import indicator_status
from tracker.domain.rag import DIRECTION_LABELS, StatusCount
from tracker.domain.status import status_for

OFFICIAL = "OFFICIAL"
EDUCATION_BOARD = "education-board"
STRENGTHENING_SERVICES_BOARD = "strengthening-services-board"
LEADERSHIP_WEEKLY = "leadership-weekly"
KINDS = (EDUCATION_BOARD, STRENGTHENING_SERVICES_BOARD, LEADERSHIP_WEEKLY)
KIND_TITLES = {
    EDUCATION_BOARD: "Education Board termly report",
    STRENGTHENING_SERVICES_BOARD: "Strengthening Services Board report",
    LEADERSHIP_WEEKLY: "Weekly leadership update",
}


def long_date(value: str) -> str:
    """ "2023-01-13" -> "13 January 2023"."""
    day = date.fromisoformat(value)
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class Cover:
    kind: str
    board: str
    title: str
    period: str
    period_key: str  # the term's slug ("2022-23-autumn") or the week-ending date
    prepared_on: str  # ISO date
    presenter: str
    version: int
    final: bool
    organisation: str
    marking: str = OFFICIAL

    @property
    def state_label(self) -> str:
        return "Final" if self.final else "Draft"

    @property
    def prepared_label(self) -> str:
        return long_date(self.prepared_on)

    @property
    def version_label(self) -> str:
        return f"Version {self.version} ({self.state_label.lower()})"


@dataclass(frozen=True)
class CountRow:
    label: str
    counts: tuple[StatusCount, ...]
    total: int


@dataclass(frozen=True)
class DirectionCount:
    code: str
    label: str
    count: int


@dataclass(frozen=True)
class ItemReport:
    """One action or locality priority: approved status this term, and its update's words."""

    ref: str
    kind: str  # "action" or "locality_priority"
    text: str
    group: str  # "Priority 1" or the locality group's name
    owner: str
    status: str | None
    previous: str | None
    direction: str
    red_or_amber_terms: int
    progress: str = ""
    evidence: str = ""
    impact: str = ""
    next_steps: str = ""
    mitigation: str = ""

    @property
    def status_label(self) -> str:
        return status_for(self.status).label

    @property
    def status_code(self) -> str:
        return status_for(self.status).code

    @property
    def previous_label(self) -> str:
        return status_for(self.previous).label

    @property
    def direction_label(self) -> str:
        return DIRECTION_LABELS[self.direction]


@dataclass(frozen=True)
class ComparatorFigure:
    kind: str
    label: str
    value: float | None
    period: str = ""
    note: str = ""


@dataclass(frozen=True)
class TrendPoint:
    period: str
    values: tuple[float | None, ...]  # one per name in IndicatorReport.trend_series


@dataclass(frozen=True)
class IndicatorReport:
    code: str
    title: str
    kind: str  # computed or manual
    unit: str
    direction: str
    value: float | None
    source: str | None  # computed, published, manual; None without a value
    comparators: tuple[ComparatorFigure, ...]
    status: str
    explanation: str
    trend_series: tuple[str, ...] = ()
    trend: tuple[TrendPoint, ...] = ()
    trend_note: str = ""  # where the trend's figures come from
    # The value is about fewer than 5 pupils: shown as "c" (tracker.domain.suppression).
    suppressed: bool = False

    @property
    def status_label(self) -> str:
        return indicator_status(self.status).label

    def comparator(self, kind: str) -> ComparatorFigure | None:
        return next((c for c in self.comparators if c.kind == kind), None)


@dataclass(frozen=True)
class PrioritySection:
    number: int
    title: str
    counts: tuple[StatusCount, ...]
    indicators: tuple[IndicatorReport, ...]
    actions: tuple[ItemReport, ...]
    # Actions of this priority another board oversees: named, reported there.
    elsewhere: tuple[str, ...] = ()
    elsewhere_board: str = ""


@dataclass(frozen=True)
class RateRow:
    label: str
    enrolments: int | None
    overall: float | None
    persistent: float | None
    severe: float | None
    # Fields shown as "c", confidential: about fewer than 5 pupils (tracker.domain.suppression).
    suppressed: tuple[str, ...] = ()


@dataclass(frozen=True)
class LocalityGroupSection:
    name: str
    localities: tuple[str, ...]
    priorities: tuple[ItemReport, ...]


@dataclass(frozen=True)
class LocalitiesSection:
    groups: tuple[LocalityGroupSection, ...]
    rates: tuple[RateRow, ...]  # one per locality
    authority: RateRow | None  # the whole authority, to compare with
    rates_period: str
    rates_note: str  # where the rates come from, or why there are none


@dataclass(frozen=True)
class Definition:
    term: str
    meaning: str


@dataclass(frozen=True)
class DataSource:
    name: str
    detail: str
    as_of: str


@dataclass(frozen=True)
class Appendix:
    status_definitions: tuple[Definition, ...]
    indicator_status_definitions: tuple[Definition, ...]
    metric_definitions: tuple[Definition, ...]
    data_sources: tuple[DataSource, ...]


@dataclass(frozen=True)
class ExecutiveSummary:
    total: int
    overall: tuple[StatusCount, ...]
    by_priority: tuple[CountRow, ...]
    by_locality_group: tuple[CountRow, ...]
    compared_with: str  # the previous term's label; empty for the plan's first term
    directions: tuple[DirectionCount, ...]
    achievements: tuple[ItemReport, ...]
    exceptions: tuple[ItemReport, ...]
    persistent: tuple[ItemReport, ...]


@dataclass(frozen=True)
class EducationBoardReport:
    cover: Cover
    summary: ExecutiveSummary
    # Indicators every priority shares (the strategy repeats these outcomes under each):
    # shown once with their trends, and listed in each priority's table.
    shared_indicators: tuple[IndicatorReport, ...]
    priorities: tuple[PrioritySection, ...]
    localities: LocalitiesSection
    appendix: Appendix
    kind: str = EDUCATION_BOARD


@dataclass(frozen=True)
class TrainingCell:
    tier: str
    trained: int | None
    target: int | None


@dataclass(frozen=True)
class TrainingLine:
    directorate: str
    cells: tuple[TrainingCell, ...]  # one per tier, in tier order

    @property
    def trained(self) -> int:
        return sum(cell.trained or 0 for cell in self.cells)

    @property
    def target(self) -> int:
        return sum(cell.target or 0 for cell in self.cells)


@dataclass(frozen=True)
class TrainingTrendPoint:
    period: str
    trained: tuple[int, ...]  # one per tier


@dataclass(frozen=True)
class TrainingSection:
    tiers: tuple[str, ...]  # labels: Universal, Enhanced, Specific
    lines: tuple[TrainingLine, ...]
    total: TrainingLine
    trend: tuple[TrainingTrendPoint, ...]
    recorded: bool  # whether any record exists for the term


@dataclass(frozen=True)
class GroupIndicators:
    label: str
    overall: IndicatorReport
    persistent: IndicatorReport


@dataclass(frozen=True)
class StrengtheningServicesBoardReport:
    cover: Cover
    plans: IndicatorReport | None
    training: TrainingSection
    groups: tuple[GroupIndicators, ...]
    actions: tuple[ItemReport, ...]
    action_counts: tuple[StatusCount, ...]
    compared_with: str
    appendix: Appendix
    kind: str = STRENGTHENING_SERVICES_BOARD


@dataclass(frozen=True)
class WeekFigures:
    enrolments: int | None
    attendance: float | None
    absence: float | None
    persistent: float | None
    # Fields shown as "c", confidential: about fewer than 5 pupils (tracker.domain.suppression).
    suppressed: tuple[str, ...] = ()


NO_FIGURES = WeekFigures(None, None, None, None)


@dataclass(frozen=True)
class WeeklyRow:
    label: str
    week: WeekFigures
    previous_week: WeekFigures
    last_year_week: WeekFigures
    year_to_date: WeekFigures
    last_year_to_date: WeekFigures
    # Year to date as at the end of the previous week: persistent absence is a year-to-date
    # measure (one day off in a single week would be 20%), so weeks compare by this.
    previous_to_date: WeekFigures


# The periods each row of the weekly update has figures for.
WEEKLY_PERIODS = tuple(field.name for field in dataclasses.fields(WeeklyRow))[1:]


@dataclass(frozen=True)
class WeeklyTrendPoint:
    week_ending: str  # ISO date
    attendance: float | None
    last_year: float | None


@dataclass(frozen=True)
class LeadershipWeekly:
    cover: Cover
    week_ending: str
    previous_week_ending: str
    last_year_week_ending: str
    headline: WeeklyRow
    phases: tuple[WeeklyRow, ...]
    localities: tuple[WeeklyRow, ...]
    groups: tuple[WeeklyRow, ...]
    trend: tuple[WeeklyTrendPoint, ...]
    has_data: bool
    sources: tuple[DataSource, ...]
    kind: str = LEADERSHIP_WEEKLY


Report = EducationBoardReport | StrengtheningServicesBoardReport | LeadershipWeekly


EARLIEST_WEEK = date(2000, 9, 1)


def check_week_ending(*, week_ending: date, today: date | None = None) -> None:
    """A weekly update is for a school week that has begun, in a plausible year."""
    today = today or date.today()
    if week_ending > today + timedelta(days=6 - today.weekday()):
        raise InvalidContent(
            {"week_ending": "The week-ending date must be this week or earlier, not in the future"}
        )
    if week_ending < EARLIEST_WEEK:
        raise InvalidContent(
            {"week_ending": f"The week-ending date must be in {EARLIEST_WEEK.year} or later"}
        )

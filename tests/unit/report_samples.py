"""Small reports built from plain facts, for testing assembly and renderers without a database."""

from __future__ import annotations

from tracker.domain.reports.assembly import (
    EducationBoardFacts,
    IndicatorFacts,
    ItemFacts,
    ServicesBoardFacts,
    UpdateText,
    assemble_education_board,
    assemble_services_board,
)
from tracker.domain.reports.model import (
    ComparatorFigure,
    Cover,
    DataSource,
    GroupIndicators,
    IndicatorReport,
    LeadershipWeekly,
    RateRow,
    TrainingCell,
    TrainingLine,
    TrainingSection,
    TrainingTrendPoint,
    TrendPoint,
    WeekFigures,
    WeeklyRow,
    WeeklyTrendPoint,
)

EB, SSB = "education-board", "strengthening-services-board"


def cover(kind: str = EB, *, version: int = 1, final: bool = False) -> Cover:
    return Cover(
        kind=kind,
        board="Dorset Education Board" if kind == EB else "Strengthening Services Board",
        title="Education Board termly report",
        period="Spring term 2022/23",
        period_key="2022-23-spring",
        prepared_on="2023-04-03",
        presenter="Service Manager for Inclusion",
        version=version,
        final=final,
        organisation="Dorset Council",
    )


def item(id_, ref, history, *, board=EB, kind="action", priority=1, group=None, update=None):
    return ItemFacts(
        id=id_,
        ref=ref,
        kind=kind,
        text=f"Text of {ref}",
        priority=priority if kind == "action" else None,
        locality_group=group,
        owner="Olu Owner (Inclusion)",
        board=board,
        history=tuple(history),
        update=update,
    )


def overall_absence() -> IndicatorReport:
    return IndicatorReport(
        code="overall-absence",
        title="Overall absence rate, all pupils",
        kind="computed",
        unit="%",
        direction="lower",
        value=4.571,
        source="computed",
        comparators=(
            ComparatorFigure("national", "England", 4.62, "2022/23 full year"),
            ComparatorFigure("regional", "South West", 4.57, "2022/23 full year"),
            ComparatorFigure("neighbours", "statistical neighbours", 4.7, "2022/23 full year"),
        ),
        status="amber",
        explanation="4.57% is below England 4.62%, equal to South West 4.57%: Amber",
        trend_series=("Dorset", "England", "South West", "statistical neighbours"),
        trend=(
            TrendPoint("2020/21", (4.57, 4.62, 4.57, 4.6)),
            TrendPoint("2021/22", (6.9, 7.6, 7.4, 7.5)),
            TrendPoint("2022/23", (4.571, 4.62, 4.57, 4.7)),
        ),
    )


def plans_indicator() -> IndicatorReport:
    return IndicatorReport(
        code="cin-cp-plans-with-attendance",
        title="Children in need and child protection plans with an attendance target",
        kind="manual",
        unit="%",
        direction="higher",
        value=82.0,
        source="manual",
        comparators=(ComparatorFigure("target", "Target", 100.0),),
        status="red",
        explanation="82.00% is below Target 100.00%: Red",
        trend_series=("Value", "Target"),
        trend=(
            TrendPoint("Autumn 2022/23", (75.0, 100.0)),
            TrendPoint("Spring 2022/23", (82.0, 100.0)),
        ),
    )


def education_board_report():
    return assemble_education_board(education_board_facts())


def education_board_facts() -> EducationBoardFacts:
    approved = UpdateText(
        progress="Guidance drafted.",
        evidence="[Guidance](https://example.org/guidance)",
        impact="Schools follow **one** process.",
        next_steps="Publish.",
    )
    red = UpdateText(progress="Delayed.", mitigation="Extra staff from May.")
    return EducationBoardFacts(
        cover=cover(),
        board=EB,
        items=(
            item(1, "P1/001", ["amber", "green"], update=approved),
            item(2, "P1/002", ["amber", "red"], update=red),
            item(3, "P1/008", ["green", "green"], board=SSB),
            item(4, "P2/001", [None, None], priority=2),
            item(
                5,
                "North/1",
                ["red", "amber"],
                kind="locality_priority",
                group="North",
                update=UpdateText(mitigation="Panel meets fortnightly."),
            ),
        ),
        compared_with="Autumn term 2022/23",
        priorities=((1, "Consistent policy"), (2, "Knowledge sharing")),
        locality_groups=(("North", ("North",)),),
        indicators=(IndicatorFacts(overall_absence(), (1, 2)),),
        locality_rates=(RateRow("North", 1200, 5.123, 15.5, 1.2),),
        authority_rates=RateRow("Dorset", 40000, 4.571, 14.9, 1.1),
        rates_period="Spring term 2022/23",
        rates_note="Computed from synthetic data.",
        data_sources=(DataSource("Published rates", "DfE", "2023/24"),),
        board_names={EB: "Dorset Education Board", SSB: "Strengthening Services Board"},
    )


def training() -> TrainingSection:
    lines = (
        TrainingLine(
            "Children's Services",
            (
                TrainingCell("universal", 40, 50),
                TrainingCell("enhanced", 10, 10),
                TrainingCell("specific", None, None),
            ),
        ),
        TrainingLine(
            "Place",
            (
                TrainingCell("universal", 5, 20),
                TrainingCell("enhanced", None, None),
                TrainingCell("specific", None, None),
            ),
        ),
    )
    return TrainingSection(
        tiers=("Universal", "Enhanced", "Specific"),
        lines=lines,
        total=TrainingLine(
            "All directorates",
            (
                TrainingCell("universal", 45, 70),
                TrainingCell("enhanced", 10, 10),
                TrainingCell("specific", 0, 0),
            ),
        ),
        trend=(
            TrainingTrendPoint("Autumn term 2022/23", (30, 4, 0)),
            TrainingTrendPoint("Spring term 2022/23", (45, 10, 0)),
        ),
        recorded=True,
    )


def services_board_report():
    group = GroupIndicators("Children in need", overall_absence(), overall_absence())
    facts = ServicesBoardFacts(
        cover=cover(SSB),
        board=SSB,
        items=(
            item(1, "P1/001", ["green"]),
            item(
                3,
                "P1/008",
                ["green", "red"],
                board=SSB,
                update=UpdateText(mitigation="Dip sample re-run."),
            ),
        ),
        compared_with="Autumn term 2022/23",
        plans=plans_indicator(),
        training=training(),
        groups=(group,),
        data_sources=(),
    )
    return assemble_services_board(facts)


def weekly_report() -> LeadershipWeekly:
    week = WeekFigures(40000, 94.1234, 5.8766, 12.5)
    before = WeekFigures(40100, 93.8, 6.2, 13.0)
    last_year = WeekFigures(39000, 93.2, 6.8, 14.0)
    to_last_week = WeekFigures(40100, 93.9, 6.1, 12.75)
    row = WeeklyRow("All pupils", week, before, last_year, week, before, to_last_week)
    return LeadershipWeekly(
        cover=Cover(
            kind="leadership-weekly",
            board="Children's Services Leadership Team",
            title="Weekly leadership update",
            period="Week ending 13 January 2023",
            period_key="2023-01-13",
            prepared_on="2023-01-16",
            presenter="Service Manager for Inclusion",
            version=1,
            final=False,
            organisation="Dorset Council",
        ),
        week_ending="2023-01-13",
        previous_week_ending="2023-01-06",
        last_year_week_ending="2022-01-14",
        headline=row,
        phases=(WeeklyRow("Primary", week, before, before, week, before, to_last_week),),
        localities=(WeeklyRow("North", week, before, before, week, before, to_last_week),),
        groups=(WeeklyRow("Children in need", week, before, before, week, before, to_last_week),),
        trend=(
            WeeklyTrendPoint("2023-01-06", 93.8, 93.0),
            WeeklyTrendPoint("2023-01-13", 94.1234, 93.2),
        ),
        has_data=True,
        sources=(DataSource("Attendance data", "synthetic", "week ending 13 January 2023"),),
    )

"""The Strengthening Services Board report as a document: plans, training, groups, actions."""

from __future__ import annotations

from tracker.domain.reports.formatting import share
from tracker.domain.reports.layout import (
    Block,
    Cell,
    Chart,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    Series,
    Sheet,
    Table,
)
from tracker.domain.reports.layout_common import (
    appendix_blocks,
    appendix_sheet,
    count_cell,
    cover_table,
    explanations,
    has_trend,
    indicator_status_cell,
    indicators_table,
    item_details,
    items_table,
    overall_table,
    trend_chart,
    trend_table,
)
from tracker.domain.reports.model import (
    GroupIndicators,
    IndicatorReport,
    StrengtheningServicesBoardReport,
    TrainingLine,
    TrainingSection,
)
from tracker.domain.suppression import EXPLANATION


def _training_row(line: TrainingLine) -> tuple[Cell, ...]:
    cells: list[Cell] = [Cell(line.directorate)]
    for cell in line.cells:
        cells += [count_cell(cell.trained), count_cell(cell.target)]
    cells += [
        count_cell(line.trained),
        count_cell(line.target),
        Cell(share(line.trained, line.target), None),
    ]
    return tuple(cells)


def training_table(training: TrainingSection) -> Table:
    columns = ["Directorate"]
    for tier in training.tiers:
        columns += [f"{tier} trained", f"{tier} target"]
    columns += ["Total trained", "Total target", "Share of target"]
    return Table(
        "Attendance training delivered by directorate against target",
        tuple(columns),
        tuple(_training_row(line) for line in (*training.lines, training.total)),
        (False, *(True for _ in columns[1:])),
        "training",
    )


def training_chart(training: TrainingSection) -> Chart:
    described = "; ".join(
        f"{line.directorate}: "
        + ", ".join(
            f"{tier} {cell.trained or 0} of {cell.target or 0}"
            for tier, cell in zip(training.tiers, line.cells, strict=True)
        )
        for line in training.lines
    )
    return Chart(
        "chart-training",
        "Staff trained by directorate and tier",
        "bar",
        tuple(line.directorate for line in training.lines),
        tuple(
            Series(
                f"{tier} trained",
                tuple(float(line.cells[index].trained or 0) for line in training.lines),
            )
            for index, tier in enumerate(training.tiers)
        ),
        "Bar chart of staff trained this term, by directorate and tier; the targets are in "
        f"the table. Trained of target: {described}.",
    )


def training_trend_table(training: TrainingSection) -> Table:
    return Table(
        "Staff trained by term and tier",
        ("Term", *training.tiers),
        tuple(
            (Cell(point.period), *(count_cell(value) for value in point.trained))
            for point in training.trend
        ),
        (False, *(True for _ in training.tiers)),
        "training-trend",
    )


def _group_indicators(groups: tuple[GroupIndicators, ...]) -> list[IndicatorReport]:
    return [indicator for group in groups for indicator in (group.overall, group.persistent)]


def groups_table(groups: tuple[GroupIndicators, ...]) -> Table:
    indicators = _group_indicators(groups)
    table = indicators_table(indicators, caption="Attendance of vulnerable groups", key="groups")
    return table


def _plans_blocks(plans: IndicatorReport | None) -> list[Block]:
    blocks: list[Block] = [Heading(1, "Attendance targets in CiN and CP plans", "plans")]
    if plans is None:
        return [*blocks, Paragraph("No indicator for attendance targets in plans is set up.")]
    blocks += [
        indicators_table((plans,), caption="Plans with an attendance target", key="plans"),
        explanations((plans,)),
    ]
    if has_trend(plans):
        blocks += [
            trend_chart(plans, key="plans-trend"),
            trend_table(plans, key="plans-trend-table"),
        ]
    return blocks


def _training_blocks(training: TrainingSection) -> list[Block]:
    blocks: list[Block] = [
        Heading(1, "Three tiers of attendance training", "training"),
        Paragraph(
            "Universal training is for all frontline staff; Enhanced for staff whose role is "
            "more closely linked to attendance; Specific for staff whose role specifically "
            "includes attendance."
        ),
    ]
    if not training.recorded:
        blocks.append(Paragraph("No training has been recorded for this term.", emphasis=True))
    blocks += [training_table(training), training_chart(training)]
    if training.trend:
        blocks.append(training_trend_table(training))
    return blocks


def services_board_document(
    report: StrengtheningServicesBoardReport, *, file_stem: str
) -> Document:
    groups = groups_table(report.groups)
    # A group of fewer than 5 pupils shows "c": the reason goes beside the table.
    confidential = any(i.suppressed for i in _group_indicators(report.groups))
    counts = overall_table(
        report.action_counts,
        caption=f"Status of the {len(report.actions)} actions the board oversees",
        key="action-counts",
    )
    actions = items_table(report.actions, caption="Actions the board oversees", key="actions")
    blocks: list[Block] = [
        *_plans_blocks(report.plans),
        *_training_blocks(report.training),
        Heading(1, "Attendance of vulnerable groups", "groups"),
        Paragraph(
            "Children with a social worker (in need, on a child protection plan, looked "
            "after), with an EHC plan and eligible for free school meals, against the "
            "published figures for England, the region and our statistical neighbours."
        ),
        groups,
        *((Paragraph(EXPLANATION, emphasis=True),) if confidential else ()),
        explanations(_group_indicators(report.groups)),
        PageBreak(),
        Heading(1, "Actions the board oversees", "actions"),
        counts,
        actions,
        *item_details(report.actions),
        PageBreak(),
        *appendix_blocks(report.appendix),
    ]
    plans_tables: tuple[Table, ...] = ()
    plans_charts: tuple[Chart, ...] = ()
    if report.plans:
        plans_tables = (
            indicators_table(
                (report.plans,), caption="Plans with an attendance target", key="plans"
            ),
        )
        if has_trend(report.plans):
            plans_tables += (trend_table(report.plans, key="plans-trend-table"),)
            plans_charts = (trend_chart(report.plans, key="plans-trend"),)
    sheets = (
        Sheet(
            "Summary",
            f"{report.cover.title}, {report.cover.period}",
            (counts, cover_table(report.cover), *plans_tables),
            plans_charts,
        ),
        Sheet("Actions", f"Actions, {report.cover.period}", (actions,)),
        Sheet(
            "Indicators",
            f"Vulnerable groups, {report.cover.period}",
            (groups,),
            notes=(EXPLANATION,) if confidential else (),
        ),
        Sheet(
            "Training",
            f"Attendance training, {report.cover.period}",
            (training_table(report.training), training_trend_table(report.training)),
            (training_chart(report.training),),
        ),
        appendix_sheet(report.appendix),
    )
    return Document(
        kind=report.kind,
        title=f"{report.cover.title}: {report.cover.period}",
        file_stem=file_stem,
        cover=report.cover,
        blocks=tuple(blocks),
        sheets=sheets,
        contents=tuple(b for b in blocks if isinstance(b, Heading) and b.level == 1),
    )


__all__ = ["indicator_status_cell", "services_board_document"]

"""The Education Board termly report as a document: summary, each priority, localities."""

from __future__ import annotations

from tracker.domain.reports.layout import (
    Block,
    Cell,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    Sheet,
    Table,
)
from tracker.domain.reports.layout_common import (
    appendix_blocks,
    appendix_sheet,
    count_cell,
    counts_table,
    cover_table,
    explanations,
    indicator_blocks,
    indicator_status_cell,
    indicators_table,
    item_details,
    items_table,
    markdown_cell,
    overall_table,
    ref_cell,
    shown_count,
    shown_percent,
    status_cell,
    status_chart,
    trend_chart,
    trend_table,
)
from tracker.domain.reports.layout_common import has_trend as _has_trend
from tracker.domain.reports.model import (
    EducationBoardReport,
    IndicatorReport,
    ItemReport,
    LocalitiesSection,
    PrioritySection,
)


def _summary_tables(report: EducationBoardReport) -> dict[str, Table]:
    summary = report.summary
    by_priority = [(row.label, row.counts, row.total) for row in summary.by_priority]
    by_group = [(row.label, row.counts, row.total) for row in summary.by_locality_group]
    return {
        "overall": overall_table(
            summary.overall,
            caption=f"Status of all {summary.total} items the board oversees",
            key="summary-overall",
        ),
        "priorities": counts_table(
            by_priority, caption="Actions by priority", first="Priority", key="summary-priorities"
        ),
        "groups": counts_table(
            by_group,
            caption="Locality priorities by locality group",
            first="Locality group",
            key="summary-localities",
        ),
        "directions": Table(
            f"Direction of travel against {summary.compared_with or 'last term'}",
            ("Direction", "Items"),
            tuple((Cell(d.label), count_cell(d.count)) for d in summary.directions),
            (False, True),
            "summary-directions",
        ),
        "achievements": Table(
            "Key achievements: items that became Green or Complete this term, and their impact",
            ("Ref", "Item", "Status", "Impact"),
            tuple(
                (ref_cell(i.ref), Cell(i.text), status_cell(i.status), markdown_cell(i.impact))
                for i in summary.achievements
            ),
            key="summary-achievements",
        ),
        "exceptions": Table(
            "Exceptions: Red and Amber items and their mitigation",
            ("Ref", "Item", "Owner", "Status", "Mitigation"),
            tuple(
                (
                    ref_cell(i.ref),
                    Cell(i.text),
                    Cell(i.owner or "No owner"),
                    status_cell(i.status),
                    markdown_cell(i.mitigation, "No mitigation recorded"),
                )
                for i in summary.exceptions
            ),
            key="summary-exceptions",
        ),
        "persistent": Table(
            "Items Red or Amber for two or more terms in a row",
            ("Ref", "Item", "Status", "Terms running"),
            tuple(
                (
                    ref_cell(i.ref),
                    Cell(i.text),
                    status_cell(i.status),
                    count_cell(i.red_or_amber_terms),
                )
                for i in summary.persistent
            ),
            (False, False, False, True),
            "summary-persistent",
        ),
    }


def _summary_blocks(report: EducationBoardReport, tables: dict[str, Table]) -> list[Block]:
    summary = report.summary
    rows = [(row.label, row.counts) for row in summary.by_priority]
    blocks: list[Block] = [
        Heading(1, "Executive summary", "summary"),
        Paragraph(
            "Statuses come from updates the service manager has approved. An item with no "
            "approved update for the term shows as No update."
        ),
        tables["overall"],
        tables["priorities"],
        status_chart(rows, title="Actions by priority and status", key="chart-priorities"),
        tables["groups"],
        Heading(2, "Direction of travel", "direction"),
    ]
    if summary.compared_with:
        blocks.append(tables["directions"])
    else:
        blocks.append(Paragraph("This is the plan's first term: there is nothing to compare with."))
    for key, heading, empty in (
        (
            "achievements",
            "Key achievements",
            "No item became Green or Complete this term with its impact recorded.",
        ),
        ("exceptions", "Exceptions", "No item is Red or Amber."),
        (
            "persistent",
            "Red or Amber for two or more terms",
            "No item has been Red or Amber for two terms running.",
        ),
    ):
        blocks.append(Heading(2, heading, f"summary-{key}"))
        blocks.append(tables[key] if tables[key].rows else Paragraph(empty))
    return blocks


def _count_sentence(section: PrioritySection) -> str:
    found = [f"{c.count} {c.label}" for c in section.counts if c.count]
    total = len(section.actions)
    return f"{total} {'action' if total == 1 else 'actions'}: {', '.join(found) or 'none'}."


SHARED_HEADING = "Outcomes shared by every priority"


def _shared_blocks(report: EducationBoardReport) -> list[Block]:
    if not report.shared_indicators:
        return []
    return [
        PageBreak(),
        Heading(1, SHARED_HEADING, "shared-outcomes"),
        Paragraph(
            "The strategy sets these outcomes under every priority. They are shown here once, "
            "with their trends, and listed again in each priority's table."
        ),
        *indicator_blocks(
            report.shared_indicators, key="shared-indicators", caption=SHARED_HEADING
        ),
    ]


def _priority_blocks(section: PrioritySection, shared: set[str]) -> list[Block]:
    key = f"priority-{section.number}"
    blocks: list[Block] = [
        PageBreak(),
        Heading(1, f"Priority {section.number}: {section.title}", key),
        Paragraph(_count_sentence(section)),
        Heading(2, "Outcome indicators", f"{key}-indicators"),
        *indicator_blocks(
            section.indicators,
            key=f"{key}-indicators",
            caption=f"Priority {section.number} outcome indicators",
            shown_elsewhere=shared,
        ),
    ]
    if shared & {indicator.code for indicator in section.indicators}:
        blocks.append(
            Paragraph(f"Trends of the shared outcomes are in '{SHARED_HEADING}'.", emphasis=True)
        )
    blocks.append(Heading(2, "Actions", f"{key}-actions"))
    if section.actions:
        blocks.append(
            items_table(
                section.actions, caption=f"Priority {section.number} actions", key=f"{key}-actions"
            )
        )
        blocks += item_details(section.actions)
    else:
        blocks.append(Paragraph("The board oversees no actions of this priority."))
    if section.elsewhere:
        blocks.append(
            Paragraph(
                f"Reported to the {section.elsewhere_board}: {', '.join(section.elsewhere)}.",
                emphasis=True,
            )
        )
    return blocks


def _rates_table(localities: LocalitiesSection) -> Table:
    rows = list(localities.rates)
    if localities.authority is not None:
        rows.append(localities.authority)
    return Table(
        f"Absence rates by locality, {localities.rates_period}",
        ("Area", "Enrolments", "Overall absence", "Persistent absence", "Severe absence"),
        tuple(
            (
                Cell(row.label),
                shown_count(row, "enrolments"),
                shown_percent(row, "overall"),
                shown_percent(row, "persistent"),
                shown_percent(row, "severe"),
            )
            for row in rows
        ),
        (False, True, True, True, True),
        "locality-rates",
    )


def _localities_blocks(localities: LocalitiesSection) -> tuple[list[Block], list[ItemReport]]:
    blocks: list[Block] = [PageBreak(), Heading(1, "Localities", "localities")]
    blocks.append(Heading(2, "Locality absence rates against the authority", "locality-rates"))
    if localities.rates_note:
        blocks.append(Paragraph(localities.rates_note))
    if localities.rates:
        blocks.append(_rates_table(localities))
    priorities: list[ItemReport] = []
    for group in localities.groups:
        slug = group.name.lower().replace(" ", "-")
        blocks.append(Heading(2, f"{group.name} locality priorities", f"locality-{slug}"))
        if len(group.localities) > 1:
            blocks.append(Paragraph(f"Covers {' and '.join(group.localities)}."))
        if group.priorities:
            blocks.append(
                items_table(
                    group.priorities,
                    caption=f"{group.name} priorities",
                    key=f"locality-{slug}",
                    item_label="Locality priority",
                )
            )
            blocks += item_details(group.priorities)
        priorities += group.priorities
    return blocks, priorities


def unique_indicators(report: EducationBoardReport) -> list[tuple[IndicatorReport, list[int]]]:
    found: dict[str, tuple[IndicatorReport, list[int]]] = {}
    for section in report.priorities:
        for indicator in section.indicators:
            found.setdefault(indicator.code, (indicator, []))[1].append(section.number)
    return list(found.values())


def _all_items_table(items: list[ItemReport]) -> Table:
    return Table(
        "Every item the board oversees",
        (
            "Ref",
            "Priority or locality",
            "Item",
            "Owner",
            "Status",
            "Last term",
            "Direction of travel",
            "Terms Red or Amber",
            "Progress",
            "Evidence",
            "Impact",
            "Mitigation",
            "Next steps",
        ),
        tuple(
            (
                ref_cell(i.ref),
                Cell(i.group),
                Cell(i.text),
                Cell(i.owner or "No owner"),
                status_cell(i.status),
                status_cell(i.previous),
                Cell(i.direction_label),
                count_cell(i.red_or_amber_terms),
                markdown_cell(i.progress),
                markdown_cell(i.evidence),
                markdown_cell(i.impact),
                markdown_cell(i.mitigation),
                markdown_cell(i.next_steps),
            )
            for i in items
        ),
        (False, False, False, False, False, False, False, True),
        "all-items",
    )


def _indicator_sheet(report: EducationBoardReport) -> Sheet:
    pairs = unique_indicators(report)
    indicators = [indicator for indicator, _ in pairs]
    table = indicators_table(indicators, caption="Outcome indicators", key="all-indicators")
    with_priorities = Table(
        table.caption,
        ("Priorities", *table.columns, "Explanation"),
        tuple(
            (Cell(", ".join(str(n) for n in numbers)), *row, Cell(indicator.explanation))
            for (indicator, numbers), row in zip(pairs, table.rows, strict=True)
        ),
        (False, *table.numeric, False),
        table.key,
    )
    trended = [indicator for indicator in indicators if _has_trend(indicator)]
    return Sheet(
        "Indicators",
        f"Outcome indicators, {report.cover.period}",
        (with_priorities, *(trend_table(i, key=f"trend-{i.code}") for i in trended)),
        tuple(trend_chart(i, key=f"trend-{i.code}") for i in trended),
    )


def education_board_document(report: EducationBoardReport, *, file_stem: str) -> Document:
    tables = _summary_tables(report)
    blocks = _summary_blocks(report, tables) + _shared_blocks(report)
    shared = {indicator.code for indicator in report.shared_indicators}
    actions: list[ItemReport] = []
    for section in report.priorities:
        blocks += _priority_blocks(section, shared)
        actions += section.actions
    locality_blocks, locality_items = _localities_blocks(report.localities)
    blocks += locality_blocks
    blocks += [PageBreak(), *appendix_blocks(report.appendix)]
    summary_chart = next(b for b in blocks if getattr(b, "key", "") == "chart-priorities")
    sheets = (
        Sheet(
            "Summary",
            f"{report.cover.title}, {report.cover.period}",
            (
                tables["overall"],
                cover_table(report.cover),
                tables["priorities"],
                tables["groups"],
                tables["directions"],
                tables["achievements"],
                tables["exceptions"],
                tables["persistent"],
            ),
            (summary_chart,),
        ),
        Sheet(
            "Actions",
            f"Actions and locality priorities, {report.cover.period}",
            (_all_items_table(actions + locality_items),),
        ),
        _indicator_sheet(report),
        Sheet(
            "Localities",
            f"Localities, {report.cover.period}",
            (
                items_table(
                    locality_items,
                    caption="Locality priorities",
                    key="locality-priorities",
                    item_label="Locality priority",
                ),
                *((_rates_table(report.localities),) if report.localities.rates else ()),
            ),
            notes=(report.localities.rates_note,) if report.localities.rates_note else (),
        ),
        appendix_sheet(report.appendix),
    )
    contents = tuple(b for b in blocks if isinstance(b, Heading) and b.level == 1)
    return Document(
        kind=report.kind,
        title=f"{report.cover.title}: {report.cover.period}",
        file_stem=file_stem,
        cover=report.cover,
        blocks=tuple(blocks),
        sheets=sheets,
        contents=contents,
    )


__all__ = ["education_board_document", "explanations", "indicator_status_cell", "unique_indicators"]

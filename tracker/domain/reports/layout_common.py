"""Blocks more than one report uses: status cells, item and indicator tables, the appendix."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from tracker.domain.indicators import indicator_status
from tracker.domain.rag import SUMMARY_STATUSES, StatusCount
from tracker.domain.reports.formatting import (
    STATUS_COLOURS,
    count,
    figure,
    percent,
    rounded,
)
from tracker.domain.reports.layout import (
    Block,
    BulletList,
    Cell,
    Chart,
    Details,
    Heading,
    Paragraph,
    Series,
    Sheet,
    Table,
)
from tracker.domain.reports.model import (
    Appendix,
    Cover,
    DataSource,
    IndicatorReport,
    ItemReport,
)
from tracker.domain.reports.plain_text import plain_text
from tracker.domain.status import status_for
from tracker.domain.suppression import SUPPRESSED

COMPARATOR_COLUMNS = ("national", "regional", "neighbours")


def status_cell(code: str | None) -> Cell:
    status = status_for(code)
    return Cell(status.label, status=status.code)


def indicator_status_cell(code: str | None) -> Cell:
    status = indicator_status(code)
    return Cell(status.label, status=status.code)


def percent_cell(value: float | None) -> Cell:
    return Cell(percent(value), rounded(value), 2, True)


def count_cell(value: int | None) -> Cell:
    return Cell(count(value), value)


def confidential_cell() -> Cell:
    """A figure about fewer than 5 pupils, written "c" as the DfE writes it."""
    return Cell(SUPPRESSED)


def shown_percent(figures, name: str) -> Cell:
    """``figures.name`` as a percentage, or "c" when ``figures.suppressed`` names it."""
    if name in figures.suppressed:
        return confidential_cell()
    return percent_cell(getattr(figures, name))


def shown_count(figures, name: str) -> Cell:
    if name in figures.suppressed:
        return confidential_cell()
    return count_cell(getattr(figures, name))


def figure_cell(value: float | None, unit: str) -> Cell:
    """An indicator's value: rates carry their number (for spreadsheets), counts their words."""
    if unit == "%":
        return Cell(figure(value, unit), rounded(value), 2, True)
    return Cell(figure(value, unit))


def markdown_cell(source: str, empty: str = "") -> Cell:
    text = plain_text(source)
    return Cell(text or empty, markdown=source if text else None)


def cover_table(cover: Cover) -> Table:
    rows = (
        ("Board", cover.board),
        ("Report", cover.title),
        ("Period", cover.period),
        ("Date", cover.prepared_label),
        ("Presented by", cover.presenter),
        ("Version", cover.version_label),
        ("Protective marking", cover.marking),
    )
    return Table(
        "About this report",
        ("Field", "Value"),
        tuple((Cell(label), Cell(value)) for label, value in rows),
        key="cover",
    )


def overall_table(counts: Sequence[StatusCount], *, caption: str, key: str) -> Table:
    return Table(
        caption,
        ("Status", "Items", "Proportion"),
        tuple(
            (status_cell(c.code), count_cell(c.count), percent_cell(c.proportion)) for c in counts
        ),
        (False, True, True),
        key,
    )


def counts_table(
    rows: Sequence[tuple[str, Sequence[StatusCount], int]], *, caption: str, first: str, key: str
) -> Table:
    labels = tuple(status_for(code).label for code in SUMMARY_STATUSES)
    return Table(
        caption,
        (first, *labels, "Items"),
        tuple(
            (Cell(label), *(count_cell(c.count) for c in counts), count_cell(total))
            for label, counts, total in rows
        ),
        (False, *(True for _ in labels), True),
        key,
    )


def status_chart(
    rows: Sequence[tuple[str, Sequence[StatusCount]]], *, title: str, key: str
) -> Chart:
    series = tuple(
        Series(
            status_for(code).label,
            tuple(float(next(c.count for c in counts if c.code == code)) for _, counts in rows),
            STATUS_COLOURS[code],
        )
        for code in SUMMARY_STATUSES
    )
    described = "; ".join(
        f"{label}: " + ", ".join(f"{c.count} {c.label}" for c in counts if c.count)
        for label, counts in rows
    )
    return Chart(
        key,
        title,
        "stacked",
        tuple(label for label, _ in rows),
        series,
        f"Bar chart of items by status. {described or 'No items'}.",
    )


ITEM_WIDTHS = (10, 40, 20, 12, 18)
# Locality references ("East and Purbeck/1") are longer than the actions' ("P1/001").
LOCALITY_ITEM_WIDTHS = (21, 31, 18, 12, 18)


def ref_cell(ref: str) -> Cell:
    return Cell(ref, nowrap=True)


INDICATOR_WIDTHS = (28, 11, 11, 11, 12, 15, 12)


def items_table(
    items: Sequence[ItemReport],
    *,
    caption: str,
    key: str,
    first: str = "Ref",
    item_label: str = "Action",
) -> Table:
    return Table(
        caption,
        (
            first,
            item_label,
            "Owner",
            "Status",
            "Direction of travel",
        ),
        tuple(
            (
                ref_cell(item.ref),
                Cell(item.text),
                Cell(item.owner or "No owner"),
                status_cell(item.status),
                Cell(item.direction_label),
            )
            for item in items
        ),
        key=key,
        widths=ITEM_WIDTHS if item_label == "Action" else LOCALITY_ITEM_WIDTHS,
    )


def item_details(items: Iterable[ItemReport]) -> list[Block]:
    """Each item's approved progress, evidence and impact (and mitigation when Red or Amber).

    The status is in the table above; next steps are in the spreadsheet's full list.
    """
    blocks: list[Block] = []
    for item in items:
        if item.status is None:
            entries: tuple[tuple[str, Cell], ...] = (
                ("Update", Cell("No approved update for this term.")),
            )
        else:
            found = [
                ("Progress this term", markdown_cell(item.progress)),
                ("Evidence", markdown_cell(item.evidence)),
                ("Impact", markdown_cell(item.impact)),
            ]
            if item.status in {"red", "amber"} or item.mitigation.strip():
                found.append(("Mitigation", markdown_cell(item.mitigation, "None recorded")))
            entries = tuple((label, cell) for label, cell in found if cell.text)
        blocks.append(Details(f"{item.ref}: {item.text}", entries))
    return blocks


def _comparator_text(indicator: IndicatorReport, kind: str) -> Cell:
    found = indicator.comparator(kind)
    if found is None:
        return Cell("Not compared")
    return figure_cell(found.value, indicator.unit)


def _other_comparator(indicator: IndicatorReport) -> Cell:
    others = [c for c in indicator.comparators if c.kind not in COMPARATOR_COLUMNS]
    if not others:
        return Cell("Not compared")
    first = others[0]
    return Cell(f"{first.label}: {figure(first.value, indicator.unit)}")


def region_label(indicators: Iterable[IndicatorReport]) -> str:
    for indicator in indicators:
        found = indicator.comparator("regional")
        if found is not None:
            return found.label
    return "Region"  # no indicator has a regional figure: the column reads "Not compared"


def indicators_table(indicators: Sequence[IndicatorReport], *, caption: str, key: str) -> Table:
    return Table(
        caption,
        (
            "Indicator",
            "Value this term",
            "England",
            region_label(indicators),
            "Statistical neighbours",
            "Target or year before",
            "Status",
        ),
        tuple(
            (
                Cell(indicator.title),
                confidential_cell()
                if indicator.suppressed
                else figure_cell(indicator.value, indicator.unit),
                _comparator_text(indicator, "national"),
                _comparator_text(indicator, "regional"),
                _comparator_text(indicator, "neighbours"),
                _other_comparator(indicator),
                indicator_status_cell(indicator.status),
            )
            for indicator in indicators
        ),
        (False, True, True, True, True, False, False),
        key,
        INDICATOR_WIDTHS,
    )


def explanations(indicators: Iterable[IndicatorReport]) -> BulletList:
    return BulletList(tuple(f"{i.title}: {i.explanation}" for i in indicators))


def has_trend(indicator: IndicatorReport) -> bool:
    return sum(1 for point in indicator.trend if point.values and point.values[0] is not None) >= 2


def trend_chart(indicator: IndicatorReport, *, key: str) -> Chart:
    latest = []
    for index, name in enumerate(indicator.trend_series):
        points = [
            (p.period, p.values[index]) for p in indicator.trend if p.values[index] is not None
        ]
        if points:
            period, value = points[-1]
            latest.append(f"{name} {figure(value, indicator.unit)} in {period}")
    first = next((p for p in indicator.trend if p.values[0] is not None), None)
    start = ""
    if first is not None:
        value = figure(first.values[0], indicator.unit)
        start = f" {indicator.trend_series[0]} was {value} in {first.period}."
    return Chart(
        key,
        f"Trend: {indicator.title}",
        "line",
        tuple(point.period for point in indicator.trend),
        tuple(
            Series(name, tuple(point.values[index] for point in indicator.trend))
            for index, name in enumerate(indicator.trend_series)
        ),
        f"Line chart of {indicator.title} over time.{start} Latest: {'; '.join(latest)}."
        + (f" {indicator.trend_note}" if indicator.trend_note else ""),
        indicator.unit if indicator.unit == "%" else "",
    )


def trend_table(indicator: IndicatorReport, *, key: str) -> Table:
    """The chart's figures: one row per line of the chart, one column per period."""
    periods = tuple(point.period for point in indicator.trend)
    return Table(
        f"Trend figures: {indicator.title}"
        + (f". {indicator.trend_note}" if indicator.trend_note else ""),
        ("Series", *periods),
        tuple(
            (
                Cell(name),
                *(figure_cell(point.values[index], indicator.unit) for point in indicator.trend),
            )
            for index, name in enumerate(indicator.trend_series)
        ),
        (False, *(True for _ in periods)),
        key,
    )


def indicator_blocks(
    indicators: Sequence[IndicatorReport],
    *,
    key: str,
    caption: str,
    shown_elsewhere: Collection[str] = (),
) -> list[Block]:
    """An indicator table, then each indicator's explanation and trend, except for those
    ``shown_elsewhere`` (codes) whose explanation and trend appear in another section."""
    if not indicators:
        return [Paragraph("No outcome indicators are linked to this section.")]
    own = [indicator for indicator in indicators if indicator.code not in shown_elsewhere]
    blocks: list[Block] = [indicators_table(indicators, caption=caption, key=key)]
    if own:
        blocks.append(explanations(own))
    for indicator in own:
        if has_trend(indicator):
            blocks.append(trend_chart(indicator, key=f"{key}-trend-{indicator.code}"))
            blocks.append(trend_table(indicator, key=f"{key}-trend-table-{indicator.code}"))
    return blocks


def appendix_tables(appendix: Appendix) -> tuple[Table, ...]:
    def definitions(caption: str, first: str, rows, key: str) -> Table:
        return Table(
            caption,
            (first, "Meaning"),
            tuple((Cell(d.term), Cell(d.meaning)) for d in rows),
            key=key,
        )

    return (
        definitions(
            "Delivery statuses", "Status", appendix.status_definitions, "status-definitions"
        ),
        definitions(
            "Indicator statuses",
            "Status",
            appendix.indicator_status_definitions,
            "indicator-statuses",
        ),
        definitions("Measures", "Measure", appendix.metric_definitions, "metric-definitions"),
        sources_table(appendix.data_sources),
    )


def sources_table(data_sources: Sequence[DataSource]) -> Table:
    return Table(
        "Data sources",
        ("Source", "Detail", "As of"),
        tuple((Cell(s.name), Cell(s.detail), Cell(s.as_of)) for s in data_sources),
        key="data-sources",
    )


def appendix_blocks(appendix: Appendix) -> list[Block]:
    return [
        Heading(1, "Appendix: definitions and data sources", "appendix"),
        *appendix_tables(appendix),
    ]


def appendix_sheet(appendix: Appendix) -> Sheet:
    """The appendix as the workbook's last sheet: where the figures come from (published,
    imported or synthetic, and as of when) and what the statuses mean."""
    *definitions, sources = appendix_tables(appendix)
    return Sheet("About", "Data sources and definitions", (sources, *definitions))

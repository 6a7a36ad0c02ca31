"""The weekly leadership update as a one-page document."""

from __future__ import annotations

import dataclasses
from datetime import date

from tracker.domain.reports.formatting import change, percent
from tracker.domain.reports.layout import (
    Block,
    Cell,
    Chart,
    Document,
    Heading,
    Paragraph,
    Series,
    Sheet,
    Table,
)
from tracker.domain.reports.layout_common import (
    confidential_cell,
    cover_table,
    percent_cell,
    shown_count,
    shown_percent,
    sources_table,
)
from tracker.domain.reports.model import (
    WEEKLY_PERIODS,
    LeadershipWeekly,
    WeekFigures,
    WeeklyRow,
    long_date,
)
from tracker.domain.suppression import EXPLANATION, SHORT_EXPLANATION


def _short(iso: str) -> str:
    return long_date(iso).rsplit(" ", 1)[0] if iso else ""


def _axis(iso: str) -> str:
    """ "2024-01-19" -> "19 Jan": short enough for a chart's axis."""
    day = date.fromisoformat(iso)
    return f"{day.day} {day:%b}"


PERSISTENT_NOTE = (
    "Persistent absence is measured over the year to date, as the DfE measures it: over a "
    "single week, one day missed would count. The week columns show it as at the end of "
    "each week. In the tables by group, its change since the previous week and its figure at "
    "the same point last year follow it."
)


def headline_table(report: LeadershipWeekly) -> Table:
    row = report.headline
    periods = (
        row.week,
        row.previous_week,
        row.last_year_week,
        row.year_to_date,
        row.last_year_to_date,
    )
    # Persistent absence as at the end of each week: this year's, last week's, last year's.
    to_date = (
        row.year_to_date,
        row.previous_to_date,
        row.last_year_to_date,
        row.year_to_date,
        row.last_year_to_date,
    )
    rows = [
        (Cell(label), *(shown_percent(figures, name) for figures in periods))
        for label, name in (("Attendance", "attendance"), ("Overall absence", "absence"))
    ]
    rows.append(
        (
            Cell("Persistent absence, year to date at the week's end"),
            *(shown_percent(figures, "persistent") for figures in to_date),
        )
    )
    rows.append((Cell("Enrolments"), *(shown_count(figures, "enrolments") for figures in periods)))
    return Table(
        "Attendance and absence, all pupils",
        (
            "Measure",
            f"Week ending {_short(report.week_ending)}",
            f"Previous week ({_short(report.previous_week_ending)})"
            if report.previous_week_ending
            else "Previous week",
            f"Same week last year ({_short(report.last_year_week_ending)})",
            "Year to date",
            "Last year to date",
        ),
        tuple(rows),
        (False, True, True, True, True, True),
        "headline",
    )


def _change_cell(now: WeekFigures, before: WeekFigures, name: str) -> Cell:
    """The change in a figure; "c" when either figure is confidential, which it would reveal."""
    if name in now.suppressed or name in before.suppressed:
        return confidential_cell()
    return Cell(change(getattr(now, name), getattr(before, name)))


def breakdown_table(rows: tuple[WeeklyRow, ...], *, caption: str, first: str, key: str) -> Table:
    return Table(
        caption,
        (
            first,
            "Attendance this week",
            "Change on previous week",
            "Same week last year",
            "Absence this week",
            "Attendance year to date",
            "Absence year to date",
            "Persistent absence year to date",
            "Change since previous week",
            "Same point last year",
        ),
        tuple(
            (
                Cell(row.label),
                shown_percent(row.week, "attendance"),
                _change_cell(row.week, row.previous_week, "attendance"),
                shown_percent(row.last_year_week, "attendance"),
                shown_percent(row.week, "absence"),
                shown_percent(row.year_to_date, "attendance"),
                shown_percent(row.year_to_date, "absence"),
                shown_percent(row.year_to_date, "persistent"),
                _change_cell(row.year_to_date, row.previous_to_date, "persistent"),
                shown_percent(row.last_year_to_date, "persistent"),
            )
            for row in rows
        ),
        (False, *(True for _ in range(9))),
        key,
    )


def combined_breakdown_table(report: LeadershipWeekly) -> Table:
    """Phases, localities and vulnerable groups in one table: one header row, so the
    update stays on one page. The spreadsheet keeps a sheet for each."""
    labelled = (
        *(dataclasses.replace(row, label=f"Phase: {row.label}") for row in report.phases),
        *(dataclasses.replace(row, label=f"Locality: {row.label}") for row in report.localities),
        *report.groups,
    )
    return breakdown_table(
        labelled,
        caption="By phase, locality and vulnerable group",
        first="Pupils",
        key="breakdowns",
    )


def trend_chart(report: LeadershipWeekly) -> Chart:
    points = report.trend
    latest = next((p for p in reversed(points) if p.attendance is not None), None)
    text = (
        f" Week ending {_short(latest.week_ending)}: {percent(latest.attendance)}, against "
        f"{percent(latest.last_year)} in the same week last year."
        if latest
        else " No weekly figures."
    )
    return Chart(
        "chart-weekly",
        "Weekly attendance this year and last year",
        "line",
        tuple(_axis(p.week_ending) for p in points),
        (
            Series("This year", tuple(p.attendance for p in points)),
            Series("Same week last year", tuple(p.last_year for p in points)),
        ),
        f"Line chart of weekly attendance rates this academic year and last.{text}",
        "%",
        height=180,
    )


def trend_table(report: LeadershipWeekly) -> Table:
    return Table(
        "Weekly attendance",
        ("Week ending", "This year", "Same week last year"),
        tuple(
            (Cell(long_date(p.week_ending)), percent_cell(p.attendance), percent_cell(p.last_year))
            for p in report.trend
        ),
        (False, True, True),
        "weekly-trend",
    )


def _sentence(report: LeadershipWeekly) -> str:
    row = report.headline
    if row.week.attendance is None:
        return (
            f"There are no attendance figures for the week ending {long_date(report.week_ending)}: "
            "no weekly data has been loaded for it."
        )
    if report.previous_week_ending:
        moved = f"{change(row.week.attendance, row.previous_week.attendance)} on the previous week"
        persistent_moved = (
            f"{change(row.year_to_date.persistent, row.previous_to_date.persistent)} since the "
            "previous week; "
        )
    else:
        moved, persistent_moved = "the first week of the school year", ""
    return (
        f"Attendance in the week ending {long_date(report.week_ending)} was "
        f"{percent(row.week.attendance)} ({moved}; "
        f"{percent(row.last_year_week.attendance)} in the same week last year). Year to date: "
        f"attendance {percent(row.year_to_date.attendance)}, persistent absence "
        f"{percent(row.year_to_date.persistent)} ({persistent_moved}"
        f"{percent(row.last_year_to_date.persistent)} at the same point last year)."
    )


def _sources_sentence(report: LeadershipWeekly) -> str:
    """Sources that say the same are named once, to keep the update on one page."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for source in report.sources:
        grouped.setdefault((source.detail, source.as_of), []).append(source.name)
    return "; ".join(
        f"{' and '.join(names)}: {detail}" + (f" ({as_of})" if as_of else "")
        for (detail, as_of), names in grouped.items()
    )


def _any_confidential(report: LeadershipWeekly) -> bool:
    rows = (report.headline, *report.phases, *report.localities, *report.groups)
    return any(getattr(row, period).suppressed for row in rows for period in WEEKLY_PERIODS)


def weekly_document(report: LeadershipWeekly, *, file_stem: str) -> Document:
    phases = breakdown_table(report.phases, caption="By phase", first="Phase", key="phases")
    localities = breakdown_table(
        report.localities, caption="By locality", first="Locality", key="localities"
    )
    groups = breakdown_table(
        report.groups, caption="Vulnerable groups", first="Group", key="groups"
    )
    headline = headline_table(report)
    chart = trend_chart(report)
    confidential = _any_confidential(report)
    sources = _sources_sentence(report)
    about = Sheet(
        "About",
        "Data sources and definitions",
        (sources_table(report.sources),),
        notes=(PERSISTENT_NOTE,),
    )
    blocks: list[Block] = [
        Heading(1, "Attendance this week", "week"),
        Paragraph(_sentence(report)),
        headline,
        Paragraph(PERSISTENT_NOTE, emphasis=True),
        chart,
        Heading(2, "By phase, locality and vulnerable group", "breakdowns"),
        combined_breakdown_table(report),
        Paragraph(
            f"Sources: {sources or 'no attendance data is loaded'}."
            + (f" {SHORT_EXPLANATION}" if confidential else ""),
            emphasis=True,
        ),
    ]
    notes = (EXPLANATION,) if confidential else ()
    sheets = (
        Sheet("Summary", report.cover.period, (headline, cover_table(report.cover)), (chart,)),
        Sheet("Phases", "By phase", (phases,), notes=notes),
        Sheet("Localities", "By locality", (localities,), notes=notes),
        Sheet("Groups", "Vulnerable groups", (groups,), notes=notes),
        Sheet("Trend", "Weekly attendance", (trend_table(report),)),
        about,
    )
    return Document(
        kind=report.kind,
        title=f"{report.cover.title}: {report.cover.period}",
        file_stem=file_stem,
        cover=report.cover,
        blocks=tuple(blocks),
        sheets=sheets,
        compact=True,
    )

"""Excel (.xlsx): one sheet per part of the report, with frozen headers, filters, status
cells that carry their label and a conditional colour, native charts and print set-up."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, time

import xlsxwriter
from xlsxwriter.utility import xl_range

from tracker.domain.indicators import INDICATOR_STATUSES
from tracker.domain.reports.chart_geometry import series_colour
from tracker.domain.reports.formatting import STATUS_FILLS
from tracker.domain.reports.layout import Cell, Chart, Document, Sheet, Table
from tracker.domain.status import STATUSES

LABEL_FILLS = {s.label: STATUS_FILLS[s.code] for s in STATUSES if s.code in STATUS_FILLS} | {
    s.label: STATUS_FILLS[s.code] for s in INDICATOR_STATUSES
}
WIDE_TEXT = 60
CHART_ROWS = 18


class _Formats:
    def __init__(self, book) -> None:
        self.book = book
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.marking = book.add_format({"bold": True, "font_color": "#0b0c0c"})
        self.caption = book.add_format({"bold": True, "font_size": 11})
        self.header = book.add_format(
            {"bold": True, "bg_color": "#F3F2F1", "border": 1, "text_wrap": True, "valign": "top"}
        )
        self.text = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
        self.status = book.add_format({"border": 1, "bold": True, "valign": "top"})
        self._numbers: dict[tuple[int, bool], object] = {}
        self.fills = {
            label: book.add_format({"bg_color": f"#{fill}", "font_color": "#0b0c0c"})
            for label, fill in LABEL_FILLS.items()
        }

    def number(self, places: int, percent: bool):
        key = (places, percent)
        if key not in self._numbers:
            pattern = "#,##0" + ("." + "0" * places if places else "")
            if percent:
                pattern += '"%"'
            self._numbers[key] = self.book.add_format(
                {"border": 1, "num_format": pattern, "valign": "top"}
            )
        return self._numbers[key]


def _write_cell(sheet, row: int, column: int, cell: Cell, formats: _Formats) -> None:
    if cell.status is not None:
        sheet.write_string(row, column, cell.text, formats.status)
    elif isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
        sheet.write_number(row, column, cell.value, formats.number(cell.places, cell.percent))
    else:
        sheet.write_string(row, column, cell.text, formats.text)


def _status_columns(table: Table) -> list[int]:
    return [
        index
        for index in range(len(table.columns))
        if any(row[index].status is not None for row in table.rows)
    ]


def _colour_statuses(sheet, table: Table, first_row: int, last_row: int, formats: _Formats) -> None:
    """Status cells keep their words; a conditional format adds the colour."""
    for column in _status_columns(table):
        cells = xl_range(first_row, column, last_row, column)
        for label, fill in formats.fills.items():
            sheet.conditional_format(
                cells, {"type": "cell", "criteria": "==", "value": f'"{label}"', "format": fill}
            )


def _write_table(
    sheet, table: Table, row: int, formats: _Formats, widths: dict[int, float]
) -> tuple[int, int]:
    """Writes caption, header and rows from ``row``; returns (header row, last row)."""
    sheet.write_string(row, 0, table.caption, formats.caption)
    header = row + 1
    for column, name in enumerate(table.columns):
        sheet.write_string(header, column, name, formats.header)
        widths[column] = max(widths.get(column, 8), min(len(name) + 2, 24))
    last = header
    for offset, cells in enumerate(table.rows, start=1):
        last = header + offset
        for column, cell in enumerate(cells):
            _write_cell(sheet, last, column, cell, formats)
            longest = max((len(line) for line in cell.text.splitlines()), default=0)
            widths[column] = max(widths.get(column, 8), min(longest + 2, WIDE_TEXT))
    if table.rows:
        _colour_statuses(sheet, table, header + 1, last, formats)
    return header, last


def _chart_data(sheet, chart: Chart, row: int, formats: _Formats) -> tuple[int, int]:
    sheet.write_string(row, 0, f"Chart data: {chart.title}", formats.caption)
    header = row + 1
    sheet.write_string(header, 0, "Category", formats.header)
    for index, series in enumerate(chart.series, start=1):
        sheet.write_string(header, index, series.name, formats.header)
    for offset, category in enumerate(chart.categories, start=1):
        sheet.write_string(header + offset, 0, category, formats.text)
        for index, series in enumerate(chart.series, start=1):
            value = series.values[offset - 1] if offset - 1 < len(series.values) else None
            if value is not None:
                sheet.write_number(
                    header + offset, index, value, formats.number(2, chart.unit == "%")
                )
    return header, header + len(chart.categories)


def _native_chart(book, sheet_name: str, chart: Chart, header: int, last: int):
    kind = {"stacked": ("bar", "stacked"), "bar": ("column", None), "line": ("line", None)}[
        chart.kind
    ]
    native = book.add_chart({"type": kind[0], **({"subtype": kind[1]} if kind[1] else {})})
    for index in range(1, len(chart.series) + 1):
        colour = series_colour(chart, index - 1)
        options = {
            "name": [sheet_name, header, index],
            "categories": [sheet_name, header + 1, 0, last, 0],
            "values": [sheet_name, header + 1, index, last, index],
        }
        if chart.kind == "line":
            options |= {"line": {"color": colour, "width": 2}, "marker": {"type": "automatic"}}
        else:
            options |= {"fill": {"color": colour}, "border": {"none": True}}
        native.add_series(options)
    native.set_title({"name": chart.title, "name_font": {"size": 11}})
    native.set_legend({"position": "bottom"})
    native.show_blanks_as("gap")
    if chart.kind == "stacked":
        native.set_y_axis({"reverse": True})
    native.set_size({"width": 640, "height": 320})
    return native


def _print_setup(sheet, document: Document, header_row: int | None, columns: int) -> None:
    sheet.set_paper(9)  # A4
    if columns > 6:
        sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.5, right=0.5, top=0.75, bottom=0.75)
    sheet.set_header(f'&R&"Arial,Bold"{document.cover.marking}')
    sheet.set_footer(f"&L{document.cover.marking}&CPage &P of &N&R{document.cover.period}")
    if header_row is not None:
        sheet.repeat_rows(header_row)


def _write_sheet(book, document: Document, spec: Sheet, formats: _Formats) -> None:
    sheet = book.add_worksheet(spec.name[:31])
    sheet.write_string(0, 0, spec.title, formats.title)
    sheet.write_string(
        1,
        0,
        f"{document.cover.marking}: {document.cover.board}, {document.cover.version_label}",
        formats.marking,
    )
    row = 2
    for note in spec.notes:
        sheet.write_string(row, 0, note)
        row += 1
    row += 1
    widths: dict[int, float] = {}
    first_header = None
    columns = 1
    for index, table in enumerate(spec.tables):
        header, last = _write_table(sheet, table, row, formats, widths)
        columns = max(columns, len(table.columns))
        if index == 0:
            first_header = header
            sheet.freeze_panes(header + 1, 0)
            if table.rows:
                sheet.autofilter(header, 0, last, len(table.columns) - 1)
        row = last + 2
    chart_column = columns + 1
    for position, chart in enumerate(spec.charts):
        header, last = _chart_data(sheet, chart, row, formats)
        native = _native_chart(book, sheet.get_name(), chart, header, last)
        anchor = (first_header or 3) + position * CHART_ROWS
        sheet.insert_chart(anchor, chart_column, native, {"description": chart.alt})
        row = last + 2
    for column, width in widths.items():
        sheet.set_column(column, column, width)
    _print_setup(sheet, document, first_header, columns)


def render_excel(document: Document) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    moment = datetime.combine(date.fromisoformat(document.cover.prepared_on), time(9), UTC)
    book.set_properties(
        {
            "title": document.title,
            "subject": document.cover.board,
            "author": document.cover.organisation,
            "company": document.cover.organisation,
            "keywords": document.cover.marking,
            "comments": document.cover.version_label,
            "created": moment,
        }
    )
    formats = _Formats(book)
    for spec in document.sheets:
        _write_sheet(book, document, spec, formats)
    book.close()
    return buffer.getvalue()

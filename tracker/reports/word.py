"""Word (.docx): real heading styles (navigable), tables whose header rows repeat on every
page, charts as images with alternative text, and the protective marking on every page."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime, time

from docx import Document as new_word_document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from tracker.domain.reports.formatting import STATUS_FILLS
from tracker.domain.reports.layout import (
    BulletList,
    Cell,
    Chart,
    Details,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    Table,
)
from tracker.reports.png import chart_png

HEADER_FILL = "F3F2F1"
# A table this wide (trend tables by term, the weekly figures) is set in smaller type,
# so that its figures fit a portrait A4 column without breaking mid-number.
WIDE_TABLE_COLUMNS = 8
WIDE_TABLE_TYPE = Pt(8)


def _shade(cell, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _repeat_header(row) -> None:
    """Mark the row as a header row: Word repeats it at the top of every page."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _field(paragraph, instruction: str) -> None:
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = instruction
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(text)
    run._r.append(end)


def _page_setup(word, document: Document) -> None:
    section = word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    margin = Mm(14) if document.compact else Mm(20)
    section.left_margin = section.right_margin = margin
    section.top_margin = section.bottom_margin = margin
    header = section.header.paragraphs[0]
    header.text = document.cover.marking
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header.runs[0].bold = True
    footer = section.footer.paragraphs[0]
    footer.add_run(f"{document.cover.marking}    ").bold = True
    footer.add_run(f"{document.title}    Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")


def _styles(word, document: Document) -> None:
    normal = word.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(9 if document.compact else 10)
    for name in ("Heading 1", "Heading 2", "Heading 3", "Heading 4", "Title", "Caption"):
        word.styles[name].font.name = "Arial"


def _properties(word, document: Document) -> None:
    properties = word.core_properties
    properties.title = document.title
    properties.author = document.cover.organisation
    properties.last_modified_by = document.cover.organisation
    properties.subject = document.cover.board
    properties.keywords = document.cover.marking
    properties.comments = document.cover.version_label
    # Dated by the report, not by when the file was made: the same report, the same file.
    moment = datetime.combine(date.fromisoformat(document.cover.prepared_on), time(9), UTC)
    properties.created = properties.modified = moment
    properties.revision = document.cover.version


def _cover(word, document: Document) -> None:
    cover = document.cover
    marking = word.add_paragraph()
    marking.add_run(cover.marking).bold = True
    word.add_paragraph(cover.board, style="Subtitle")
    word.add_paragraph(cover.title, style="Title")
    word.add_paragraph(cover.period, style="Subtitle")
    for label, value in (
        ("Date", cover.prepared_label),
        ("Presented by", cover.presenter),
        ("Version", str(cover.version)),
        ("Status", cover.state_label),
        ("Protective marking", cover.marking),
    ):
        line = word.add_paragraph()
        line.add_run(f"{label}: ").bold = True
        line.add_run(value)
    if document.contents:
        word.add_paragraph("Contents", style="Subtitle")
        for heading in document.contents:
            word.add_paragraph(heading.text, style="List Number")
    if not document.compact:
        word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _write_cell(
    cell, content: Cell, numeric: bool, bold: bool = False, size: Pt | None = None
) -> None:
    paragraph = cell.paragraphs[0]
    lines = content.text.splitlines() or [""]
    for index, line in enumerate(lines):
        target = paragraph if index == 0 else cell.add_paragraph()
        run = target.add_run(line)
        run.bold = bold or content.status is not None
        if size is not None:
            run.font.size = size
        if numeric:
            target.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if content.status and content.status in STATUS_FILLS:
        _shade(cell, STATUS_FILLS[content.status])


def _table(word, table: Table) -> None:
    word.add_paragraph(table.caption, style="Caption")
    rows = table.rows or ((Cell("None"), *(Cell("") for _ in table.columns[1:])),)
    grid = word.add_table(rows=1 + len(rows), cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    size = WIDE_TABLE_TYPE if len(table.columns) >= WIDE_TABLE_COLUMNS else None
    header = grid.rows[0]
    _repeat_header(header)
    for index, (cell, column) in enumerate(zip(header.cells, table.columns, strict=True)):
        _write_cell(cell, Cell(column), table.is_numeric(index), bold=True, size=size)
        _shade(cell, HEADER_FILL)
    for row, values in zip(grid.rows[1:], rows, strict=True):
        for index, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            _write_cell(cell, value, table.is_numeric(index), bold=index == 0, size=size)
    word.add_paragraph()


class _Pictures:
    """Each distinct chart drawn once: a chart that appears twice is one image in the file."""

    def __init__(self) -> None:
        self._drawn: dict[tuple, bytes] = {}

    def png(self, chart: Chart) -> bytes:
        key = (chart.kind, chart.title, chart.categories, chart.series, chart.unit)
        if key not in self._drawn:
            self._drawn[key] = chart_png(chart)
        return self._drawn[key]


def _chart(word, chart: Chart, pictures: _Pictures, width_cm: float) -> None:
    shape = word.add_picture(io.BytesIO(pictures.png(chart)), width=Cm(width_cm))
    description = shape._inline.docPr
    description.set("descr", chart.alt)
    description.set("title", chart.title)


def _details(word, details: Details, level: int) -> None:
    word.add_heading(details.title, level=min(level, 9))
    for label, cell in details.entries:
        lines = cell.text.splitlines() or [""]
        first = word.add_paragraph()
        first.add_run(f"{label}: ").bold = True
        first.add_run(lines[0]).bold = cell.status is not None
        for line in lines[1:]:
            word.add_paragraph(line)


def render_word(document: Document) -> bytes:
    word = new_word_document()
    _page_setup(word, document)
    _styles(word, document)
    _properties(word, document)
    _cover(word, document)
    pictures = _Pictures()
    level = 1
    chart_width = 12.0 if document.compact else 16.0
    for block in document.blocks:
        if isinstance(block, Heading):
            level = block.level
            word.add_heading(block.text, level=block.level)
        elif isinstance(block, Paragraph):
            word.add_paragraph().add_run(block.text).italic = block.emphasis
        elif isinstance(block, BulletList):
            for item in block.items:
                word.add_paragraph(item, style="List Bullet")
        elif isinstance(block, Table):
            _table(word, block)
        elif isinstance(block, Chart):
            _chart(word, block, pictures, chart_width)
        elif isinstance(block, Details):
            _details(word, block, level + 1)
        elif isinstance(block, PageBreak):
            word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    end = word.add_paragraph()
    end.add_run(document.cover.marking).bold = True
    buffer = io.BytesIO()
    word.save(buffer)
    return _dated_by_the_report(buffer.getvalue(), document.cover.prepared_on)


def _dated_by_the_report(content: bytes, prepared_on: str) -> bytes:
    """The package again, each part stamped with the report's date rather than the moment
    it was written, so the same report always gives the same bytes."""
    day = date.fromisoformat(prepared_on)
    stamp = (day.year, day.month, day.day, 9, 0, 0)
    source = zipfile.ZipFile(io.BytesIO(content))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            part = zipfile.ZipInfo(entry.filename, date_time=stamp)
            part.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(part, source.read(entry.filename))
    return output.getvalue()

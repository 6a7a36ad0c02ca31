"""Each renderer formats the same document: structure each format needs, same figures in all."""

from __future__ import annotations

import dataclasses
import re
import time

import pytest

from tests.report_readers import (
    READERS,
    docx_document,
    normalised,
    pdf_reader,
    pdf_structure,
    xlsx_book,
    xlsx_chart_parts,
    xlsx_rows,
)
from tests.unit.report_samples import education_board_report, services_board_report, weekly_report
from tracker.domain.reports.chart_geometry import nice_ticks
from tracker.domain.reports.documents import document_for
from tracker.domain.reports.formatting import change, percent
from tracker.domain.reports.layout import Cell, Chart, Table
from tracker.domain.reports.plain_text import plain_text
from tracker.domain.reports.svg import chart_svg
from tracker.reports import FORMATS, render

SAMPLES = {
    "education-board": education_board_report,
    "strengthening-services-board": services_board_report,
    "leadership-weekly": weekly_report,
}


@pytest.fixture(scope="module")
def rendered() -> dict[tuple[str, str], bytes]:
    files = {}
    for kind, make in SAMPLES.items():
        document = document_for(make())
        for code in FORMATS:
            files[(kind, code)] = render(document, code)
    return files


def test_rates_round_half_up_to_two_places_and_changes_are_signed():
    assert percent(4.565) == "4.57%"
    assert percent(None) == "No data"
    assert change(94.1234, 93.8) == "+0.32 pts"
    assert change(93.8, 94.1234) == "-0.32 pts"


def test_markdown_becomes_plain_text_keeping_link_addresses():
    assert plain_text("See [the guidance](https://example.org/g).\n\n- one\n- two") == (
        "See the guidance (https://example.org/g).\n- one\n- two"
    )
    # Raw HTML is never passed on: its tags are dropped, its words kept.
    assert plain_text("<script>alert(1)</script>") == "alert(1)"


def test_chart_ticks_cover_the_values():
    ticks = nice_ticks(4.57, 7.6)
    assert ticks[0] <= 4.57 and ticks[-1] >= 7.6


def test_svg_charts_are_labelled_images_and_escape_their_text():
    chart = document_for(education_board_report()).charts()[0]
    odd = dataclasses.replace(chart, title="Rates <b>&</b>", alt='Says "x" < y')
    svg = chart_svg(odd, ident="c1")
    assert 'role="img"' in svg and 'aria-labelledby="c1-title c1-desc"' in svg
    assert "Rates &lt;b&gt;&amp;&lt;/b&gt;" in svg and "<b>" not in svg


def test_html_prints_cleanly_and_owners_markdown_cannot_carry_script():
    report = education_board_report()
    section = report.priorities[0]
    unsafe = dataclasses.replace(
        section.actions[0], evidence="<script>alert(1)</script> [x](javascript:alert(1))"
    )
    report = dataclasses.replace(
        report,
        priorities=(dataclasses.replace(section, actions=(unsafe, *section.actions[1:])),),
    )
    page = render(document_for(report), "html").decode()
    assert "@media print" in page and "size: A4" in page
    assert 'counter(page) " of " counter(pages)' in page
    assert "<script>" not in page and "javascript:" not in page
    assert '<strong class="report-status report-status--green">Green</strong>' in page


def test_word_has_heading_styles_repeating_header_rows_and_described_images(rendered):
    document = docx_document(rendered[("education-board", "docx")])
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "Executive summary" and "Localities" in headings
    for table in document.tables:
        header = table.rows[0]._tr
        assert header.xpath("./w:trPr/w:tblHeader"), "every table's header row repeats"
    pictures = document.inline_shapes
    assert pictures, "charts are images"
    for picture in pictures:
        description = picture._inline.docPr.get("descr")
        assert description and description.endswith(".")
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    footer = section.footer.paragraphs[0]._p.xml
    assert "OFFICIAL" in footer and "PAGE" in footer and "NUMPAGES" in footer


@pytest.mark.parametrize("kind", list(SAMPLES))
def test_word_sets_wide_tables_in_smaller_type_to_fit_portrait_a4(rendered, kind):
    sizes = {}
    for table in docx_document(rendered[(kind, "docx")]).tables:
        runs = [run for cell in table._cells for p in cell.paragraphs for run in p.runs]
        found = {run.font.size.pt if run.font.size else None for run in runs if run.text}
        sizes[len(table.columns)] = sizes.get(len(table.columns), set()) | found
    assert any(columns >= 8 for columns in sizes), "the samples include a wide table"
    for columns, found in sizes.items():
        assert found == ({8.0} if columns >= 8 else {None}), columns


def test_word_status_cells_carry_their_label(rendered):
    document = docx_document(rendered[("education-board", "docx")])
    actions = next(t for t in document.tables if t.rows[0].cells[-1].text == "Direction of travel")
    p1_002 = next(row for row in actions.rows if row.cells[0].text == "P1/002")
    assert [cell.text for cell in p1_002.cells][3:] == ["Red", "Worse"]


def test_excel_sheets_are_filtered_frozen_coloured_charted_and_set_up_for_print(rendered):
    content = rendered[("education-board", "xlsx")]
    book = xlsx_book(content)
    assert book.sheetnames == ["Summary", "Actions", "Indicators", "Localities", "About"]
    actions = book["Actions"]
    assert actions.freeze_panes and actions.auto_filter.ref
    assert actions.page_setup.paperSize == 9 and actions.print_title_rows
    assert "OFFICIAL" in actions.oddHeader.right.text
    rules = [rule for area in actions.conditional_formatting for rule in area.rules]
    assert any('"Red"' in rule.formula[0] for rule in rules)
    assert len(xlsx_chart_parts(content)) == 2  # the summary chart and one trend
    rows = xlsx_rows(content, "Actions")
    p1_001 = next(row for row in rows if row[0] == "P1/001")
    assert p1_001[4:7] == ["Green", "Amber", "Better"]
    summary = " ".join(" ".join(row) for row in xlsx_rows(content, "Summary"))
    assert "Key achievements" in summary


@pytest.mark.parametrize("kind", list(SAMPLES))
def test_every_workbook_ends_with_where_its_figures_come_from(rendered, kind):
    book = xlsx_book(rendered[(kind, "xlsx")])
    assert book.sheetnames[-1] == "About"
    about = [row for row in xlsx_rows(rendered[(kind, "xlsx")], "About") if any(row)]
    document = document_for(SAMPLES[kind]())
    sources = document.sheets[-1].tables[0]
    assert sources.caption == "Data sources"
    for name, detail, as_of in sources.rows:
        assert [name.text, detail.text, as_of.text] in [row[:3] for row in about]


def test_pdf_is_a4_with_page_numbers_and_the_marking_on_every_page(rendered):
    reader = pdf_reader(rendered[("education-board", "pdf")])
    pages = reader.pages
    assert round(float(pages[0].mediabox.width)) == 595
    assert round(float(pages[0].mediabox.height)) == 842
    for number, page in enumerate(pages, start=1):
        text = page.extract_text()
        assert "OFFICIAL" in text
        assert f"Page {number} of {len(pages)}" in text


@pytest.mark.parametrize("kind", list(SAMPLES))
def test_pdf_is_tagged_so_screen_readers_find_its_headings_tables_and_charts(rendered, kind):
    content = rendered[(kind, "pdf")]
    root = pdf_reader(content).trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 # a PDF boolean object
    assert root["/Lang"] == "en"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    tags = pdf_structure(content)
    html = rendered[(kind, "html")].decode("utf-8")
    # The same headings and tables as the web page, each level kept.
    for level in ("H1", "H2", "H3", "H4"):
        expected = len(re.findall(rf"<{level.lower()}\b", html))
        assert [tag for tag, _ in tags].count(level) == expected, level
    assert [tag for tag, _ in tags].count("Table") == len(re.findall(r"<table\b", html))
    # Header cells stay header cells, so a screen reader can name a figure's row and column.
    assert [tag for tag, _ in tags].count("TH") == len(re.findall(r"<th\b", html))
    blocks = document_for(SAMPLES[kind]()).blocks
    figures = [alt for tag, alt in tags if tag == "Figure"]
    charts = [block for block in blocks if isinstance(block, Chart)]
    assert figures == [f"{chart.title}. {chart.alt}" for chart in charts]


def _figures(table: Table) -> set[str]:
    return {
        cell.text
        for row in table.rows
        for cell in row
        if cell.value is not None and cell.text != "No data"
    }


@pytest.mark.parametrize("kind", list(SAMPLES))
def test_every_format_shows_the_same_figures_and_statuses(rendered, kind):
    document = document_for(SAMPLES[kind]())
    figures = set().union(*(_figures(table) for table in document.tables()))
    statuses = {
        cell.text
        for table in document.tables()
        for row in table.rows
        for cell in row
        if cell.status
    }
    assert figures and (statuses or kind == "leadership-weekly")
    for code, read in READERS.items():
        text = normalised(read(rendered[(kind, code)]))
        missing = sorted(value for value in figures | statuses if value not in text)
        assert not missing, f"{code} lacks {missing}"


def test_markdown_never_carries_raw_html():
    document = document_for(education_board_report())
    hostile = Table(
        "Evidence <b>bold</b>",
        ("Ref", "Evidence"),
        ((Cell("P1/001"), Cell("<img src=x onerror=alert(1)> and <script>x</script>")),),
    )
    text = render(dataclasses.replace(document, blocks=(hostile,)), "md").decode()
    assert "<img" not in text and "<script" not in text and "<b>" not in text
    assert "&lt;img src=x onerror=alert(1)> and &lt;script>x&lt;/script>" in text


def test_the_same_report_gives_the_same_word_file():
    document = document_for(education_board_report())
    first = render(document, "docx")
    time.sleep(2.1)  # zip timestamps have two-second steps
    assert render(document, "docx") == first

"""A format-neutral document: the blocks every renderer formats in order, and the sheets
the spreadsheet holds.

Each report's ``*_layout`` module builds one ``Document`` from the report model. The
renderers (HTML, PDF, Word, Markdown, Excel) only format these blocks, so every format
carries the same figures and words: a cell's ``text`` is what is shown everywhere; its
``value`` is the same figure as a number, for spreadsheets.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.domain.reports.model import Cover


@dataclass(frozen=True)
class Cell:
    text: str
    value: float | int | None = None
    places: int = 0  # decimal places of ``value`` as shown
    percent: bool = False  # ``value`` is a percentage (4.57 shows as 4.57%)
    status: str | None = None  # a status code: the cell shows its label and colour
    markdown: str | None = None  # the Markdown source of ``text``, for HTML
    nowrap: bool = False  # never broken across lines: item references such as "Dorchester/3"


def text_cell(text: str) -> Cell:
    return Cell(text)


@dataclass(frozen=True)
class Heading:
    level: int  # 1 for the document's sections, 2 below them, 3 below those
    text: str
    anchor: str = ""


@dataclass(frozen=True)
class Paragraph:
    text: str
    emphasis: bool = False


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    numeric: tuple[bool, ...] = ()  # per column: right-aligned figures
    key: str = ""  # stable name, for tests and spreadsheet ranges
    # Column widths in percent, for long tables: fixed widths lay out much faster in print.
    widths: tuple[int, ...] = ()

    def is_numeric(self, index: int) -> bool:
        return index < len(self.numeric) and self.numeric[index]


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]
    colour: str = ""  # empty: the next series colour


@dataclass(frozen=True)
class Chart:
    """A chart and the words that describe it; the same data is always in a table too."""

    key: str
    title: str
    kind: str  # "stacked" (horizontal, stacked), "bar" (vertical, grouped) or "line"
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    alt: str
    unit: str = ""  # "%" for rates; empty for counts
    y_label: str = ""
    height: int = 300  # pixels, at a width of 640 (bar and line charts)


@dataclass(frozen=True)
class Details:
    """Labelled passages under a heading: an action's progress, evidence and impact."""

    title: str
    entries: tuple[tuple[str, Cell], ...]


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | BulletList | Table | Chart | Details | PageBreak


@dataclass(frozen=True)
class Sheet:
    name: str  # at most 31 characters, as Excel allows
    title: str
    tables: tuple[Table, ...]  # the first gets the filter and the frozen header
    charts: tuple[Chart, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    kind: str
    title: str
    file_stem: str  # "education-board-2022-23-autumn-v1"
    cover: Cover
    blocks: tuple[Block, ...]
    sheets: tuple[Sheet, ...]
    compact: bool = False  # one-page documents use a smaller type scale
    contents: tuple[Heading, ...] = field(default=())

    def tables(self) -> list[Table]:
        return [block for block in self.blocks if isinstance(block, Table)]

    def charts(self) -> list[Chart]:
        return [block for block in self.blocks if isinstance(block, Chart)]

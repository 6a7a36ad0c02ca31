"""The bulk update sheet: its columns, the values a row holds, and what an import finds.

A term's updates go out as one row per item and come back in the same layout
(reading is in ``tracker.domain.update_sheet_reading``). Pure values and
functions: the data layer supplies what is saved and who is importing, and
applies the result.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

from tracker.domain.roles import Role
from tracker.domain.status import STATUS_BY_CODE

# Same limit as the update form, so a sheet cannot save what the form would refuse.
MAX_TEXT_LENGTH = 10_000
# Far more than a plan has items; a larger file is a mistake, not a plan.
MAX_DATA_ROWS = 2_000
UPDATE_STATUS_CODES = ("not_started", "green", "amber", "red", "complete")
READ_ONLY_MARK = "(read only)"
TEXT_FIELDS = ("progress", "evidence", "impact", "next_steps", "mitigation")


@dataclass(frozen=True)
class SheetColumn:
    key: str
    heading: str
    editable: bool
    # Required columns must be in the header row for a file to be read at all.
    required: bool
    width: int

    @property
    def header(self) -> str:
        """The header cell: read-only columns say so in words, not just by shading."""
        return self.heading if self.editable else f"{self.heading} {READ_ONLY_MARK}"


COLUMNS: tuple[SheetColumn, ...] = (
    SheetColumn("ref", "Ref", editable=False, required=True, width=16),
    SheetColumn("item_kind", "Item kind", editable=False, required=False, width=16),
    SheetColumn("item_text", "Item text", editable=False, required=False, width=50),
    SheetColumn("term", "Term", editable=False, required=True, width=22),
    SheetColumn("lead_owner", "Lead owner", editable=False, required=False, width=22),
    SheetColumn("status", "Status", editable=True, required=True, width=14),
    SheetColumn("progress", "Progress", editable=True, required=True, width=50),
    SheetColumn("evidence", "Evidence", editable=True, required=True, width=50),
    SheetColumn("impact", "Impact", editable=True, required=True, width=40),
    SheetColumn("next_steps", "Next steps", editable=True, required=True, width=40),
    SheetColumn("mitigation", "Mitigation", editable=True, required=True, width=40),
    SheetColumn("state", "State", editable=False, required=False, width=20),
    SheetColumn("version", "Version", editable=False, required=True, width=12),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
HEADERS = tuple(column.header for column in COLUMNS)
STATUS_LABELS = tuple(STATUS_BY_CODE[code].label for code in UPDATE_STATUS_CODES)


@dataclass(frozen=True)
class SheetContent:
    """What a row sets: the same fields as the update form."""

    status: str
    progress: str = ""
    evidence: str = ""
    impact: str = ""
    next_steps: str = ""
    mitigation: str = ""

    def normalised(self) -> SheetContent:
        return SheetContent(**{name: normalise_text(value) for name, value in asdict(self).items()})


@dataclass(frozen=True)
class SavedUpdate:
    """The update the service holds for an item this term."""

    content: SheetContent
    state: str
    version: int
    has_attachments: bool = False


@dataclass(frozen=True)
class SheetItem:
    """A live item a row may name, with what the importer may do to it."""

    item_id: int
    ref: str
    is_owner: bool
    saved: SavedUpdate | None = None


@dataclass(frozen=True)
class ImportTarget:
    """The term being imported into and the person importing."""

    term_label: str
    term_slug: str
    term_state: str
    role: Role
    # Keyed by reference, lower-cased: references are matched case-insensitively.
    items: Mapping[str, SheetItem]


@dataclass(frozen=True)
class SheetRow:
    """One exported row, in column order by ``values``."""

    ref: str
    item_kind: str
    item_text: str
    term: str
    lead_owner: str
    status: str
    progress: str
    evidence: str
    impact: str
    next_steps: str
    mitigation: str
    state: str
    version: int

    def values(self) -> list[str | int]:
        return [getattr(self, column.key) for column in COLUMNS]


@dataclass(frozen=True)
class SheetProblem:
    """A problem with the file. ``row`` and ``column`` are None for the whole file."""

    row: int | None
    column: str | None
    message: str

    @property
    def where(self) -> str:
        if self.row is None:
            return "The file"
        return f"Row {self.row}, {self.column}" if self.column else f"Row {self.row}"


@dataclass(frozen=True)
class ImportChange:
    """A row that changes an item's update."""

    row: int
    item_id: int
    ref: str
    content: SheetContent
    expected_version: int


@dataclass
class SheetReading:
    changes: list[ImportChange] = field(default_factory=list)
    unchanged: int = 0
    problems: list[SheetProblem] = field(default_factory=list)


def normalise_text(value: str) -> str:
    """Line endings as the web form saves them compared alike, and no stray spaces."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def export_row(
    *,
    ref: str,
    item_kind: str,
    item_text: str,
    term_label: str,
    lead_owner: str,
    saved: SavedUpdate | None,
    state_label: str,
) -> SheetRow:
    content = saved.content if saved else SheetContent(status="")
    return SheetRow(
        ref=ref,
        item_kind=item_kind,
        item_text=item_text,
        term=term_label,
        lead_owner=lead_owner,
        status=STATUS_BY_CODE[content.status].label if content.status else "",
        progress=content.progress,
        evidence=content.evidence,
        impact=content.impact,
        next_steps=content.next_steps,
        mitigation=content.mitigation,
        state=state_label,
        version=saved.version if saved else 0,
    )

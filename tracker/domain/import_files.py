"""Reading CSV and XLSX files for import, and collecting what is wrong with them.

Files are read column by column, each column dictionary-encoded: a row holds
an index into the column's distinct values. A year of registers has 19
million rows but only a few hundred distinct dates and a few dozen codes, so
every check and conversion runs once per distinct value and is then spread
to the rows with numpy. This keeps a 19-million-row file to about a gigabyte.

Line numbers are the ones a person sees in a spreadsheet or text editor: the
header is line 1 and the first data row line 2.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv

from tracker.domain.files import TABLE_CSV, sniff_table_kind
from tracker.domain.identifying_data import IDENTIFYING_COLUMN, identifying_headers

MAX_PROBLEMS = 1000
READABLE_SUFFIXES = (".csv", ".xlsx")


@dataclass(frozen=True, order=True)
class ImportProblem:
    line: int
    column: str
    message: str


class ImportRejected(Exception):
    """The file was refused; nothing was written. ``problems`` lists the first ``MAX_PROBLEMS``."""

    def __init__(
        self, message: str, problems: Sequence[ImportProblem] = (), total: int | None = None
    ) -> None:
        self.message = message
        self.problems = list(problems)
        self.total = len(self.problems) if total is None else total
        super().__init__(message)

    @property
    def not_listed(self) -> int:
        return self.total - len(self.problems)


@dataclass
class Column:
    """A dictionary-encoded column: ``values[codes[row]]`` is the row's stripped text.

    ``values`` are distinct, so two rows hold the same text exactly when they hold
    the same code: importers group and match rows by code.
    """

    codes: np.ndarray
    values: np.ndarray

    def strings(self) -> np.ndarray:
        return self.values[self.codes]

    def map_values(self, convert: Callable[[str], object], dtype: object) -> np.ndarray:
        """``convert`` applied once per distinct value, spread to every row."""
        used = np.bincount(self.codes, minlength=len(self.values)) > 0
        converted = np.array(
            [
                convert(value) if in_use else None
                for value, in_use in zip(self.values, used, strict=True)
            ],
            dtype=object,
        )
        return converted[self.codes].astype(dtype)


@dataclass
class Table:
    columns: dict[str, Column]
    lines: np.ndarray

    def __len__(self) -> int:
        return len(self.lines)

    def __getitem__(self, name: str) -> Column:
        return self.columns[name]


@dataclass
class Problems:
    """Problems found row by row, kept cheaply even when millions of rows are wrong.

    Only the first ``MAX_PROBLEMS`` rows of each check are kept; all are counted.
    """

    lines: np.ndarray
    order: Sequence[str]
    _found: list[tuple[np.ndarray, str, np.ndarray]] = field(default_factory=list)
    _total: int = 0
    _file_problems: list[ImportProblem] = field(default_factory=list)

    def flag(self, rows: np.ndarray, column: str, message: str) -> None:
        """Record ``message`` against ``rows`` (a boolean mask or row positions)."""
        positions = np.flatnonzero(rows) if rows.dtype == bool else np.sort(rows)
        if len(positions) == 0:
            return
        self._total += len(positions)
        kept = positions[:MAX_PROBLEMS]
        self._found.append((self.lines[kept], column, np.full(len(kept), message, dtype=object)))

    def flag_values(
        self, column_name: str, column: Column, bad: Callable[[str], str | None]
    ) -> np.ndarray:
        """Check each distinct value once; flag the rows holding a bad one. Returns the mask."""
        messages = np.array([bad(value) for value in column.values], dtype=object)
        return self.flag_by_code(column_name, column.codes, messages)

    def flag_by_code(self, column_name: str, codes: np.ndarray, messages: np.ndarray) -> np.ndarray:
        """Flag each row whose code has a message (``None`` means fine). Returns the mask."""
        is_bad = np.array([message is not None for message in messages], dtype=bool)
        mask = is_bad[codes]
        positions = np.flatnonzero(mask)
        if len(positions):
            self._total += len(positions)
            kept = positions[:MAX_PROBLEMS]
            self._found.append((self.lines[kept], column_name, messages[codes[kept]]))
        return mask

    def file_problem(self, message: str, *, line: int = 1, column: str = "") -> None:
        self._total += 1
        self._file_problems.append(ImportProblem(line, column, message))

    def __bool__(self) -> bool:
        return self._total > 0

    def listed(self) -> list[ImportProblem]:
        rank = {name: position for position, name in enumerate(self.order)}
        found = list(self._file_problems)
        for lines, column, messages in self._found:
            found.extend(
                ImportProblem(int(line), column, str(message))
                for line, message in zip(lines, messages, strict=True)
            )
        found.sort(key=lambda p: (p.line, rank.get(p.column, len(rank)), p.message))
        return found[:MAX_PROBLEMS]

    def raise_if_any(self, what: str = "The file") -> None:
        if self:
            plural = "s" if self._total != 1 else ""
            raise ImportRejected(
                f"{what} has {self._total:,} problem{plural}; nothing was imported",
                self.listed(),
                self._total,
            )


def check_size(*, size: int, limit: int) -> None:
    if size > limit:
        raise ImportRejected(
            f"The file is {_megabytes(size)}; files over {_megabytes(limit)} cannot be imported. "
            "Split it, for example by school or by term, and import each part"
        )


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:,.1f} MB"


def read_table(
    path: Path,
    *,
    columns: Sequence[str],
    file_name: str | None = None,
    refuse_identifying: bool = False,
) -> Table:
    """Read the named columns (header names compared without case or spaces); others are ignored.

    Raises ``ImportRejected`` when the file cannot be read or lacks a column, and, with
    ``refuse_identifying`` (pupil-level files), when any column, read or not, names an
    identifying field such as a name or date of birth.
    """
    name = file_name or path.name
    if table_kind(path, name) == TABLE_CSV:
        raw, lines = _read_csv(path, columns, refuse_identifying)
    else:
        raw, lines = _read_xlsx(path, columns, refuse_identifying)
    table = Table(
        {column: _encode(raw.column(column)) for column in columns},
        lines,
    )
    return _without_blank_rows(table)


def table_kind(path: Path, name: str) -> str:
    """Whether the file is CSV or XLSX, judged by its content; its name must say one of them
    too, so that a file chosen by mistake is refused before it is read."""
    if Path(name).suffix.lower() not in READABLE_SUFFIXES:
        raise ImportRejected(f"{name} is not a CSV or XLSX file: save it as one of those")
    with path.open("rb") as handle:
        kind, looks_like = sniff_table_kind(handle.read(4096))
    if kind is None:
        raise ImportRejected(
            f"{name} is not a CSV or XLSX file: it {looks_like}. Save it as one of those"
        )
    return kind


def _header_map(
    header: Sequence[object], wanted: Sequence[str], refuse_identifying: bool
) -> dict[str, str]:
    """Map each wanted column to the header as spelled in the file; refuse if any is missing."""
    if refuse_identifying:
        _refuse_identifying_columns(header)
    found = {str(name).strip().lower(): str(name) for name in header if name is not None}
    missing = [column for column in wanted if column not in found]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        raise ImportRejected(
            f"The file has no {', '.join(missing)} column{plural}",
            [
                ImportProblem(1, column, "this column is missing from the header")
                for column in missing
            ],
        )
    return {column: found[column] for column in wanted}


def _refuse_identifying_columns(header: Iterable[object]) -> None:
    """Refuse a file with a column of personal data before any of its rows is read."""
    named = identifying_headers(header)
    if named:
        plural = "s" if len(named) > 1 else ""
        raise ImportRejected(
            f"The file has {len(named)} column{plural} of identifying data about pupils; "
            "nothing was imported",
            [ImportProblem(1, column, IDENTIFYING_COLUMN) for column in named],
        )


def _check_utf8(path: Path) -> None:
    """Refuse a file that is not UTF-8 throughout, before the CSV reader sees it.

    The reader checks only the columns it keeps, and cannot report a row with the wrong
    number of fields that is not UTF-8 either: it would fail with a garbled message.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 22):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise _not_utf8() from None


def _read_csv(
    path: Path, columns: Sequence[str], refuse_identifying: bool
) -> tuple[pa.Table, np.ndarray]:
    _check_utf8(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle), [])
    spelled = _header_map(header, columns, refuse_identifying)
    ragged: list[int] = []
    try:
        table = pa_csv.read_csv(
            path,
            parse_options=pa_csv.ParseOptions(
                ignore_empty_lines=False, invalid_row_handler=lambda _row: _skip(ragged)
            ),
            convert_options=pa_csv.ConvertOptions(
                include_columns=list(spelled.values()),
                column_types={
                    name: pa.dictionary(pa.int32(), pa.string()) for name in spelled.values()
                },
            ),
        )
    except pa.ArrowInvalid as error:
        if "UTF8" in str(error) or "utf8" in str(error).lower():
            raise _not_utf8() from None
        raise ImportRejected(f"The file cannot be read as CSV: {error}") from None
    table = table.rename_columns([_column_for(name, spelled) for name in table.column_names])
    if ragged:
        _raise_ragged(path, expected=len(header))
    return table, np.arange(2, table.num_rows + 2)


def _skip(ragged: list[int]) -> str:
    ragged.append(1)
    return "skip"


def _column_for(spelled_name: str, spelled: dict[str, str]) -> str:
    return next(column for column, name in spelled.items() if name == spelled_name)


def _raise_ragged(path: Path, *, expected: int) -> None:
    """Find, with their line numbers, the rows whose number of fields differs from the header."""
    problems = []
    total = 0
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        for row in reader:
            if row and len(row) != expected:
                total += 1
                if len(problems) < MAX_PROBLEMS:
                    problems.append(
                        ImportProblem(
                            reader.line_num,
                            "",
                            f"this row has {len(row)} fields; the header has {expected}",
                        )
                    )
    raise ImportRejected(
        f"The file has {total:,} row{'s' if total != 1 else ''} with the wrong number of fields; "
        "nothing was imported",
        problems,
        total,
    )


def _not_utf8() -> ImportRejected:
    return ImportRejected(
        "The file is not UTF-8 text. In Excel choose 'CSV UTF-8' when saving, or upload the XLSX"
    )


def _read_xlsx(
    path: Path, columns: Sequence[str], refuse_identifying: bool
) -> tuple[pa.Table, np.ndarray]:
    import pandas as pd

    try:
        # Read through a handle: given a path, openpyxl goes by its name, not its content.
        with path.open("rb") as handle:
            frame = pd.read_excel(handle, dtype=str, keep_default_na=False, engine="openpyxl")
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        raise ImportRejected(f"The file cannot be read as an XLSX workbook: {error}") from None
    spelled = _header_map(list(frame.columns), columns, refuse_identifying)
    frame = frame[[spelled[column] for column in columns]]
    frame.columns = list(columns)
    # A cell Excel holds as a date arrives as "2023-09-04 00:00:00": keep the date,
    # which is how the CSV form of the same file writes it.
    frame = frame.replace(r"^(\d{4}-\d{2}-\d{2}) 00:00:00$", r"\1", regex=True)
    # pandas keeps blank rows inside the sheet, so the row position gives the line.
    lines = np.arange(2, len(frame) + 2)
    return pa.Table.from_pandas(frame.astype(str), preserve_index=False), lines


def _encode(chunked: pa.ChunkedArray) -> Column:
    if not pa.types.is_dictionary(chunked.type):
        chunked = chunked.dictionary_encode()
    chunked = chunked.unify_dictionaries()
    if chunked.num_chunks == 0:
        return Column(np.zeros(0, dtype=np.int32), np.array([""], dtype=object))
    values = chunked.chunk(0).dictionary.to_pylist()
    stripped = [(value or "").strip() for value in values] + [""]
    missing = len(stripped) - 1
    codes = np.concatenate(
        [
            chunk.indices.fill_null(missing).to_numpy(zero_copy_only=False)
            for chunk in chunked.chunks
        ]
    ).astype(np.int32, copy=False)
    # " P1" and "P1" are distinct in the file but the same once stripped, as are a
    # blank cell and a missing one: give each stripped text one code.
    codes, distinct = one_code_per_value(codes, stripped)
    return Column(codes, np.array(distinct, dtype=object))


def one_code_per_value(codes: np.ndarray, values: Sequence[Hashable]) -> tuple[np.ndarray, list]:
    """Codes into ``values`` made into codes into ``values``' distinct members, in order of
    first appearance, so that rows with equal values have equal codes."""
    index: dict[Hashable, int] = {}
    # int32, as the reader's codes are: a year of registers has 19 million of them.
    remap = np.array([index.setdefault(value, len(index)) for value in values], dtype=np.int32)
    return remap[codes], list(index)


def _without_blank_rows(table: Table) -> Table:
    blank = np.ones(len(table), dtype=bool)
    for column in table.columns.values():
        empty_values = np.array([value == "" for value in column.values], dtype=bool)
        blank &= empty_values[column.codes]
    if not blank.any():
        return table
    keep = ~blank
    return Table(
        {name: Column(c.codes[keep], c.values) for name, c in table.columns.items()},
        table.lines[keep],
    )

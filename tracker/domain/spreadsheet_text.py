"""Text that a spreadsheet program would otherwise run as a formula.

A CSV cell that starts with "=", "+", "-" or "@" is read as a formula when the file is
opened in Excel or LibreOffice, and some programs skip a leading tab or carriage return
before looking. Every CSV the service writes passes its text through ``csv_cell``, which
puts an apostrophe in front of such a cell; the bulk sheet reader takes it off again.
XLSX files need no prefix: their writers put every text in a string cell
(``write_string``), which is never run, and numbers in number cells.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard_formula(value: str) -> str:
    """A cell a spreadsheet would run as a formula, made plain text for CSV."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def unguard_formula(value: str) -> str:
    """The text ``guard_formula`` was given, for a cell read back from a CSV export."""
    if value.startswith("'") and value[1:2] and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def csv_cell(value: object) -> object:
    """A value for ``csv.writer``: text guarded, numbers left as numbers, None as empty."""
    if value is None:
        return ""
    if isinstance(value, str):
        return guard_formula(value)
    return value

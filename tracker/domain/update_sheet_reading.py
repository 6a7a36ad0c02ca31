"""Reading an edited bulk update sheet back into updates, collecting every problem.

Each problem carries the row number and column heading the person sees in
their spreadsheet (the header is row 1), so one round of fixes is enough.
The content rules are the update form's, from ``tracker.domain.workflow``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from tracker.domain.roles import Role
from tracker.domain.spreadsheet_text import unguard_formula
from tracker.domain.status import STATUS_BY_CODE
from tracker.domain.update_sheet import (
    COLUMN_BY_KEY,
    COLUMNS,
    MAX_DATA_ROWS,
    MAX_TEXT_LENGTH,
    READ_ONLY_MARK,
    STATUS_LABELS,
    TEXT_FIELDS,
    UPDATE_STATUS_CODES,
    ImportChange,
    ImportTarget,
    SheetContent,
    SheetItem,
    SheetProblem,
    SheetReading,
    normalise_text,
)
from tracker.domain.workflow import can_edit_update, content_problems

# "No update" is what the service shows for an item with nothing recorded;
# a row left that way has nothing to import.
_NO_UPDATE = {"", "no update", "no_update"}


def _status_lookup() -> dict[str, str]:
    lookup = {}
    for code in UPDATE_STATUS_CODES:
        lookup[code] = code
        lookup[code.replace("_", " ")] = code
        lookup[STATUS_BY_CODE[code].label.lower()] = code
    return lookup


_STATUS_LOOKUP = _status_lookup()


def _header_key(cell: str) -> str:
    text = cell.strip().lower().replace(READ_ONLY_MARK, "")
    return re.sub(r"[\s_-]+", "_", text.strip())


_HEADER_KEYS = {column.key: column.key for column in COLUMNS} | {
    _header_key(column.heading): column.key for column in COLUMNS
}


def read_header(header: Sequence[str]) -> tuple[dict[str, int], list[SheetProblem]]:
    """Where each known column is; columns the service does not know are ignored."""
    positions: dict[str, int] = {}
    problems = []
    for index, cell in enumerate(header):
        key = _HEADER_KEYS.get(_header_key(cell))
        if key is None:
            continue
        if key in positions:
            problems.append(
                SheetProblem(1, COLUMN_BY_KEY[key].heading, "The column appears more than once")
            )
        positions.setdefault(key, index)
    for column in COLUMNS:
        if column.required and column.key not in positions:
            problems.append(
                SheetProblem(1, column.heading, f"The {column.heading} column is missing")
            )
    return positions, problems


def read_sheet(table: Sequence[Sequence[str]], target: ImportTarget) -> SheetReading:
    """Validate every row of an edited sheet; the header is row 1.

    The result lists the rows that change something and every problem found.
    Rows that match what is saved, or are left without an update, change
    nothing and are only counted.
    """
    reading = SheetReading()
    term_decision = can_edit_update(
        role=target.role, is_owner=True, term_state=target.term_state, update_state=None
    )
    if not term_decision:
        reading.problems.append(SheetProblem(None, None, term_decision.reason))
        return reading
    if not table:
        reading.problems.append(SheetProblem(None, None, "The file is empty"))
        return reading
    positions, header_problems = read_header(table[0])
    if header_problems:
        reading.problems.extend(header_problems)
        return reading
    rows = [
        (number, cells)
        for number, cells in enumerate(table[1:], start=2)
        if any(cell.strip() for cell in cells)
    ]
    if not rows:
        reading.problems.append(SheetProblem(None, None, "The file has no rows of updates"))
    elif len(rows) > MAX_DATA_ROWS:
        reading.problems.append(
            SheetProblem(None, None, f"The file must have {MAX_DATA_ROWS:,} rows or fewer")
        )
    else:
        seen: dict[str, int] = {}
        for number, cells in rows:
            _read_row(number, _cells_by_key(cells, positions), target, seen, reading)
    reading.problems.sort(key=_problem_order)
    return reading


def _problem_order(problem: SheetProblem) -> tuple[int, int]:
    keys = [column.heading for column in COLUMNS]
    column = keys.index(problem.column) if problem.column in keys else -1
    return (problem.row or 0, column)


def _cells_by_key(cells: Sequence[str], positions: Mapping[str, int]) -> dict[str, str]:
    return {
        key: unguard_formula(cells[index]) if index < len(cells) else ""
        for key, index in positions.items()
    }


def _read_row(
    number: int,
    cells: dict[str, str],
    target: ImportTarget,
    seen: dict[str, int],
    reading: SheetReading,
) -> None:
    problems: list[SheetProblem] = []

    def problem(key: str, message: str) -> None:
        problems.append(SheetProblem(number, COLUMN_BY_KEY[key].heading, message))

    item = _read_ref(cells["ref"].strip(), target, seen, number, problem)
    _check_term(cells["term"].strip(), target, problem)
    version = _read_version(cells["version"].strip(), problem)
    content = _read_content(cells, item, problem)
    if problems:
        reading.problems.extend(problems)
        return
    if content is None or item is None:
        reading.unchanged += 1
        return
    saved = item.saved
    if saved is not None and saved.content.normalised() == content:
        reading.unchanged += 1
        return
    saved_version = saved.version if saved else 0
    decision = can_edit_update(
        role=target.role,
        is_owner=item.is_owner,
        term_state=target.term_state,
        update_state=saved.state if saved else None,
    )
    may_see = item.is_owner or target.role == Role.MANAGER
    if may_see and version != saved_version:
        # Only those who may read the update learn which version is saved.
        problem("version", _conflict_message(version, saved_version))
    elif not decision:
        problem("ref", f"{item.ref}: {decision.reason}")
    if problems:
        reading.problems.extend(problems)
        return
    reading.changes.append(
        ImportChange(
            row=number,
            item_id=item.item_id,
            ref=item.ref,
            content=content,
            expected_version=version,
        )
    )


def _read_ref(ref: str, target: ImportTarget, seen: dict[str, int], number: int, problem):
    if not ref:
        problem("ref", "Enter the item's reference, as exported")
        return None
    key = ref.lower()
    if key in seen:
        problem("ref", f"{ref} is already on row {seen[key]}: each item may appear once")
        return None
    seen[key] = number
    item = target.items.get(key)
    if item is None:
        problem("ref", f"{ref} is not the reference of an item in the plan")
    return item


def _check_term(value: str, target: ImportTarget, problem) -> None:
    if not value:
        problem("term", f"Enter the term: {target.term_label}")
    elif value.lower() not in {target.term_label.lower(), target.term_slug.lower()}:
        problem(
            "term",
            f"This row is for {value}, but the file is being imported into the {target.term_label}",
        )


def _read_version(value: str, problem) -> int:
    if not value:
        return 0
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if number < 0 or not number.is_integer():
        problem("version", "Version must be a whole number, as exported: do not change it")
        return 0
    return int(number)


def _read_content(cells: dict[str, str], item: SheetItem | None, problem) -> SheetContent | None:
    """The row's update, or None when the row leaves the item without one."""
    texts = {name: normalise_text(cells[name]) for name in TEXT_FIELDS}
    status_text = cells["status"].strip()
    for name, text in texts.items():
        if len(text) > MAX_TEXT_LENGTH:
            problem(
                name,
                f"{COLUMN_BY_KEY[name].heading} must be {MAX_TEXT_LENGTH:,} characters or fewer",
            )
    if status_text.lower() in _NO_UPDATE:
        if any(texts.values()):
            problem("status", "Enter the delivery status: " + _status_choices())
        return None
    status = _STATUS_LOOKUP.get(status_text.lower().replace("_", " "))
    if status is None:
        problem("status", f"{status_text} is not a delivery status: use " + _status_choices())
        return None
    if not texts["progress"]:
        problem("progress", "Enter the progress made this term")
    has_attachments = bool(item and item.saved and item.saved.has_attachments)
    for name, message in content_problems(
        status=status,
        evidence=texts["evidence"],
        mitigation=texts["mitigation"],
        has_attachments=has_attachments,
    ).items():
        problem(name, message)
    return SheetContent(status=status, **texts)


def _status_choices() -> str:
    return ", ".join(STATUS_LABELS[:-1]) + " or " + STATUS_LABELS[-1]


def _conflict_message(version: int, saved_version: int) -> str:
    if version < saved_version:
        return (
            f"The update was changed in the service after this file was exported (version "
            f"{saved_version} is saved, the file has {version}). Export the file again and "
            "copy your changes into it"
        )
    return (
        f"The file has version {version} but version {saved_version} is saved. Export the file "
        "again and copy your changes into it"
    )

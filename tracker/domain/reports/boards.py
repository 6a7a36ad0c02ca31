"""Which board oversees which item, read from the seed folder's ``boards.yaml``.

Pure: takes the parsed YAML (and the plan's refs, to check against) and returns the
settings, or raises ``BoardFileError`` listing every problem at once.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

EDUCATION_BOARD = "education-board"
STRENGTHENING_SERVICES_BOARD = "strengthening-services-board"
LEADERSHIP_TEAM = "leadership-team"

# Used when a seed folder has no boards.yaml: everything goes to the Education Board.
FALLBACK_NAMES = {
    EDUCATION_BOARD: "Education Board",
    STRENGTHENING_SERVICES_BOARD: "Strengthening Services Board",
    LEADERSHIP_TEAM: "Leadership Team",
}


class BoardFileError(ValueError):
    """boards.yaml cannot be used; the message lists every problem."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("boards.yaml: " + "; ".join(problems))


@dataclass(frozen=True)
class Board:
    code: str
    name: str
    presenter: str
    actions: tuple[str, ...] = ()


@dataclass(frozen=True)
class CohortGroup:
    """A group of pupils reported on: attendance-data filters and the DfE breakdown."""

    label: str
    cohort: Mapping[str, Any]
    published: Mapping[str, str] | None


@dataclass(frozen=True)
class BoardSettings:
    boards: Mapping[str, Board]
    default: str = EDUCATION_BOARD
    plans_indicator: str = ""
    directorates: tuple[str, ...] = ()
    vulnerable_groups: tuple[CohortGroup, ...] = ()
    _by_ref: Mapping[str, str] = field(default_factory=dict)

    def board_for(self, ref: str) -> str:
        """The board that oversees the item with this ref."""
        return self._by_ref.get(ref, self.default)

    def board(self, code: str) -> Board:
        if code in self.boards:
            return self.boards[code]
        return Board(code, FALLBACK_NAMES.get(code, code), "Service Manager for Inclusion")

    def oversees(self, code: str, ref: str) -> bool:
        return self.board_for(ref) == code


def default_settings() -> BoardSettings:
    return BoardSettings(boards={})


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _board(code: str, raw: Any, problems: list[str]) -> Board | None:
    if not isinstance(raw, dict):
        problems.append(f"board {code} must be a mapping with a name")
        return None
    name = _text(raw.get("name"))
    if not name:
        problems.append(f"board {code} needs a name")
    actions = raw.get("actions") or []
    if not isinstance(actions, list) or not all(isinstance(ref, str) for ref in actions):
        problems.append(f"board {code}: actions must be a list of action refs")
        actions = []
    return Board(code, name, _text(raw.get("presenter")), tuple(ref.strip() for ref in actions))


def _groups(raw: Any, problems: list[str]) -> tuple[CohortGroup, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        problems.append("vulnerable_groups must be a list")
        return ()
    groups = []
    for position, entry in enumerate(raw, start=1):
        if not isinstance(entry, dict) or not _text(entry.get("label")):
            problems.append(f"vulnerable group {position} needs a label")
            continue
        cohort = entry.get("cohort")
        published = entry.get("published")
        if not isinstance(cohort, dict) or not cohort:
            problems.append(f"vulnerable group {entry['label']} needs a cohort")
            continue
        if published is not None and not (
            isinstance(published, dict) and {"phase", "characteristic"} <= set(published)
        ):
            problems.append(
                f"vulnerable group {entry['label']}: published needs a phase and a characteristic"
            )
            continue
        groups.append(CohortGroup(_text(entry["label"]), dict(cohort), published))
    return tuple(groups)


def parse_board_settings(raw: Any, *, action_refs: Collection[str] | None = None) -> BoardSettings:
    """Read boards.yaml. ``action_refs``, when given, are every action ever in the plan."""
    if not isinstance(raw, dict):
        raise BoardFileError(["the file must be a mapping with boards"])
    problems: list[str] = []
    boards_raw = raw.get("boards")
    if not isinstance(boards_raw, dict) or not boards_raw:
        problems.append("boards must list at least one board")
        boards_raw = {}
    boards = {}
    for code, entry in boards_raw.items():
        board = _board(str(code), entry, problems)
        if board is not None:
            boards[board.code] = board
    default = _text(raw.get("default")) or EDUCATION_BOARD
    if boards and default not in boards:
        problems.append(f"default names {default}, which is not a board listed")
    by_ref: dict[str, str] = {}
    for board in boards.values():
        for ref in board.actions:
            if ref in by_ref:
                problems.append(f"{ref} is listed under both {by_ref[ref]} and {board.code}")
            elif action_refs is not None and ref not in action_refs:
                problems.append(f"{board.code} lists {ref}, which is not an action in the plan")
            by_ref[ref] = board.code
    directorates = raw.get("directorates") or []
    if not isinstance(directorates, list) or not all(isinstance(d, str) for d in directorates):
        problems.append("directorates must be a list of names")
        directorates = []
    groups = _groups(raw.get("vulnerable_groups"), problems)
    if problems:
        raise BoardFileError(problems)
    return BoardSettings(
        boards=boards,
        default=default,
        plans_indicator=_text(raw.get("plans_indicator")),
        directorates=tuple(name.strip() for name in directorates),
        vulnerable_groups=groups,
        _by_ref=by_ref,
    )

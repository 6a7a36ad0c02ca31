"""Errors the domain and data layers raise for routes to turn into messages."""

from __future__ import annotations

from typing import Any


class NotAllowed(Exception):
    """The person may not do this now; the message says why."""


class InvalidContent(Exception):
    """Field-by-field problems with what was entered."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems.values()))


class EditConflict(Exception):
    """Someone else saved the same record after this form was opened."""

    def __init__(self, changes: list[Any], current: Any) -> None:
        self.changes = changes
        self.current = current
        super().__init__("The record was changed by someone else")

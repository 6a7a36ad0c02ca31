"""The four kinds of user and what each may do in general.

Object-level rules (which items an owner may edit, in which term states)
live in ``tracker.domain.workflow``.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    MANAGER = "manager"
    OWNER = "owner"
    BOARD = "board"
    DATA = "data"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.MANAGER: "Service manager",
    Role.OWNER: "Action owner",
    Role.BOARD: "Board member",
    Role.DATA: "Data officer",
}

# Longer names people may type at the command line.
ROLE_ALIASES = {
    "service-manager": Role.MANAGER,
    "admin": Role.MANAGER,
    "action-owner": Role.OWNER,
    "board-member": Role.BOARD,
    "data-officer": Role.DATA,
}


def parse_role(value: str) -> Role:
    """Read a role name, accepting the long forms; raise ``ValueError`` with the choices."""
    text = value.strip().lower()
    if text in ROLE_ALIASES:
        return ROLE_ALIASES[text]
    try:
        return Role(text)
    except ValueError:
        choices = ", ".join(role.value for role in Role)
        raise ValueError(f"Role must be one of {choices}; got {value!r}") from None

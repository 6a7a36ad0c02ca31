"""The seed folder's boards.yaml, read when a report is made and checked against the plan.

Read at report time rather than copied into the database at seeding: the file says which
board oversees which action, and a report submitted keeps what it held, so nothing else
depends on a stored copy. Without the file every item goes to the Education Board.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from flask import current_app
from sqlalchemy import select

from tracker.domain.reports.boards import (
    BoardFileError,
    BoardSettings,
    default_settings,
    parse_board_settings,
)
from tracker.extensions import db
from tracker.models import Action

BOARDS_FILE = "boards.yaml"


def _action_refs() -> set[str]:
    # Withdrawn actions too: a report made again for a term before the withdrawal lists
    # the action, and boards.yaml may keep saying which board oversaw it.
    return set(db.session.scalars(select(Action.ref)))


def board_settings(*, seed_dir: str | Path | None = None) -> BoardSettings:
    """The boards and who oversees what; raises ``BoardFileError`` if the file is wrong."""
    folder = Path(seed_dir or current_app.config["SEED_DIR"])
    path = folder / BOARDS_FILE
    if not path.exists():
        return default_settings()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise BoardFileError([f"is not valid YAML ({error.__class__.__name__})"]) from None
    return parse_board_settings(raw, action_refs=_action_refs())

"""A term's updates as rows for the bulk sheet, and importing an edited sheet.

An import is all or nothing: every row is checked first, and every change is
then saved through ``save_update``, so the usual permissions, versions and
history apply. Any problem raises ``SheetRejected`` with all problems found,
and the caller's unit of work rolls back whatever was saved.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.data.owners import owners_by_item
from tracker.data.progress import UpdateContent, save_update
from tracker.domain.errors import EditConflict, InvalidContent, NotAllowed
from tracker.domain.update_sheet import (
    COLUMN_BY_KEY,
    ImportTarget,
    SavedUpdate,
    SheetContent,
    SheetItem,
    SheetProblem,
    SheetRow,
    export_row,
)
from tracker.domain.update_sheet_reading import read_sheet
from tracker.domain.workflow import UPDATE_STATE_LABELS
from tracker.extensions import db
from tracker.models import ItemOwner, Term, TrackableItem, Update, User


class SheetRejected(Exception):
    """The sheet was not imported; ``problems`` lists everything wrong with it."""

    def __init__(self, problems: list[SheetProblem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the file")


@dataclass(frozen=True)
class ImportOutcome:
    updated: int
    unchanged: int


def _live_items() -> list[TrackableItem]:
    return list(
        db.session.scalars(
            select(TrackableItem)
            .where(TrackableItem.withdrawn_at.is_(None))
            .order_by(TrackableItem.position)
        )
    )


def _updates_for(term: Term) -> dict[int, Update]:
    return {
        update.item_id: update
        for update in db.session.scalars(
            select(Update)
            .where(Update.term_id == term.id)
            .options(selectinload(Update.attachments))
        )
    }


def _owned_item_ids(user: User) -> set[int]:
    return set(db.session.scalars(select(ItemOwner.item_id).where(ItemOwner.user_id == user.id)))


def _saved(update: Update | None) -> SavedUpdate | None:
    if update is None:
        return None
    return SavedUpdate(
        content=SheetContent(
            status=update.status,
            progress=update.progress,
            evidence=update.evidence,
            impact=update.impact,
            next_steps=update.next_steps,
            mitigation=update.mitigation,
        ),
        state=update.state,
        version=update.version,
        has_attachments=any(a.removed_at is None for a in update.attachments),
    )


def sheet_rows(*, term: Term, user: User) -> list[SheetRow]:
    """One row per live item, with or without an update; an owner gets only their items."""
    updates = _updates_for(term)
    owners = owners_by_item()
    owned = None if user.is_manager else _owned_item_ids(user)
    rows = []
    for item in _live_items():
        if owned is not None and item.id not in owned:
            continue
        update = updates.get(item.id)
        leads = [owner for owner in owners.get(item.id, []) if owner.role == "lead"]
        rows.append(
            export_row(
                ref=item.ref,
                item_kind=item.kind_label,
                item_text=item.full_text,
                term_label=term.label,
                lead_owner=leads[0].user.name if leads else "",
                saved=_saved(update),
                state_label=UPDATE_STATE_LABELS[update.state] if update else "No update",
            )
        )
    return rows


def import_target(*, term: Term, user: User) -> ImportTarget:
    updates = _updates_for(term)
    owned = _owned_item_ids(user)
    return ImportTarget(
        term_label=term.label,
        term_slug=term.slug,
        term_state=term.state,
        role=user.role_enum,
        items={
            item.ref.lower(): SheetItem(
                item_id=item.id,
                ref=item.ref,
                is_owner=item.id in owned,
                saved=_saved(updates.get(item.id)),
            )
            for item in _live_items()
        },
    )


def import_sheet(*, term: Term, user: User, table: list[list[str]], submit: bool) -> ImportOutcome:
    """Save every changed row as a draft, or submitted for review; or raise ``SheetRejected``."""
    reading = read_sheet(table, import_target(term=term, user=user))
    if reading.problems:
        raise SheetRejected(reading.problems)
    items = {item.id: item for item in _live_items()}
    problems: list[SheetProblem] = []
    for change in reading.changes:
        try:
            save_update(
                item=items[change.item_id],
                term=term,
                user=user,
                content=UpdateContent(**asdict(change.content)),
                expected_version=change.expected_version,
                submit=submit,
            )
        except NotAllowed as refusal:
            problems.append(SheetProblem(change.row, "Ref", f"{change.ref}: {refusal}"))
        except InvalidContent as invalid:
            problems.extend(
                SheetProblem(change.row, COLUMN_BY_KEY[name].heading, message)
                for name, message in invalid.problems.items()
            )
        except EditConflict:
            problems.append(
                SheetProblem(
                    change.row,
                    "Version",
                    "The update was changed in the service while the file was being imported. "
                    "Export the file again and copy your changes into it",
                )
            )
    if problems:
        raise SheetRejected(problems)
    return ImportOutcome(updated=len(reading.changes), unchanged=reading.unchanged)

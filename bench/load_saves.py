"""What the load test reads from the database: before the run, and the saves check after it."""

from __future__ import annotations

from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date


@contextmanager
def _app(url: str, instance) -> object:
    from config import config_from_environment
    from tracker import create_app
    from tracker.extensions import db

    app = create_app(
        config_from_environment({"DATABASE_URL": url, "TRACKER_INSTANCE_PATH": str(instance)})
    )
    with app.app_context():
        try:
            yield db.session
        finally:
            db.session.remove()
            db.engine.dispose()


@dataclass(frozen=True)
class RunFacts:
    term: str  # the term being collected
    closed_term: str  # the term before it
    owner_emails: list[str]  # owners with items in the plan
    history_before: int  # the last history entry before the run


def run_facts(url: str, instance) -> RunFacts:
    from sqlalchemy import func, select

    from tracker.data.terms import current_term, previous_term
    from tracker.models import HistoryEntry, ItemOwner, User

    with _app(url, instance) as session:
        term = current_term(today=date.today())
        closed = previous_term(term=term)
        emails = session.scalars(
            select(User.email)
            .join(ItemOwner, ItemOwner.user_id == User.id)
            .where(User.role == "owner", User.active.is_(True))
            .group_by(User.email)
            .order_by(User.email)
        ).all()
        before = session.scalar(select(func.max(HistoryEntry.id))) or 0
        return RunFacts(term.slug, closed.slug, list(emails), before)


def check_saves(url: str, instance, saves, history_before: int) -> list[str]:
    """Every accepted save once, with its text, version and history entry; nothing else saved."""
    from sqlalchemy import select

    from tracker.models import HistoryEntry, Term, TrackableItem, Update

    problems: list[str] = []
    with _app(url, instance) as session:
        updates = {
            f"/updates/{item.slug}/{term.slug}": update
            for update, item, term in session.execute(
                select(Update, TrackableItem, Term)
                .join(TrackableItem, Update.item_id == TrackableItem.id)
                .join(Term, Update.term_id == Term.id)
            )
        }
        entries = defaultdict(list)
        for entry in session.scalars(
            select(HistoryEntry).where(
                HistoryEntry.id > history_before,
                HistoryEntry.subject == "update",
                HistoryEntry.field == "progress",
            )
        ):
            entries[entry.new_value].append(entry)
        latest: dict[str, object] = {}
        for save in saves:
            update = updates.get(save.path)
            found = entries.pop(save.progress, [])
            if update is None or not found:
                problems.append(
                    f"lost: version {save.version} of {save.path} is not in the history"
                )
                continue
            if len(found) > 1:
                problems.append(
                    f"duplicated: {save.path} version {save.version} {len(found)} times"
                )
            if any(e.subject_id != update.id or e.version != save.version for e in found):
                problems.append(f"misplaced: {save.path} version {save.version}")
            if save.path not in latest or save.version > latest[save.path].version:
                latest[save.path] = save
        for text, found in entries.items():
            problems.append(f"saved but never accepted: {len(found)} history entries {text[:40]!r}")
        for path, save in latest.items():
            update = updates[path]
            if update.progress != save.progress:
                problems.append(f"lost: {path} does not hold its last accepted text")
            if update.version < save.version:
                problems.append(f"lost: {path} is at version {update.version} < {save.version}")
    return problems

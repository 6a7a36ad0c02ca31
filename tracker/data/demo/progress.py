"""Demonstration progress: years of termly updates, replayed through the ordinary workflow.

The plan comes from ``tracker.domain.demo_progress``; each event is carried
out with the same data functions the service uses (``move_term``,
``set_deadline``, ``save_update``, ``review_update``), so versions,
permissions and history are real, with the demo clock giving each record the
moment the plan says it happened.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from sqlalchemy import func, select

from tracker.data.demo.accounts import demo_users, live_demo_items
from tracker.data.demo.clock import DemoClock
from tracker.data.demo.context import DemoContext
from tracker.data.owners import owners_by_item
from tracker.data.progress import UpdateContent, review_update, save_update
from tracker.data.terms import current_term, move_term, set_deadline, terms_up_to
from tracker.domain.demo_people import DEMO_EMAILS, MANAGER, OwnerPlan
from tracker.domain.demo_progress import DemoEvent, DemoTerm, plan_progress
from tracker.extensions import db
from tracker.models import Term, TrackableItem, Update, User

PROGRESS_SEED = 2023
TERM_TARGETS = {"open": "open", "close": "closed", "lock": "locked"}


def _demo_terms(today: date) -> list[Term]:
    current = current_term(today=today)
    return terms_up_to(term=current) if current is not None else []


def _reason_to_leave_alone(terms: list[Term], manager: User | None) -> str | None:
    """Progress is only invented where none has been recorded, so nothing real is mixed in."""
    if manager is None or manager.role != "manager":
        return "The demo service manager account is missing"
    if not terms:
        return "There are no terms"
    if db.session.scalar(select(func.count()).select_from(Update)):
        return "Progress updates are already recorded"
    if any(term.state != "upcoming" for term in terms):
        return "Terms have already been opened"
    return None


def _demo_owner_plans() -> dict[int, OwnerPlan]:
    """Items led by a demo owner, with their demo owners; other items get no demo updates."""
    plans = {}
    for item_id, owners in owners_by_item().items():
        leads = [o.user.email for o in owners if o.role == "lead" and o.user.email in DEMO_EMAILS]
        if leads:
            contributors = tuple(
                o.user.email
                for o in owners
                if o.role == "contributor" and o.user.email in DEMO_EMAILS
            )
            plans[item_id] = OwnerPlan(lead=leads[0], contributors=contributors)
    return plans


def seed_demo_progress(context: DemoContext) -> list[str]:
    terms = _demo_terms(context.today)
    users = demo_users()
    reason = _reason_to_leave_alone(terms, users.get(MANAGER.email))
    if reason:
        return [f"{reason}: demo progress not added."]
    plans = _demo_owner_plans()
    pairs = [(item, demo) for item, demo in live_demo_items() if item.id in plans]
    events = plan_progress(
        items=[demo for _, demo in pairs],
        terms=[
            DemoTerm(slug=term.slug, name=term.name, start=term.start_date, end=term.end_date)
            for term in terms
        ],
        owners={demo.ref: plans[item.id] for item, demo in pairs},
        manager=MANAGER.email,
        today=context.today,
        seed=PROGRESS_SEED,
    )
    _Replay(
        terms={term.slug: term for term in terms},
        items={item.ref: item for item, _ in pairs},
        users=users,
        clock=context.clock,
    ).run(events)
    saved = sum(1 for event in events if event.kind in {"save", "submit"})
    return [
        f"Recorded demo progress for {len(terms)} terms ({terms[0].label} to "
        f"{terms[-1].label}): {saved} saves and submissions",
        f"The {terms[-1].label} is open for updates.",
    ]


class _Replay:
    def __init__(
        self,
        *,
        terms: dict[str, Term],
        items: dict[str, TrackableItem],
        users: dict[str, User],
        clock: DemoClock,
    ) -> None:
        self.terms, self.items, self.users, self.clock = terms, items, users, clock
        self.updates: dict[tuple[str, str], Update] = {}

    def run(self, events: list[DemoEvent]) -> None:
        for event in events:
            self.clock.now = event.at
            self._apply(event)
            # Flushed at once, so everything the event wrote carries its moment.
            db.session.flush()

    def _apply(self, event: DemoEvent) -> None:
        term, actor = self.terms[event.term], self.users[event.actor]
        if event.kind in TERM_TARGETS:
            move_term(term=term, user=actor, target=TERM_TARGETS[event.kind])
        elif event.kind == "deadline":
            set_deadline(term=term, user=actor, deadline=event.deadline)
        elif event.kind in {"save", "submit"}:
            key = (event.ref, event.term)
            current = self.updates.get(key)
            self.updates[key] = save_update(
                item=self.items[event.ref],
                term=term,
                user=actor,
                content=UpdateContent(**asdict(event.content)),
                expected_version=current.version if current else 0,
                submit=event.kind == "submit",
            )
        else:
            review_update(
                update=self.updates[(event.ref, event.term)],
                user=actor,
                approve=event.kind == "approve",
                reason=event.reason,
            )

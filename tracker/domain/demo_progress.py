"""A believable history of termly progress, planned as a timeline of events.

For every item and term from the first up to the current one, the plan says
what each person did and when: owners saving and submitting, the service
manager opening and closing terms, returning and approving. The data layer
replays the events through the ordinary workflow, so the history is real.

Deterministic: the same items, terms, date and seed give the same plan.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from tracker.domain.demo_people import OWNER, DemoItem, OwnerPlan
from tracker.domain.demo_text import DemoContent, TermWords, weaker_first_draft, write_update

# How an item's status moves from term to term, picked once per item.
PROFILES = ("steady", "completes", "recovers", "persistent", "late_start", "slips")
PROFILE_WEIGHTS = (28, 22, 15, 15, 10, 10)
# How the current term stands for items not owned by the demo owner.
CURRENT_STATES = ("approved", "submitted", "draft", "returned", "missing")
CURRENT_WEIGHTS = (40, 20, 12, 8, 20)
# The demo owner sees each of these at least once in the current term.
OWNER_CURRENT = ("draft", "returned", "missing")


@dataclass(frozen=True)
class DemoTerm:
    slug: str
    name: str
    start: date
    end: date

    def words(self) -> TermWords:
        months = []
        day = self.start
        while day <= self.end:
            if day.strftime("%B") not in months:
                months.append(day.strftime("%B"))
            day += timedelta(days=28)
        return TermWords(slug=self.slug, months=tuple(months), year=self.start.year)


@dataclass(frozen=True)
class DemoEvent:
    """One thing someone did. ``kind`` is a term step or an update step."""

    at: datetime
    kind: str  # open, deadline, close, lock, save, submit, approve, return
    term: str
    actor: str
    ref: str | None = None
    content: DemoContent | None = None
    reason: str = ""
    deadline: date | None = None


def _before_weekend(moment: datetime) -> datetime:
    """Work happens on weekdays: a weekend moment moves back to the Friday."""
    if moment.weekday() >= 5:
        return moment - timedelta(days=moment.weekday() - 4)
    return moment


def _after_weekend(moment: datetime) -> datetime:
    """For a step that follows another: a weekend moment moves on to the Monday."""
    if moment.weekday() >= 5:
        return moment + timedelta(days=7 - moment.weekday())
    return moment


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return _before_weekend(datetime.combine(day, time(hour, minute), tzinfo=UTC))


def statuses_for(profile: str, count: int, rng: random.Random) -> list[str]:
    """An item's status in each of ``count`` terms; Complete, once reached, stays.

    Where a profile changes is picked at random, so items with the same
    profile do not all change in the same term.
    """
    if profile == "completes":
        finish = rng.randint(2, max(2, count - 1))
        first = rng.choice(("not_started", "green"))
        statuses = [first] + ["green"] * (finish - 1) + ["complete"] * count
    elif profile == "recovers":
        statuses = ["red"] * rng.randint(1, 2) + ["amber"] * rng.randint(1, 2) + ["green"] * count
    elif profile == "persistent":
        # Two or more terms Red or Amber in a row, starting in any term, then recovering.
        run = ["amber", "amber"] + (["red", "red"] if rng.random() < 0.5 else []) + ["amber"]
        statuses = ["green"] * rng.randint(1, max(1, count - 2)) + run + ["green"] * count
    elif profile == "late_start":
        statuses = ["not_started"] * rng.randint(2, 5) + ["green", "green", "amber"]
        statuses += ["green"] * count
    elif profile == "slips":
        statuses = ["green"] * rng.randint(2, max(2, count - 2)) + ["amber", "red", "amber"]
        statuses += ["green"] * count
    else:
        statuses = [rng.choice(("not_started", "green"))] + [
            "amber" if rng.random() < 0.12 else "green" for _ in range(count)
        ]
    return statuses[:count]


@dataclass(frozen=True)
class _Window:
    """When people could act: events planned outside it are moved to its edge."""

    start: datetime
    end: datetime

    def clamp(self, moment: datetime) -> datetime:
        return min(max(moment, self.start), self.end)

    def at(self, fraction: float, hour: int) -> datetime:
        """On the day ``fraction`` of the way through, at ``hour`` o'clock if it fits."""
        day = (self.start + (self.end - self.start) * fraction).date()
        return self.clamp(_at(day, hour))


class _Planner:
    def __init__(
        self,
        *,
        items: Sequence[DemoItem],
        terms: Sequence[DemoTerm],
        owners: Mapping[str, OwnerPlan],
        manager: str,
        today: date,
        seed: int,
    ) -> None:
        self.items, self.terms, self.owners = items, terms, owners
        self.manager, self.today = manager, today
        # Demonstration data only: a seeded generator makes it repeatable.
        self.rng = random.Random(seed)  # noqa: S311 # nosec B311 # demonstration data only
        self.events: list[DemoEvent] = []

    def plan(self) -> list[DemoEvent]:
        past, current = self.terms[:-1], self.terms[-1]
        histories = {
            item.ref: statuses_for(
                self.rng.choices(PROFILES, PROFILE_WEIGHTS)[0], len(self.terms), self.rng
            )
            for item in self.items
        }
        for index, term in enumerate(past):
            self._past_term(term, index, histories)
        self._current_term(current, len(self.terms) - 1, histories)
        self._lock_past_terms(past)
        # A stable sort keeps same-moment events in the order they were planned.
        return sorted(self.events, key=lambda event: event.at)

    def _event(self, at: datetime, kind: str, term: DemoTerm, actor: str, **extra) -> None:
        self.events.append(DemoEvent(at=at, kind=kind, term=term.slug, actor=actor, **extra))

    def _content(self, item: DemoItem, term: DemoTerm, index: int, histories) -> DemoContent:
        statuses = histories[item.ref]
        return write_update(
            item_text=item.text,
            status=statuses[index],
            term=term.words(),
            rng=self.rng,
            completed_before=index > 0 and statuses[index - 1] == "complete",
        )

    def _writer(self, item: DemoItem) -> str:
        """Mostly the lead writes the update; sometimes a contributor does."""
        plan = self.owners[item.ref]
        if plan.contributors and self.rng.random() < 0.25:
            return self.rng.choice(plan.contributors)
        return plan.lead

    def _past_term(self, term: DemoTerm, index: int, histories) -> None:
        opened = _at(term.start, 8, 30)
        deadline = max(term.start, term.end - timedelta(days=10))
        window = _Window(opened + timedelta(days=1), _at(term.end, 16))
        self._event(opened, "open", term, self.manager)
        self._event(opened + timedelta(hours=1), "deadline", term, self.manager, deadline=deadline)
        for item in self.items:
            content = self._content(item, term, index, histories)
            roll = self.rng.random()
            if roll < 0.12:
                submitted = _at(deadline - timedelta(days=self.rng.randint(8, 20)), 10)
                self._returned_then_approved(item, term, content, window.clamp(submitted))
                continue
            if roll < 0.25:
                # Late: after the deadline, before the term closes.
                planned = _at(deadline + timedelta(days=self.rng.randint(1, 7)), 15)
            else:
                planned = _at(deadline - timedelta(days=self.rng.randint(0, 20)), 11)
            submitted = window.clamp(planned)
            reviewed = submitted + timedelta(days=self.rng.randint(1, 6), hours=1)
            self._draft_then_submit(item, term, content, submitted, window)
            self._event(_after_weekend(reviewed), "approve", term, self.manager, ref=item.ref)
        self._event(_at(term.end, 17, 30), "close", term, self.manager)

    def _draft_then_submit(
        self, item: DemoItem, term: DemoTerm, content: DemoContent, submitted, window
    ) -> None:
        writer = self._writer(item)
        if self.rng.random() < 0.2:
            saved = submitted - timedelta(days=self.rng.randint(2, 9), hours=2)
            self._event(
                window.clamp(_before_weekend(saved)),
                "save",
                term,
                writer,
                ref=item.ref,
                content=content,
            )
        self._event(submitted, "submit", term, writer, ref=item.ref, content=content)

    def _returned_then_approved(
        self, item: DemoItem, term: DemoTerm, content: DemoContent, submitted: datetime
    ) -> None:
        first, reason = weaker_first_draft(content)
        writer = self._writer(item)
        self._event(submitted, "submit", term, writer, ref=item.ref, content=first)
        returned = _after_weekend(submitted + timedelta(days=1, hours=3))
        self._event(returned, "return", term, self.manager, ref=item.ref, reason=reason)
        fixed = _after_weekend(returned + timedelta(days=self.rng.randint(1, 3)))
        self._event(fixed, "submit", term, writer, ref=item.ref, content=content)
        approved = _after_weekend(fixed + timedelta(days=1, hours=2))
        self._event(approved, "approve", term, self.manager, ref=item.ref)

    def _current_term(self, term: DemoTerm, index: int, histories) -> None:
        opened = _at(min(term.start, self.today - timedelta(days=2)), 8, 30)
        latest = datetime.combine(self.today - timedelta(days=1), time(16), tzinfo=UTC)
        window = _Window(opened + timedelta(hours=1), latest)
        deadline = min(
            max(self.today + timedelta(days=7), term.start), term.end + timedelta(days=14)
        )
        self._event(opened, "open", term, self.manager)
        self._event(opened + timedelta(hours=1), "deadline", term, self.manager, deadline=deadline)
        owner_items = [item for item in self.items if self.owners[item.ref].lead == OWNER.email]
        forced = dict(zip((item.ref for item in owner_items), OWNER_CURRENT, strict=False))
        for item in self.items:
            state = forced.get(item.ref) or self.rng.choices(CURRENT_STATES, CURRENT_WEIGHTS)[0]
            if state == "missing":
                continue
            content = self._content(item, term, index, histories)
            first = window.at(self.rng.uniform(0.1, 0.6), self.rng.randint(9, 12))
            second = window.at(self.rng.uniform(0.7, 1.0), self.rng.randint(13, 16))
            writer = self._writer(item)
            if state == "draft":
                self._event(first, "save", term, writer, ref=item.ref, content=content)
            elif state == "returned":
                weaker, reason = weaker_first_draft(content)
                self._event(first, "submit", term, writer, ref=item.ref, content=weaker)
                self._event(second, "return", term, self.manager, ref=item.ref, reason=reason)
            else:
                self._draft_then_submit(item, term, content, first, window)
                if state == "approved":
                    self._event(second, "approve", term, self.manager, ref=item.ref)

    def _lock_past_terms(self, past: Sequence[DemoTerm]) -> None:
        """Each past term is locked when the one after it closes; the latest stays closed."""
        for earlier, later in itertools.pairwise(past):
            self._event(_at(later.end, 17, 45), "lock", earlier, self.manager)


def plan_progress(
    *,
    items: Sequence[DemoItem],
    terms: Sequence[DemoTerm],
    owners: Mapping[str, OwnerPlan],
    manager: str,
    today: date,
    seed: int,
) -> list[DemoEvent]:
    """Every event from the first term's opening to ``today``, in time order.

    ``terms`` runs from the first term to the current one, which is left open.
    """
    if not terms or not items:
        return []
    return _Planner(
        items=items, terms=terms, owners=owners, manager=manager, today=today, seed=seed
    ).plan()

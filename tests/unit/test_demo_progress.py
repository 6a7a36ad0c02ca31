"""Planning demonstration data: owners by subject, believable statuses, a valid timeline."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import date

import pytest

from tracker.domain.demo_people import (
    DEMO_PEOPLE,
    MANAGER,
    OWNER,
    DemoItem,
    plan_owners,
)
from tracker.domain.demo_progress import PROFILES, DemoTerm, plan_progress, statuses_for
from tracker.domain.demo_text import TermWords, weaker_first_draft, write_update
from tracker.domain.roles import Role
from tracker.domain.workflow import content_problems

ITEMS = [
    DemoItem("P1/001", "Publish and circulate up-dated Dorset attendance guidance."),
    DemoItem("P1/005", "Provide CPD to Inclusion Team Managers and Inclusion Leads."),
    DemoItem("P2/004", "Regularly include attendance updates in Dorset's education bulletin."),
    DemoItem("P3/008", "Develop and deliver EBSA avoidance CPD to schools."),
    DemoItem("P4/005", "Promote and implement Dorset's transition guidance."),
    DemoItem("P5/001", "To ensure that families entitled to free transport are accessing it."),
    DemoItem("P3/004", "Support for children with Irish traveller heritage."),
    DemoItem("P3/010", "Roll out Mental Health Support Teams with NHS Dorset."),
    *[
        DemoItem(f"P2/{n}", "Share good practice at the locality networks.")
        for n in range(100, 120)
    ],
    DemoItem("Chesil/2", "Decrease rates of severe absence.", group="Chesil"),
    DemoItem("North/1", "Attendance of year groups whose transition was disrupted.", group="North"),
]
TERMS = [
    DemoTerm("2022-23-autumn", "autumn", date(2022, 9, 5), date(2022, 12, 20)),
    DemoTerm("2022-23-spring", "spring", date(2023, 1, 4), date(2023, 3, 31)),
    DemoTerm("2022-23-summer", "summer", date(2023, 4, 17), date(2023, 7, 21)),
    DemoTerm("2023-24-autumn", "autumn", date(2023, 9, 6), date(2023, 12, 20)),
    DemoTerm("2023-24-spring", "spring", date(2024, 1, 4), date(2024, 3, 28)),
]
TODAY = date(2024, 2, 20)


def plan(seed: int = 7):
    owners = plan_owners(ITEMS, seed=seed)
    events = plan_progress(
        items=ITEMS, terms=TERMS, owners=owners, manager=MANAGER.email, today=TODAY, seed=seed
    )
    return owners, events


def test_demo_people_have_every_role_and_reserved_addresses():
    roles = Counter(person.role for person in DEMO_PEOPLE)
    assert roles[Role.MANAGER] == roles[Role.BOARD] == roles[Role.DATA] == 1
    assert roles[Role.OWNER] >= 11
    assert all(person.email.endswith("@example.org") for person in DEMO_PEOPLE)
    emails = {p.email for p in DEMO_PEOPLE}
    assert {"manager@example.org", "owner@example.org", "board@example.org"} <= emails
    assert "data@example.org" in emails
    assert len({person.team for person in DEMO_PEOPLE}) >= 8


def test_owners_follow_the_subject_of_each_item():
    owners = plan_owners(ITEMS, seed=1)
    teams = {person.email: person.team for person in DEMO_PEOPLE}
    assert owners["P5/001"].lead == "dave.coombes@example.org"
    assert teams[owners["P3/010"].lead] == "Health partnership"
    assert teams[owners["North/1"].lead] == "Locality teams: North and West"
    # "traveller" is not about transport.
    assert teams[owners["P3/004"].lead] != "Transport"
    led_by_owner = {ref for ref, plan in owners.items() if plan.lead == OWNER.email}
    assert led_by_owner == {"P1/001", "P1/005", "P2/004", "P3/008", "P4/005", "Chesil/2"}
    for owner_plan in owners.values():
        assert owner_plan.lead not in owner_plan.contributors
        assert OWNER.email not in owner_plan.contributors
    assert any(owner_plan.contributors for owner_plan in owners.values())


def test_the_same_inputs_give_the_same_plan():
    assert plan(7) == plan(7)
    assert plan(7)[1] != plan(8)[1]


@pytest.mark.parametrize("profile", PROFILES)
def test_complete_once_reached_stays_complete(profile):
    for seed in range(30):
        statuses = statuses_for(profile, 13, random.Random(seed))
        assert len(statuses) == 13
        if "complete" in statuses:
            first = statuses.index("complete")
            assert set(statuses[first:]) == {"complete"}


@pytest.mark.parametrize("seed", [1, 7, 42])
def test_events_are_in_time_order_and_follow_the_workflow(seed):
    _, events = plan(seed)
    assert [event.at for event in events] == sorted(event.at for event in events)
    windows: dict[str, list] = defaultdict(list)
    for event in events:
        if event.kind in {"open", "close"}:
            windows[event.term].append(event.at)
    for event in events:
        opened, *closed = windows[event.term]
        if event.kind in {"save", "submit"}:
            # Owners write only while the term is open.
            assert opened < event.at
            assert not closed or event.at < closed[0]
            assert event.at.date() < TODAY
            assert event.at.weekday() < 5
            assert not content_problems(
                status=event.content.status,
                evidence=event.content.evidence,
                mitigation=event.content.mitigation,
                has_attachments=False,
            )


@pytest.mark.parametrize("seed", [1, 7, 42])
def test_every_update_step_comes_in_a_valid_order(seed):
    _, events = plan(seed)
    steps: dict[tuple, list[str]] = defaultdict(list)
    for event in events:
        if event.ref:
            steps[(event.ref, event.term)].append(event.kind)
    for kinds in steps.values():
        state = None
        for kind in kinds:
            if kind in {"approve", "return"}:
                assert state == "submitted"
            else:
                assert state in {None, "draft", "returned"}
            state = {"save": "draft", "submit": "submitted", "return": "returned"}.get(
                kind, "approved"
            )


@pytest.mark.parametrize("seed", [1, 7, 42])
def test_past_terms_are_all_approved_and_locked_but_the_last_which_is_closed(seed):
    _, events = plan(seed)
    past = {term.slug for term in TERMS[:-1]}
    final: dict[tuple, str] = {}
    for event in events:
        if event.ref and event.term in past:
            final[(event.ref, event.term)] = event.kind
    assert len(final) == len(ITEMS) * len(past)
    assert set(final.values()) == {"approve"}
    locked = {event.term for event in events if event.kind == "lock"}
    assert locked == past - {TERMS[-2].slug}
    assert not any(e.kind == "close" and e.term == TERMS[-1].slug for e in events)


def test_history_has_returns_with_reasons_and_late_submissions():
    _, events = plan()
    returns = [event for event in events if event.kind == "return"]
    assert returns and all(event.reason for event in returns)
    deadlines = {event.term: event.deadline for event in events if event.kind == "deadline"}
    late = [
        event
        for event in events
        if event.kind == "submit" and event.at.date() > deadlines[event.term]
    ]
    assert late


def test_the_current_term_has_a_mix_and_the_demo_owner_sees_each_state():
    owners, events = plan()
    current = TERMS[-1].slug
    last: dict[str, str] = {}
    for event in events:
        if event.ref and event.term == current:
            last[event.ref] = event.kind
    states = Counter(last.values())
    assert {"save", "submit", "return", "approve"} <= set(states)
    assert len(last) < len(ITEMS)  # some items have no update yet
    owner_refs = [item.ref for item in ITEMS if owners[item.ref].lead == OWNER.email]
    owner_states = [last.get(ref, "missing") for ref in owner_refs]
    assert {"save", "return", "missing"} <= set(owner_states)


def test_all_statuses_appear():
    _, events = plan()
    statuses = {event.content.status for event in events if event.content}
    assert statuses == {"not_started", "green", "amber", "red", "complete"}


def test_written_updates_fit_the_status():
    words = TermWords(slug="2023-24-spring", months=("January", "February"), year=2024)
    rng = random.Random(3)
    red = write_update(item_text="Transport routes.", status="red", term=words, rng=rng)
    assert red.mitigation and "](https://intranet.example.org/" in red.evidence
    complete = write_update(item_text="Guidance.", status="complete", term=words, rng=rng)
    assert complete.evidence and not complete.mitigation
    not_started = write_update(item_text="Guidance.", status="not_started", term=words, rng=rng)
    assert not not_started.evidence and not_started.progress
    weaker, reason = weaker_first_draft(red)
    assert weaker.impact == "" and "impact" in reason

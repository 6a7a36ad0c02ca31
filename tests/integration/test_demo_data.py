"""`flask seed --demo`: what the demonstration data contains.

The demo is seeded once per database for this module; every test here only reads it.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import select

from tests.conftest import BACKENDS, build_app
from tracker.data.accounts import authenticate
from tracker.data.terms import current_term, list_terms
from tracker.extensions import db
from tracker.models import HistoryEntry, ItemOwner, TrackableItem, Update, User


@pytest.fixture(scope="module", params=BACKENDS)
def demo(request, tmp_path_factory) -> Iterator[tuple[Flask, str]]:
    app = build_app(request.param, tmp_path_factory.mktemp("demo"))
    with app.app_context():
        upgrade()
        result = app.test_cli_runner().invoke(args=["seed", "--demo"])
        assert result.exit_code == 0, result.output
        yield app, result.output
        db.session.remove()
        db.engine.dispose()


def live_items() -> list[TrackableItem]:
    return list(
        db.session.scalars(select(TrackableItem).where(TrackableItem.withdrawn_at.is_(None)))
    )


def updates_by_term() -> dict[int, dict[int, Update]]:
    found: dict[int, dict[int, Update]] = defaultdict(dict)
    for update in db.session.scalars(select(Update)):
        found[update.term_id][update.item_id] = update
    return found


def split_terms():
    current = current_term(today=date.today())
    terms = list_terms()
    index = [term.id for term in terms].index(current.id)
    return terms[:index], current, terms[index + 1 :]


def test_the_command_says_what_it_added(demo):
    _, output = demo
    assert "Created demo accounts: 15" in output
    assert "Assigned demo owners to items: 74" in output
    assert "Recorded demo progress for" in output


def test_demo_accounts_exist_with_their_roles_and_the_default_password(demo):
    users = {user.email: user for user in db.session.scalars(select(User))}
    expected = {
        "manager@example.org": "manager",
        "owner@example.org": "owner",
        "board@example.org": "board",
        "data@example.org": "data",
    }
    for email, role in expected.items():
        assert users[email].role == role
    assert users["manager@example.org"].team == "Inclusion"
    other_owners = [
        u for u in users.values() if u.role == "owner" and u.email != "owner@example.org"
    ]
    assert len(other_owners) >= 10
    assert {"Transport", "SEND", "Social Care", "Health partnership"} <= {
        u.team for u in users.values()
    }
    assert authenticate(email="owner@example.org", password="demo").user is not None
    db.session.rollback()


def test_every_live_item_has_one_lead_and_some_have_contributors(demo):
    owners: dict[int, list[ItemOwner]] = defaultdict(list)
    for owner in db.session.scalars(select(ItemOwner)):
        owners[owner.item_id].append(owner)
    for item in live_items():
        assert [o.role for o in owners[item.id]].count("lead") == 1, item.ref
    assert any(len(found) > 1 for found in owners.values())


def test_the_demo_owner_leads_items_in_several_priorities_and_a_locality(demo):
    owner = db.session.scalars(select(User).where(User.email == "owner@example.org")).one()
    led = db.session.scalars(
        select(TrackableItem)
        .join(ItemOwner, ItemOwner.item_id == TrackableItem.id)
        .where(ItemOwner.user_id == owner.id, ItemOwner.role == "lead")
    ).all()
    assert 4 <= len(led) <= 10
    assert len({item.priority_id for item in led if item.kind == "action"}) >= 3
    assert any(item.kind == "locality_priority" for item in led)


def test_every_past_term_has_an_approved_update_for_every_item_and_is_closed_or_locked(demo):
    past, current, upcoming = split_terms()
    assert past and past[0].slug == "2022-23-autumn"
    updates = updates_by_term()
    items = live_items()
    for term in past:
        assert {u.state for u in updates[term.id].values()} == {"approved"}, term.slug
        assert set(updates[term.id]) == {item.id for item in items}, term.slug
        assert term.update_deadline is not None
    assert [term.state for term in past] == ["locked"] * (len(past) - 1) + ["closed"]
    assert current.state == "open"
    assert all(term.state == "upcoming" for term in upcoming)
    assert not any(updates[term.id] for term in upcoming)


def test_the_current_term_has_a_mix_including_for_the_demo_owner(demo):
    _, current, _ = split_terms()
    updates = updates_by_term()[current.id]
    assert {"draft", "submitted", "returned", "approved"} <= {u.state for u in updates.values()}
    assert len(updates) < len(live_items())  # some are still missing
    owner = db.session.scalars(select(User).where(User.email == "owner@example.org")).one()
    led = db.session.scalars(
        select(ItemOwner.item_id).where(ItemOwner.user_id == owner.id, ItemOwner.role == "lead")
    ).all()
    states = {updates[item_id].state if item_id in updates else "missing" for item_id in led}
    assert {"draft", "returned", "missing"} <= states
    assert all(u.return_reason for u in updates.values() if u.state == "returned")


def test_statuses_are_varied_and_complete_stays_complete(demo):
    past, current, _ = split_terms()
    order = [term.id for term in [*past, current]]
    updates = updates_by_term()
    statuses = {u.status for by_item in updates.values() for u in by_item.values()}
    assert statuses == {"not_started", "green", "amber", "red", "complete"}
    runs_of_two = 0
    for item in live_items():
        history = [updates[t][item.id].status for t in order if item.id in updates[t]]
        if "complete" in history:
            assert set(history[history.index("complete") :]) == {"complete"}, item.ref
        runs_of_two += any(
            a in {"amber", "red"} and b in {"amber", "red"} for a, b in itertools.pairwise(history)
        )
    assert runs_of_two >= 3


def test_some_updates_were_returned_then_approved_and_some_were_late(demo):
    past, _, _ = split_terms()
    past_ids = {term.id for term in past}
    returned = db.session.scalars(
        select(HistoryEntry).where(
            HistoryEntry.field == "return_reason", HistoryEntry.term_id.in_(past_ids)
        )
    ).all()
    assert returned and all(entry.new_value for entry in returned)
    updates = updates_by_term()
    late = [
        u
        for term in past
        for u in updates[term.id].values()
        if u.submitted_at and u.submitted_at.date() > term.update_deadline
    ]
    assert late


def test_timestamps_are_spread_over_the_years_and_never_in_the_future(demo):
    past, _, _ = split_terms()
    now = datetime.now(UTC)
    earliest = datetime.combine(past[0].start_date - timedelta(days=30), datetime.min.time(), UTC)
    moments = [entry.at for entry in db.session.scalars(select(HistoryEntry))]
    moments = [m if m.tzinfo else m.replace(tzinfo=UTC) for m in moments]
    assert all(earliest <= moment < now for moment in moments)
    assert len({moment.date() for moment in moments}) > 200
    updates = updates_by_term()
    for term in past:
        for update in updates[term.id].values():
            submitted = update.submitted_at.date()
            assert term.start_date <= submitted <= term.end_date, term.slug
            assert update.reviewed_at.date() >= submitted


def test_manual_indicators_and_training_have_figures_for_every_term_so_far(demo):
    from datetime import date

    from sqlalchemy import func

    from tracker.models import Indicator, ManualIndicatorValue
    from tracker.models.reports import TrainingRecord

    started = [term for term in list_terms() if term.start_date <= date.today()]
    manual = db.session.scalar(
        select(func.count()).select_from(Indicator).where(Indicator.kind == "manual")
    )
    values = db.session.scalar(select(func.count()).select_from(ManualIndicatorValue))
    assert manual and values == manual * len(started)
    terms_with_training = set(db.session.scalars(select(TrainingRecord.term_id).distinct()))
    assert terms_with_training == {term.id for term in started}
    assert all(
        record.trained >= 0 and record.target > 0
        for record in db.session.scalars(select(TrainingRecord))
    )


def test_the_training_indicator_is_the_running_total_of_the_demo_training(demo):
    from sqlalchemy import func

    from tracker.models import Indicator, ManualIndicatorValue
    from tracker.models.reports import TrainingRecord

    indicator = db.session.scalars(
        select(Indicator).where(Indicator.code == "attendance-training-delivered")
    ).one()
    total = 0
    for term in [term for term in list_terms() if term.start_date <= date.today()]:
        total += db.session.scalar(
            select(func.sum(TrainingRecord.trained)).where(TrainingRecord.term_id == term.id)
        )
        value = db.session.scalars(
            select(ManualIndicatorValue).where(
                ManualIndicatorValue.indicator_id == indicator.id,
                ManualIndicatorValue.term_id == term.id,
            )
        ).one()
        assert value.value == total, term.label
        assert value.evidence.startswith(f"From the training records: {total:,} staff trained")

"""`flask seed --demo`: safe to repeat, its password option, and other people's data left alone."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from tests.integration.progress_helpers import open_term, own
from tracker.data.accounts import authenticate, create_user
from tracker.data.demo import seed_demo
from tracker.data.progress import UpdateContent, save_update
from tracker.data.transaction import unit_of_work
from tracker.domain.roles import Role
from tracker.extensions import db
from tracker.models import HistoryEntry, ItemOwner, Term, Update, User


def run(app, *args: str):
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output


def snapshot() -> dict:
    db.session.expire_all()
    return {
        "users": [
            (u.email, u.name, u.role, u.team, u.password_hash, u.session_version)
            for u in db.session.scalars(select(User).order_by(User.email))
        ],
        "owners": sorted(
            db.session.execute(select(ItemOwner.item_id, ItemOwner.user_id, ItemOwner.role))
        ),
        "updates": sorted(
            db.session.execute(
                select(Update.item_id, Update.term_id, Update.status, Update.state, Update.version)
            )
        ),
        "history": db.session.scalar(select(func.count()).select_from(HistoryEntry)),
        "terms": sorted(db.session.execute(select(Term.id, Term.state, Term.update_deadline))),
    }


def test_running_seed_demo_twice_changes_nothing(empty_app):
    run(empty_app, "seed", "--demo")
    before = snapshot()
    output = run(empty_app, "seed", "--demo")
    assert "Demo accounts already exist: left as they are." in output
    assert "Every item already has owners: left as they are." in output
    assert "demo progress not added" in output
    assert snapshot() == before


def test_the_demo_password_option_sets_the_demo_accounts_password(empty_app):
    run(empty_app, "seed", "--demo", "--demo-password", "a-longer-demo-password")
    for email in ("manager@example.org", "owner@example.org", "board@example.org"):
        assert authenticate(email=email, password="a-longer-demo-password").user is not None
    assert authenticate(email="data@example.org", password="demo").user is None
    db.session.rollback()


def test_without_demo_the_seed_adds_no_accounts(empty_app):
    run(empty_app, "seed")
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_other_accounts_and_their_items_are_left_alone(app):
    with unit_of_work():
        real = create_user(
            email="lead@council.example",
            name="Real Person",
            role=Role.OWNER,
            team="Inclusion",
            password="a real password",
        )
    own({"owner": real, "manager": None}, slug="P1-001")
    before = (real.password_hash, real.name, real.team, real.session_version, real.role)
    with unit_of_work():
        lines = seed_demo(password="demo", today=date(2025, 1, 20))
    db.session.expire_all()
    assert (real.password_hash, real.name, real.team, real.session_version, real.role) == before
    owned = db.session.scalars(select(ItemOwner).where(ItemOwner.user_id == real.id)).all()
    assert [(o.item.ref, o.role) for o in owned] == [("P1/001", "lead")]
    assert any(line.startswith("Assigned demo owners to items: 73") for line in lines)
    # Demo updates are written only for items demo owners lead.
    assert not db.session.scalars(select(Update).where(Update.item_id == owned[0].item_id)).all()
    assert not db.session.scalars(select(HistoryEntry).where(HistoryEntry.user_id == real.id)).all()


def test_no_demo_progress_where_progress_is_already_recorded(app, people):
    item = own(people)
    term = open_term()
    with unit_of_work():
        save_update(
            item=item,
            term=term,
            user=people["owner"],
            content=UpdateContent(status="green", progress="Real words."),
            expected_version=0,
            submit=False,
        )
    with unit_of_work():
        lines = seed_demo(password="demo", today=date(2025, 1, 20))
    assert "Progress updates are already recorded: demo progress not added." in lines
    assert [u.progress for u in db.session.scalars(select(Update))] == ["Real words."]


def test_the_demo_is_refused_in_production(empty_app):
    empty_app.config["ENV_NAME"] = "production"
    result = empty_app.test_cli_runner().invoke(args=["seed", "--demo"])
    assert result.exit_code != 0
    assert "does not run with TRACKER_ENV=production" in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 0

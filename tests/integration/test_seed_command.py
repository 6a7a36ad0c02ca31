"""`flask seed`: idempotent, updates texts in place, withdraws removed items, all or nothing."""

from __future__ import annotations

from pathlib import Path

import yaml
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.models import Action, LocalityPriority, Outcome, Priority, Term, TrackableItem


def run(app, *args: str):
    return app.test_cli_runner().invoke(args=list(args))


def table_counts() -> dict[str, int]:
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in (Priority, Outcome, TrackableItem, Term)
    }


def snapshot() -> list[tuple]:
    rows = db.session.execute(
        select(
            TrackableItem.id, TrackableItem.ref, TrackableItem.text, TrackableItem.withdrawn_at
        ).order_by(TrackableItem.id)
    )
    return [tuple(row) for row in rows]


def edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_first_seed_loads_the_whole_strategy(empty_app):
    result = run(empty_app, "seed")
    assert result.exit_code == 0, result.output
    assert "Created actions: 55" in result.output
    assert "Created locality priorities: 19" in result.output
    assert table_counts() == {"Priority": 5, "Outcome": 43, "TrackableItem": 74, "Term": 15}
    assert db.session.scalar(select(Action).where(Action.ref == "P5/005")) is None


def test_seeding_twice_changes_nothing(empty_app):
    run(empty_app, "seed")
    before = snapshot()
    result = run(empty_app, "seed")
    assert result.exit_code == 0
    assert "Nothing to change" in result.output
    assert snapshot() == before


def test_edited_text_updates_in_place(empty_app, seed_copy):
    run(empty_app, "seed", "--seed-dir", str(seed_copy))
    original = db.session.scalar(select(Action).where(Action.ref == "P1/001"))
    original_id = original.id

    def reword(data):
        data["priorities"][0]["actions"][0]["text"] = "Publish the revised attendance guidance."

    edit_yaml(seed_copy / "strategy.yaml", reword)
    result = run(empty_app, "seed", "--seed-dir", str(seed_copy))
    assert result.exit_code == 0, result.output
    assert "Updated actions: 1" in result.output
    db.session.expire_all()
    updated = db.session.scalar(select(Action).where(Action.ref == "P1/001"))
    assert updated.id == original_id
    assert updated.text == "Publish the revised attendance guidance."


def test_removed_items_are_withdrawn_not_deleted(empty_app, seed_copy, backend):
    run(empty_app, "seed", "--seed-dir", str(seed_copy))

    def drop_last_action_and_locality_priority(data):
        data["priorities"][4]["actions"].pop()

    def drop_west_four(data):
        data["locality_groups"][3]["priorities"].pop()

    edit_yaml(seed_copy / "strategy.yaml", drop_last_action_and_locality_priority)
    edit_yaml(seed_copy / "localities.yaml", drop_west_four)
    result = run(empty_app, "seed", "--seed-dir", str(seed_copy))
    assert result.exit_code == 0, result.output
    assert "Withdrawn actions: 1" in result.output
    assert "Withdrawn locality priorities: 1" in result.output
    db.session.expire_all()
    withdrawn = db.session.scalar(select(Action).where(Action.ref == "P5/006"))
    assert withdrawn is not None and withdrawn.is_withdrawn
    west = db.session.scalar(select(LocalityPriority).where(LocalityPriority.ref == "West/4"))
    assert west.is_withdrawn
    assert db.session.scalar(select(func.count()).select_from(TrackableItem)) == 74


def test_an_item_put_back_is_restored(empty_app, seed_copy):
    run(empty_app, "seed", "--seed-dir", str(seed_copy))
    original = (seed_copy / "strategy.yaml").read_text(encoding="utf-8")
    edit_yaml(seed_copy / "strategy.yaml", lambda data: data["priorities"][3]["actions"].pop())
    run(empty_app, "seed", "--seed-dir", str(seed_copy))
    (seed_copy / "strategy.yaml").write_text(original, encoding="utf-8")
    result = run(empty_app, "seed", "--seed-dir", str(seed_copy))
    assert "Updated actions: 1" in result.output
    db.session.expire_all()
    assert not db.session.scalar(select(Action).where(Action.ref == "P4/005")).is_withdrawn


def assert_refused_and_unchanged(app, seed_dir: Path, *expected: str) -> None:
    before = snapshot()
    result = run(app, "seed", "--seed-dir", str(seed_dir))
    assert result.exit_code != 0
    for fragment in expected:
        assert fragment in result.output
    db.session.expire_all()
    assert snapshot() == before


def test_missing_field_names_file_item_and_problem(empty_app, seed_copy):
    def drop_text(data):
        del data["priorities"][1]["actions"][2]["text"]

    edit_yaml(seed_copy / "strategy.yaml", drop_text)
    assert_refused_and_unchanged(
        empty_app, seed_copy, "strategy.yaml", "action P2/003", "missing field 'text'"
    )
    assert table_counts()["TrackableItem"] == 0


def test_duplicate_reference_is_refused(app, seed_copy):
    def duplicate(data):
        data["priorities"][0]["actions"][1]["ref"] = "P1/001"

    edit_yaml(seed_copy / "strategy.yaml", duplicate)
    assert_refused_and_unchanged(app, seed_copy, "strategy.yaml", "duplicate reference 'P1/001'")


def test_unknown_priority_is_refused(app, seed_copy):
    def misplace(data):
        data["priorities"][0]["actions"][0]["ref"] = "P7/001"

    edit_yaml(seed_copy / "strategy.yaml", misplace)
    assert_refused_and_unchanged(
        app, seed_copy, "strategy.yaml", "action P7/001", "names priority 7"
    )


def test_unknown_locality_is_refused(app, seed_copy):
    def misname(data):
        data["locality_groups"][0]["localities"] = ["Northe"]

    edit_yaml(seed_copy / "localities.yaml", misname)
    assert_refused_and_unchanged(
        app, seed_copy, "localities.yaml", "locality group North", "unknown locality 'Northe'"
    )


def test_duplicate_slugs_are_refused(app, seed_copy):
    def share_a_slug(data):
        data["locality_groups"][1]["slug"] = data["locality_groups"][0]["slug"]

    edit_yaml(seed_copy / "localities.yaml", share_a_slug)
    assert_refused_and_unchanged(
        app, seed_copy, "localities.yaml", "locality group Chesil", "duplicate slug 'north'"
    )


def test_progress_recorded_against_an_item_survives_rewording_and_withdrawal(app, seed_copy):
    from tests.conftest import PEOPLE
    from tracker.data.accounts import create_user
    from tracker.data.owners import owners_of, set_owners
    from tracker.data.plan import get_item
    from tracker.data.progress import UpdateContent, save_update
    from tracker.data.terms import get_term
    from tracker.data.transaction import unit_of_work
    from tracker.models import HistoryEntry, Update

    email, name, role = PEOPLE["manager"]
    with unit_of_work():
        manager = create_user(email=email, name=name, role=role, password="x" * 12)
        item = get_item(slug="P1-001")
        set_owners(item=item, lead=manager, contributors=[], by=manager)
        term = get_term(academic_year="2024/25", name="autumn")
        term.state = "open"
        save_update(
            item=item,
            term=term,
            user=manager,
            content=UpdateContent(status="green", progress="Guidance published."),
            expected_version=0,
            submit=False,
        )
    history_before = db.session.scalar(select(func.count()).select_from(HistoryEntry))

    def reword(data):
        data["priorities"][0]["actions"][0]["text"] = "Publish the revised guidance."

    edit_yaml(seed_copy / "strategy.yaml", reword)
    assert run(app, "seed", "--seed-dir", str(seed_copy)).exit_code == 0

    def remove(data):
        del data["priorities"][0]["actions"][0]

    edit_yaml(seed_copy / "strategy.yaml", remove)
    assert run(app, "seed", "--seed-dir", str(seed_copy)).exit_code == 0
    db.session.expire_all()
    item = get_item(slug="P1-001")
    assert item.text == "Publish the revised guidance." and item.is_withdrawn
    assert [owner.user.email for owner in owners_of(item=item)] == [email]
    assert db.session.scalar(select(Update.progress)) == "Guidance published."
    assert db.session.scalar(select(func.count()).select_from(HistoryEntry)) >= history_before


def test_every_problem_is_reported_at_once(app, seed_copy):
    def two_problems(data):
        del data["priorities"][0]["title"]
        data["priorities"][2]["actions"][0]["ref"] = "P3/002"

    edit_yaml(seed_copy / "strategy.yaml", two_problems)
    assert_refused_and_unchanged(
        app, seed_copy, "missing field 'title'", "duplicate reference 'P3/002'"
    )


def test_a_problem_late_in_one_file_stops_changes_from_the_others(app, seed_copy):
    """Valid edits in one file are not written when another file is broken."""
    edit_yaml(
        seed_copy / "strategy.yaml",
        lambda data: data["priorities"][0]["actions"][0].update(text="Changed."),
    )
    (seed_copy / "terms.yaml").write_text("terms: [\n", encoding="utf-8")
    assert_refused_and_unchanged(app, seed_copy, "terms.yaml", "not valid YAML")


def test_missing_seed_folder_is_a_clear_error(empty_app, tmp_path):
    result = run(empty_app, "seed", "--seed-dir", str(tmp_path / "nowhere"))
    assert result.exit_code != 0
    assert "strategy.yaml: file: not found" in result.output


def test_seeding_a_database_with_no_tables_says_to_migrate_first(backend, tmp_path):
    from tests.conftest import build_app

    app = build_app(backend, tmp_path)
    with app.app_context():
        result = run(app, "seed")
        db.session.remove()
        db.engine.dispose()
    assert result.exit_code != 0
    assert "run `flask --app wsgi db upgrade` first" in result.output

"""`flask export-plan`: the JSON contract, checked against the document itself."""

from __future__ import annotations

import json

from tests.conftest import STRATEGY_DOCUMENT
from tests.strategy_document import document_actions, document_locality_priorities
from tracker.domain.text import normalise_whitespace


def export(app) -> dict:
    result = app.test_cli_runner().invoke(args=["export-plan"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_export_has_the_contract_shape(app):
    plan = export(app)
    assert set(plan) == {"strategy", "priorities", "locality_priorities"}
    assert set(plan["strategy"]) == {"title", "version", "vision"}
    for priority in plan["priorities"]:
        assert set(priority) == {"number", "title", "vision", "outcomes", "actions"}
        assert all(isinstance(outcome, str) for outcome in priority["outcomes"])
        for action in priority["actions"]:
            assert set(action) == {"ref", "text"}
    for item in plan["locality_priorities"]:
        assert set(item) == {"group", "localities", "number", "text"}


def test_every_action_matches_the_document(app):
    plan = export(app)
    exported = {a["ref"]: a["text"] for p in plan["priorities"] for a in p["actions"]}
    printed = document_actions(STRATEGY_DOCUMENT)
    assert len(exported) == 55
    assert "P5/005" not in exported
    assert exported.keys() == printed.keys()
    for ref, text in printed.items():
        assert normalise_whitespace(exported[ref]) == text, ref


def test_every_locality_priority_matches_the_document(app):
    plan = export(app)
    exported = [(i["group"], i["number"], i["text"]) for i in plan["locality_priorities"]]
    assert exported == document_locality_priorities(STRATEGY_DOCUMENT)
    assert len(exported) == 19
    east_and_purbeck = [i for i in plan["locality_priorities"] if i["group"] == "East and Purbeck"]
    assert {tuple(i["localities"]) for i in east_and_purbeck} == {("East", "Purbeck")}


def test_strategy_and_priorities(app):
    plan = export(app)
    assert plan["strategy"]["title"] == "Dorset Council Attendance Strategy and Plan 2022"
    assert plan["strategy"]["vision"].startswith("We want attendance to be everyone’s business")
    assert [p["number"] for p in plan["priorities"]] == [1, 2, 3, 4, 5]
    assert [len(p["actions"]) for p in plan["priorities"]] == [13, 16, 16, 5, 5]
    assert [len(p["outcomes"]) for p in plan["priorities"]] == [12, 8, 11, 6, 6]
    document = normalise_whitespace(STRATEGY_DOCUMENT.read_text(encoding="utf-8"))
    for priority in plan["priorities"]:
        for outcome in priority["outcomes"]:
            assert outcome in document


def test_withdrawn_items_leave_the_export(app):
    from sqlalchemy import select

    from tracker.extensions import db
    from tracker.models import Action
    from tracker.models.mixins import utcnow

    db.session.scalar(select(Action).where(Action.ref == "P4/002")).withdrawn_at = utcnow()
    db.session.commit()
    refs = [a["ref"] for p in export(app)["priorities"] for a in p["actions"]]
    assert "P4/002" not in refs and len(refs) == 54


def test_the_tracker_console_script_runs_from_any_folder(tmp_path):
    import json
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    script = Path(sys.executable).with_name("tracker")
    assert script.exists() or shutil.which("tracker"), "the tracker script is not installed"
    env = {
        "PATH": str(script.parent),
        "TRACKER_ENV": "development",
        "TRACKER_INSTANCE_PATH": str(tmp_path / "instance"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'script.sqlite'}",
    }
    for args in (["db", "upgrade"], ["seed"]):
        done = subprocess.run([str(script), *args], cwd=tmp_path, env=env, capture_output=True)
        assert done.returncode == 0, done.stderr.decode()
    done = subprocess.run(
        [str(script), "export-plan"], cwd=tmp_path, env=env, capture_output=True, check=True
    )
    plan = json.loads(done.stdout)
    assert sum(len(priority["actions"]) for priority in plan["priorities"]) == 55

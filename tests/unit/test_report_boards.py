"""boards.yaml: which board oversees which action, checked in full before any report uses it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tracker.domain.reports.boards import (
    EDUCATION_BOARD,
    STRENGTHENING_SERVICES_BOARD,
    BoardFileError,
    default_settings,
    parse_board_settings,
)
from tracker.domain.training import training_problems

SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "dorset"


def shipped() -> dict:
    return yaml.safe_load((SEEDS / "boards.yaml").read_text(encoding="utf-8"))


def strategy_refs() -> set[str]:
    strategy = yaml.safe_load((SEEDS / "strategy.yaml").read_text(encoding="utf-8"))
    return {action["ref"] for p in strategy["priorities"] for action in p["actions"]}


def test_the_shipped_file_names_only_actions_of_the_plan():
    settings = parse_board_settings(shipped(), action_refs=strategy_refs())
    ssb = settings.boards[STRENGTHENING_SERVICES_BOARD].actions
    assert {"P1/008", "P2/008", "P2/013", "P2/014", "P4/004", "P5/003"} <= set(ssb)
    assert settings.board_for("P2/008") == STRENGTHENING_SERVICES_BOARD
    assert settings.board_for("P1/001") == EDUCATION_BOARD
    assert settings.board_for("North/1") == EDUCATION_BOARD
    assert "Children's Services" in settings.directorates
    assert settings.plans_indicator == "cin-cp-plans-with-attendance"


def test_every_problem_is_reported_at_once():
    raw = {
        "default": "nowhere",
        "boards": {
            "a": {"name": "A", "actions": ["P1/001", "P9/999"]},
            "b": {"name": "", "actions": ["P1/001"]},
        },
        "vulnerable_groups": [{"label": "No cohort"}],
    }
    with pytest.raises(BoardFileError) as raised:
        parse_board_settings(raw, action_refs={"P1/001"})
    problems = raised.value.problems
    assert "default names nowhere, which is not a board listed" in problems
    assert "a lists P9/999, which is not an action in the plan" in problems
    assert "board b needs a name" in problems
    assert "P1/001 is listed under both a and b" in problems
    assert "vulnerable group No cohort needs a cohort" in problems


def test_without_a_file_everything_goes_to_the_education_board():
    settings = default_settings()
    assert settings.board_for("P2/008") == EDUCATION_BOARD
    assert settings.board(STRENGTHENING_SERVICES_BOARD).name == "Strengthening Services Board"


def test_training_records_are_checked_field_by_field():
    problems = training_problems(
        tier="advanced", directorate="Elsewhere", trained=-1, target=None, directorates=["Place"]
    )
    assert problems == {
        "tier": "Select the tier of training",
        "directorate": "Select a directorate from the list",
        "trained": "The number trained must be 0 or more",
        "target": "Enter the target, as a whole number",
    }
    assert not training_problems(
        tier="universal", directorate="Place", trained=0, target=10, directorates=["Place"]
    )


def test_the_training_indicator_is_a_running_total_with_its_evidence():
    from tracker.domain.training import TermTraining, running_totals

    totals = running_totals(
        [
            TermTraining(1, "autumn term 2023/24", {"universal": 1200, "specific": 3}),
            TermTraining(2, "spring term 2023/24", {}),
            TermTraining(3, "summer term 2023/24", {"enhanced": 7}),
        ]
    )
    assert [(t.term_id, t.value) for t in totals] == [(1, 1203), (2, 1203), (3, 1210)]
    assert totals[0].evidence == (
        "From the training records: 1,203 staff trained to the end of the autumn term "
        "2023/24, 1,203 of them this term (Universal 1,200, Enhanced 0, Specific 3)."
    )
    assert "0 of them this term" in totals[1].evidence

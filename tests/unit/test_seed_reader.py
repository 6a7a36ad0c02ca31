"""Seed files are validated without a database: all problems, with file and item named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from tracker.domain.seed_plan import SeedError
from tracker.domain.seed_reader import read_seed_folder

SEED_DIR = Path(__file__).resolve().parents[2] / "seeds" / "dorset"


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    target = tmp_path / "seeds"
    shutil.copytree(SEED_DIR, target, ignore=shutil.ignore_patterns("source"))
    shutil.copytree(SEED_DIR.parent / "reference", tmp_path / "reference")
    return target


def edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def problems(folder: Path) -> list[str]:
    with pytest.raises(SeedError) as raised:
        read_seed_folder(folder)
    return [str(problem) for problem in raised.value.problems]


def test_shipped_seeds_read_cleanly():
    plan = read_seed_folder(SEED_DIR)
    assert len(plan.priorities) == 5
    assert len(plan.actions) == 55
    assert len(plan.locality_priorities) == 19
    assert [locality.name for locality in plan.localities] == [
        "North",
        "Chesil",
        "Dorchester",
        "West",
        "East",
        "Purbeck",
    ]
    assert len(plan.terms) == 15
    p2_008 = next(action for action in plan.actions if action.ref == "P2/008")
    assert len(p2_008.sub_items) == 3
    p3_013 = next(action for action in plan.actions if action.ref == "P3/013")
    assert p3_013.note.startswith("We have the capital funding")
    assert p3_013.slug == "P3-013"


def test_locality_priorities_get_readable_references():
    plan = read_seed_folder(SEED_DIR)
    refs = [item.ref for item in plan.locality_priorities]
    assert refs[0] == "North/1" and refs[-1] == "East and Purbeck/4"
    assert plan.locality_priorities[-1].slug == "east-and-purbeck-4"


def test_bad_dates_and_duplicate_terms(seeds):
    def break_terms(data):
        data["terms"][0]["half_term_start"] = "2022-13-40"
        data["terms"][1]["end"] = data["terms"][1]["start"]
        data["terms"].append(dict(data["terms"][2]))

    edit(seeds / "terms.yaml", break_terms)
    found = problems(seeds)
    assert any("terms.yaml: term autumn 2022/23: field 'half_term_start'" in p for p in found)
    assert any("spring 2022/23: dates must run" in p for p in found)
    assert any("duplicate term" in p for p in found)


def test_wrong_types_are_reported_not_crashed_on(seeds):
    def break_types(data):
        data["priorities"][0]["number"] = "one"
        data["priorities"][1]["outcomes"] = "not a list"
        data["priorities"][2]["actions"][0] = "just text"

    edit(seeds / "strategy.yaml", break_types)
    found = problems(seeds)
    assert any("field 'number' must be a whole number" in p for p in found)
    assert any("priority 2: field 'outcomes' must be a list" in p for p in found)
    assert any("must be a mapping of fields" in p for p in found)


def test_a_file_that_is_not_a_mapping(seeds):
    (seeds / "figures.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    assert problems(seeds) == [
        f"{seeds / 'figures.yaml'}: file: must hold a mapping at the top level"
    ]


def test_figures_need_numbers_and_unique_keys(seeds):
    def break_figures(data):
        data["figures"][0]["value"] = "high"
        data["figures"][2]["key"] = data["figures"][1]["key"]

    edit(seeds / "figures.yaml", break_figures)
    found = problems(seeds)
    assert any("field 'value' must be a number" in p for p in found)
    assert any("duplicate key" in p for p in found)

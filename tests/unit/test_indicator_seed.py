"""authority.yaml and indicators.yaml are checked with the other seed files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from tracker.domain.indicator_seed import unmeasured_outcomes
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


def indicator(data: dict, code: str) -> dict:
    return next(entry for entry in data["indicators"] if entry["code"] == code)


def test_shipped_authority_and_reference_data():
    plan = read_seed_folder(SEED_DIR)
    assert (plan.authority.la_code, plan.authority.la_name, plan.authority.region) == (
        "838",
        "Dorset",
        "South West",
    )
    assert plan.authority.neighbour_list is None
    assert [p.la_code for p in plan.authority.predecessors] == ["835"]
    assert len(plan.reference.rates) == 48445
    assert len(plan.reference.neighbours) == 3140


def test_every_shipped_outcome_has_an_indicator():
    plan = read_seed_folder(SEED_DIR)
    assert unmeasured_outcomes(plan.indicators, plan.priorities) == []
    by_code = {entry.code: entry for entry in plan.indicators}
    # A statement repeated under every priority shares its indicators.
    repeated = [(1, 7), (2, 5), (3, 8), (4, 3), (5, 3)]
    for code in ("overall-absence", "persistent-absence", "severe-absence"):
        assert by_code[code].outcomes == repeated
        assert [c["kind"] for c in by_code[code].comparators] == [
            "national",
            "regional",
            "neighbours",
        ]
    assert by_code["irish-traveller-absence"].cohort == {"ethnicity": "WIRT"}
    assert by_code["year-7-severe-absence"].comparators == [{"kind": "previous_year"}]


def test_named_rule_sets_are_written_into_each_indicator():
    plan = read_seed_folder(SEED_DIR)
    overall = next(entry for entry in plan.indicators if entry.code == "overall-absence")
    assert [rule["status"] for rule in overall.rules] == [
        "no_data",
        "no_data",
        "green",
        "amber",
        "red",
    ]


def test_an_outcome_without_an_indicator_is_refused(seeds):
    def unlink(data):
        indicator(data, "orchestra-data-share")["outcomes"] = ["P2/1"]

    edit(seeds / "indicators.yaml", unlink)
    assert problems(seeds) == [
        f"{seeds / 'indicators.yaml'}: outcome P2/2: no indicator measures it"
    ]


def test_bad_indicator_definitions_are_all_named(seeds):
    def break_indicators(data):
        overall = indicator(data, "overall-absence")
        overall["measure"] = "absence_vibes"
        overall["cohort"] = {"fsm": "maybe", "shoe_size": "9"}
        overall["comparators"] = ["national", "the moon"]
        overall["rules"] = "lenient"
        overall["outcomes"] = ["P1/7", "P9/1", "1.7"]
        data["indicators"][1]["code"] = "overall-absence"
        indicator(data, "guidance-understood")["comparators"] = [{"kind": "target"}]

    edit(seeds / "indicators.yaml", break_indicators)
    prefix = f"{seeds / 'indicators.yaml'}: indicator"
    assert problems(seeds) == [
        f"{prefix} overall-absence: a computed measure must be one of overall_absence_rate, "
        "authorised_absence_rate, unauthorised_absence_rate, persistent_absence_rate, "
        "severe_absence_rate",
        f"{prefix} overall-absence: cohort fsm must be one of Y, N",
        f"{prefix} overall-absence: cohort dimension 'shoe_size' is not one of phase, year_group, "
        "sex, fsm, sen, ethnicity, social_care, young_carer, locality, school",
        f"{prefix} overall-absence: comparators must be among national, regional, neighbours, "
        "previous_year, target",
        f"{prefix} overall-absence: rules 'lenient' is not a rule set named under rule_sets",
        f"{prefix} overall-absence: outcome 'P9/1' is not in strategy.yaml",
        f"{prefix} overall-absence: outcome '1.7' is not in strategy.yaml",
        f"{prefix} guidance-understood: a target's value must be a number",
        f"{prefix} overall-absence: duplicate code 'overall-absence'",
    ]


def test_a_rule_with_an_unknown_condition_is_refused(seeds):
    def bad_rule(data):
        data["rule_sets"]["meets_target"][2]["when"] = "nearly"

    edit(seeds / "indicators.yaml", bad_rule)
    found = problems(seeds)
    assert (
        f"{seeds / 'indicators.yaml'}: indicator guidance-understood: rule 3: when must be one of"
        in (found[0])
    )


def test_the_authority_must_be_in_the_reference_files(seeds):
    def elsewhere(data):
        data["authority"]["la_code"] = "999"
        data["authority"]["region"] = "Atlantis"
        data["authority"]["neighbour_list"] = "2030-01"

    edit(seeds / "authority.yaml", elsewhere)
    file = seeds / "authority.yaml"
    assert problems(seeds) == [
        f"{file}: authority: no published figures for authority 999",
        f"{file}: authority: no published figures for region 'Atlantis'",
        f"{file}: authority: no statistical neighbours for 999",
    ]


def test_an_unknown_neighbour_list_is_refused(seeds):
    edit(seeds / "authority.yaml", lambda data: data["authority"].update(neighbour_list="2030-01"))
    assert problems(seeds) == [
        f"{seeds / 'authority.yaml'}: authority: neighbour_list '2030-01' is not one of "
        "2021-04, 2025-05"
    ]


def test_a_bad_reference_file_is_named_with_line_and_column(seeds, tmp_path):
    rates = tmp_path / "reference" / "la-absence-rates.csv"
    lines = rates.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("5.21", "five")
    rates.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert problems(seeds) == [
        f"{rates}: line 4, column sess_overall_percent: 'five' is not a number "
        "(or x, z, c, : for no value)"
    ]


def test_a_missing_reference_file_is_named(seeds, tmp_path):
    (tmp_path / "reference" / "statistical-neighbours.csv").unlink()
    assert problems(seeds) == [
        f"{seeds / 'authority.yaml'}: reference neighbours: file "
        "../reference/statistical-neighbours.csv not found"
    ]


def test_the_benchmark_files_are_optional(seeds):
    (seeds / "authority.yaml").unlink()
    (seeds / "indicators.yaml").unlink()
    plan = read_seed_folder(seeds)
    assert (plan.authority, plan.reference, plan.indicators) == (None, None, None)

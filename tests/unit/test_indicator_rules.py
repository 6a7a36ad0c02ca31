"""Indicator rules: first match wins, equal is not below, tolerance edges, missing figures."""

from __future__ import annotations

import pytest

from tracker.domain.indicators import (
    Comparison,
    Rule,
    as_decimal,
    evaluate,
    format_value,
    rule_problems,
)

# The usual rule list: Green below every comparator, Amber within tolerance of every
# comparator, Red otherwise, No data when there is nothing to compare.
RULES = [
    Rule("no_data", "no_value"),
    Rule("no_data", "no_comparators"),
    Rule("green", "better_than_all"),
    Rule("amber", "within_tolerance_of_all"),
    Rule("red", "otherwise", "more than the tolerance above a comparator"),
]


def judge(value, *figures, direction="lower", tolerance=0.1, rules=RULES, unit="%"):
    comparators = [Comparison(label, figure) for label, figure in figures]
    return evaluate(
        value=value,
        comparators=comparators,
        direction=direction,
        rules=rules,
        tolerance=tolerance,
        unit=unit,
    )


def test_below_every_comparator_is_green():
    result = judge(4.50, ("England", 4.62), ("South West", 4.57))
    assert result.status == "green"
    assert result.explanation == (
        "4.50% is below England 4.62% and South West 4.57%: Green (below every comparator)"
    )


def test_equal_is_not_below():
    result = judge(4.57, ("England", 4.62), ("statistical neighbours", 4.60), ("South West", 4.57))
    assert result.status == "amber"
    assert result.explanation == (
        "4.57% is below England 4.62% and statistical neighbours 4.60%, equal to South West "
        "4.57%: Amber (within 0.10 percentage points of every comparator)"
    )


def test_values_equal_at_two_places_are_equal():
    # An unrounded computed rate that rounds to the published figure is level with it.
    assert judge(4.574999, ("South West", 4.57)).status == "amber"
    assert judge(4.575, ("South West", 4.57)).status == "amber"
    assert judge(4.5649, ("South West", 4.57)).status == "green"


def test_exactly_the_tolerance_above_is_still_amber():
    # 4.67 - 4.57 is 0.0999999... in binary floating point; it must count as 0.10.
    assert judge(4.67, ("South West", 4.57)).status == "amber"
    assert judge(4.68, ("South West", 4.57)).status == "red"


def test_red_when_beyond_tolerance_of_the_hardest_comparator():
    result = judge(4.80, ("England", 4.90), ("South West", 4.57))
    assert result.status == "red"
    assert result.explanation.startswith("4.80% is below England 4.90%, above South West 4.57%")
    assert result.explanation.endswith(": Red (more than the tolerance above a comparator)")


def test_zero_tolerance_makes_equal_amber_and_worse_red():
    assert judge(4.57, ("South West", 4.57), tolerance=0).status == "amber"
    assert judge(4.58, ("South West", 4.57), tolerance=0).status == "red"


def test_missing_comparators_are_left_out_and_named():
    result = judge(4.50, ("England", 4.62), ("statistical neighbours", None))
    assert result.status == "green"
    assert "; no figure for statistical neighbours:" in result.explanation


def test_no_comparator_figures_means_no_data():
    result = judge(4.50, ("England", None), ("South West", None))
    assert result.status == "no_data"
    assert result.explanation == (
        "4.50% has no comparator figure: No data (no comparator figures for the period)"
    )


def test_no_value_means_no_data():
    result = judge(None, ("England", 4.62))
    assert result.status == "no_data"
    assert result.explanation == "No data: no value for the period"
    reason = "no value has been entered for 2020/21"
    explained = evaluate(
        value=None,
        comparators=[Comparison("England", 4.62)],
        direction="lower",
        rules=RULES,
        missing_reason=reason,
    )
    assert explained.explanation == "No data: no value has been entered for 2020/21"


def test_the_subject_names_whose_value_it_is():
    result = evaluate(
        value=4.57,
        comparators=[Comparison("England", 4.62)],
        direction="lower",
        rules=RULES,
        tolerance=0.1,
        subject="Dorset's published",
    )
    assert result.explanation.startswith("Dorset's published 4.57% is below England 4.62%: Green")


def test_higher_is_better():
    rules = [Rule("green", "better_than_all"), Rule("red", "otherwise")]
    assert judge(96.0, ("Target", 95.0), direction="higher", rules=rules).status == "green"
    assert judge(95.0, ("Target", 95.0), direction="higher", rules=rules).status == "red"
    result = judge(90.0, ("Target", 95.0), direction="higher", rules=rules)
    assert (
        result.explanation
        == "90.00% is below Target 95.00%: Red (none of the rules before it applied)"
    )


def test_first_matching_rule_wins():
    rules = [Rule("amber", "better_than_any"), Rule("green", "better_than_all")]
    assert judge(4.0, ("England", 4.62), ("South West", 4.57), rules=rules).status == "amber"


def test_no_worse_than_all_accepts_ties():
    rules = [Rule("green", "no_worse_than_all"), Rule("red", "otherwise")]
    assert judge(4.57, ("South West", 4.57), rules=rules).status == "green"
    assert judge(4.58, ("South West", 4.57), rules=rules).status == "red"


def test_no_matching_rule_is_no_data():
    rules = [Rule("green", "better_than_all")]
    result = judge(5.0, ("England", 4.62), rules=rules)
    assert result.status == "no_data"
    assert result.explanation.endswith("No data (no rule applies)")


def test_a_comparison_rule_never_holds_without_a_value():
    rules = [Rule("green", "within_tolerance_of_all"), Rule("red", "otherwise")]
    result = judge(None, ("England", 4.62), rules=rules)
    assert (result.status, result.explanation) == (
        "red",
        "Red: none of the rules before it applied",
    )


def test_comparator_notes_and_other_units():
    result = evaluate(
        value=12,
        comparators=[Comparison("Target", 20, "set for 2023/24")],
        direction="higher",
        rules=[Rule("green", "better_than_all"), Rule("red", "otherwise")],
        unit="schools",
    )
    assert result.explanation == (
        "12 schools is below Target 20 schools (set for 2023/24): Red "
        "(none of the rules before it applied)"
    )


@pytest.mark.parametrize(
    ("value", "text"), [(4.5, "4.50%"), (0.005, "0.01%"), (2.675, "2.68%"), (0, "0.00%")]
)
def test_rates_show_two_places_rounded_half_up(value, text):
    assert format_value(value, "%") == text


def test_rounding_uses_the_written_value_not_its_binary_form():
    assert str(as_decimal(2.675)) == "2.68"
    assert format_value(1500, "pupils") == "1,500 pupils"


def test_rule_lists_are_checked():
    assert rule_problems([{"status": "green", "when": "better_than_all"}]) == []
    assert rule_problems([]) == ["rules must be a non-empty list of {status, when}"]
    problems = rule_problems([{"status": "blue", "when": "sometimes"}, "red"])
    assert problems == [
        "rule 1: status must be one of green, amber, red, no_data",
        "rule 1: when must be one of no_value, no_comparators, better_than_all, "
        "no_worse_than_all, better_than_any, within_tolerance_of_all, otherwise",
        "rule 2 must be a mapping with status and when",
    ]

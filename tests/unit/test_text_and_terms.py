from __future__ import annotations

import pytest

from tracker.domain.status import STATUSES, status_for
from tracker.domain.terms import is_academic_year, parse_term_slug, term_slug
from tracker.domain.text import run_in_sub_items, slugify, strip_html


def test_strip_html_keeps_words_and_collapses_space():
    assert strip_html('<p>North locality</p> <ol style="x"> 1. Attendance\t of') == (
        "North locality 1. Attendance of"
    )


def test_slugify():
    assert slugify("East and Purbeck") == "east-and-purbeck"
    assert slugify("  Chesil!! ") == "chesil"


def test_sub_items_are_run_in_as_printed():
    assert run_in_sub_items("Tiers:", ["One", "Two."]) == "Tiers: 1. One 2. Two."
    assert run_in_sub_items("Plain.", []) == "Plain."


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("2022/23", True),
        ("1999/00", True),
        ("2022/24", False),
        ("22/23", False),
        ("2022-23", False),
    ],
)
def test_academic_year(value, valid):
    assert is_academic_year(value) is valid


def test_term_slugs_round_trip():
    assert term_slug("2022/23", "autumn") == "2022-23-autumn"
    assert parse_term_slug("2022-23-autumn") == ("2022/23", "autumn")
    assert parse_term_slug("2022-23-winter") is None


def test_every_status_has_words_not_just_a_colour():
    for status in STATUSES:
        assert status.label and status.definition
    assert status_for(None).label == "No update"
    assert status_for("amber").definition == "Some slippage or risk, recovery in hand."

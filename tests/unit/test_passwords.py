"""The password rule: long enough, not common, not the person's details or the service's name."""

from __future__ import annotations

import pytest

from tracker.domain.passwords import (
    MIN_PASSWORD_LENGTH,
    PERSONAL,
    SERVICE,
    TOO_COMMON,
    TOO_SHORT,
    common_passwords,
    password_problem,
)

SERVICE_NAMES = ("Attendance strategy tracker", "Dorset Council")


def problem(password: str, *, email="sam.jones@council.example", name="Sam Jones"):
    return password_problem(password, email=email, name=name, service_names=SERVICE_NAMES)


def test_a_long_uncommon_password_is_accepted():
    assert problem("plum ferry lantern gravel") is None


def test_shorter_than_the_minimum_is_refused():
    assert problem("a" * (MIN_PASSWORD_LENGTH - 1)) == TOO_SHORT
    assert problem("kettle-rain") is None  # 11 characters, not on the list


@pytest.mark.parametrize("password", ["1234567890", "qwertyuiop", "PASSWORD123", "Qwertyuiop"])
def test_common_passwords_are_refused_whatever_their_case(password):
    assert problem(password) == TOO_COMMON


@pytest.mark.parametrize(
    "password", ["sam.jones@council.example", "SAM.JONES@COUNCIL.EXAMPLE", "Sam Jones!!"]
)
def test_the_email_or_the_name_is_refused_whatever_the_case_and_punctuation(password):
    assert problem(password) == PERSONAL


def test_more_than_the_name_is_accepted():
    assert problem("sam.jones1") is None


def test_the_first_part_of_the_email_is_refused():
    assert problem("samjones.work", email="samjones.work@council.example") == PERSONAL


def test_the_service_or_council_name_is_refused():
    assert problem("Attendance Strategy Tracker") == SERVICE
    assert problem("dorset-council") == SERVICE
    assert problem("dorset council tracker 2026") is None


def test_the_shipped_list_is_lowercase_and_holds_thousands():
    shipped = common_passwords()
    assert len(shipped) > 19_000
    assert all(entry == entry.lower() for entry in shipped)
    assert "password" in shipped and "qwerty" in shipped


def test_a_given_list_is_used_instead_of_the_shipped_one():
    assert (
        password_problem(
            "plum ferry lantern gravel",
            email="a@b.example",
            name="A",
            service_names=(),
            common={"plum ferry lantern gravel"},
        )
        == TOO_COMMON
    )

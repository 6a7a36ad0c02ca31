"""The rule that keeps identifying data out of pupil files: UPN-shaped, email-like and
name-like pupil IDs, and columns of names, dates of birth, addresses or pupil numbers."""

from __future__ import annotations

import pytest

from tracker.domain.attendance_import import pupil_id_problem
from tracker.domain.identifying_data import (
    identifying_headers,
    identifying_pupil_id_problem,
    is_identifying_header,
    looks_like_upn,
)


@pytest.mark.parametrize(
    "value",
    [
        "A123456789012",  # permanent: check letter and 12 digits
        "Q207000016049",
        "z801200005001",  # letter case makes no difference
        "X00180001701A",  # temporary: 11 digits and a final letter
        "H12345678901Z",
    ],
)
def test_upn_shapes_are_recognised(value):
    assert looks_like_upn(value)
    assert "Unique Pupil Number" in identifying_pupil_id_problem(value)


@pytest.mark.parametrize(
    "value",
    [
        "I123456789012",  # I, O and S are never check letters
        "O123456789012",
        "S123456789012",
        "X00180001701I",  # nor the last letter of a temporary UPN
        "X00180001701S",
        "A12345678901",  # 12 characters
        "A1234567890123",  # 14 characters
        "AB23456789012",  # a letter where a digit belongs
        "1234567890123",  # no check letter
        "SYN22-000001",  # the demonstration data's pseudonyms
        "P1",
        "X2000101",
    ],
)
def test_other_shapes_are_not_upns(value):
    assert not looks_like_upn(value)
    assert identifying_pupil_id_problem(value) is None


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("jane.smith@school.example", "email address"),
        ("@handle", "email address"),
        ("Jane Smith", "space in it"),
        ("Smith\tJane", "space in it"),
    ],
)
def test_email_addresses_and_names_are_recognised(value, words):
    assert words in identifying_pupil_id_problem(value)


@pytest.mark.parametrize(
    "value", ["A123456789012", "X00180001701A", "jane.smith@school.example", "Jane Smith"]
)
def test_messages_never_repeat_the_value(value):
    message = pupil_id_problem(value)
    assert message is not None
    for part in value.replace("@", " ").replace(".", " ").split():
        assert part.lower() not in message.lower()


def test_blank_and_long_ids_keep_their_own_messages():
    assert pupil_id_problem("") == "the pupil ID is blank"
    assert "longer than 64" in pupil_id_problem("x" * 65)
    assert pupil_id_problem("ABC-123") is None


@pytest.mark.parametrize(
    "header",
    [
        "name",
        " Name ",
        "Forename",
        "surname",
        "First name",
        "first_name",
        "LastName",
        "last-name",
        "Date of birth",
        "date_of_birth",
        "DOB",
        "Postcode",
        "post code",
        "Address",
        "Address line 1",
        "address_2",
        "UPN",
        "Former UPN",
        "ULN",
        "Email",
    ],
)
def test_identifying_headers_are_recognised_however_spelled(header):
    assert is_identifying_header(header)


@pytest.mark.parametrize(
    "header",
    ["pupil_id", "urn", "year_group", "sex", "ethnicity", "notes", "school name", "addressee"],
)
def test_other_headers_pass(header):
    assert not is_identifying_header(header)


def test_identifying_headers_lists_them_as_spelled():
    header = ["pupil_id", " Surname ", None, "urn", "DOB"]
    assert identifying_headers(header) == ["Surname", "DOB"]

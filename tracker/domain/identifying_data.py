"""Spotting data that identifies a child, so that pupil files carrying it are refused.

The tracker promises to hold pseudonymised pupil IDs only. That promise is kept at the
door: a pupil, marks or summaries file is refused, and nothing of it imported, when a
pupil ID has the form of a Unique Pupil Number, an email address or a name, or when the
file has a column of names, dates of birth, addresses or pupil numbers, even one the
import would otherwise ignore. Messages name the line and the column, never the value,
because the value is the personal data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# The DfE's Unique Pupil Number: 13 characters, a check letter, then 12 digits, or 11
# digits and a letter for a temporary UPN. Check letters and that final letter are A to Z
# without I, O and S. The shape is enough: the check letter is not verified, because a
# UPN mistyped by one digit still points at a child, and a pseudonym never needs this form.
_UPN_LETTER = "A-HJ-NPQRT-Z"
UPN = re.compile(rf"^[{_UPN_LETTER}]\d{{11}}[0-9{_UPN_LETTER}]$", re.IGNORECASE)

# Column headers that name identifying fields, compared in lower case with everything
# but letters and digits taken out ("Date of birth", "date_of_birth" and "DOB" all match).
IDENTIFYING_HEADERS = frozenset(
    {
        "name",
        "fullname",
        "pupilname",
        "childname",
        "forename",
        "forenames",
        "firstname",
        "givenname",
        "middlename",
        "middlenames",
        "surname",
        "lastname",
        "familyname",
        "preferredname",
        "preferredsurname",
        "legalforename",
        "legalsurname",
        "dateofbirth",
        "dob",
        "birthdate",
        "postcode",
        "address",
        "homeaddress",
        "upn",
        "formerupn",
        "uln",
        "email",
        "emailaddress",
    }
)
# Address lines come numbered: "Address 1", "address_line_2".
_ADDRESS_LINE = re.compile(r"^address(line)?\d+$")

USE_PSEUDONYM = "use the pseudonymised ID instead"


def looks_like_upn(value: str) -> bool:
    return UPN.match(value) is not None


def identifying_pupil_id_problem(value: str) -> str | None:
    """Why a pupil ID looks like it identifies a child, or None. Never repeats the value."""
    if looks_like_upn(value):
        return f"the pupil ID has the form of a Unique Pupil Number (UPN): {USE_PSEUDONYM}"
    if "@" in value:
        return f"the pupil ID looks like an email address: {USE_PSEUDONYM}"
    if any(character.isspace() for character in value):
        return f"the pupil ID has a space in it, as a name would: {USE_PSEUDONYM}"
    return None


def _normalised(header: str) -> str:
    return "".join(character for character in header.lower() if character.isalnum())


def is_identifying_header(header: str) -> bool:
    name = _normalised(header)
    return name in IDENTIFYING_HEADERS or _ADDRESS_LINE.match(name) is not None


def identifying_headers(header: Iterable[object]) -> list[str]:
    """The columns of a header row (as spelled, trimmed) that name an identifying field."""
    return [
        str(name).strip()
        for name in header
        if name is not None and is_identifying_header(str(name))
    ]


IDENTIFYING_COLUMN = (
    "this column holds identifying data (names, dates of birth, addresses or pupil "
    "numbers), which the tracker does not keep: delete the column and import the file again"
)

"""Register codes and the class each falls in, as the DfE absence statistics count them.

The School Attendance (Pupil Registration) (England) Regulations 2024 replaced
the code set on 19 August 2024. Marks dated before then may also carry the
older codes that were withdrawn: J (interview, then an approved educational
activity), H (holiday authorised by the school) and F (agreed extended family
holiday). After that date those codes are errors. The codes of the 2024 set
are accepted on any date: several existing codes only changed meaning
slightly, and refusing a school's whole return for a relabelled code would
lose more than it protects.
"""

from __future__ import annotations

from datetime import date
from enum import IntEnum


class CodeClass(IntEnum):
    """How a session counts. The values index the columns of weekly totals."""

    PRESENT = 0
    # Approved educational activity: away from school, counted as attendance.
    AEA = 1
    AUTHORISED = 2
    UNAUTHORISED = 3
    # Not a possible session: not counted at all.
    NOT_POSSIBLE = 4


NEW_CODES_FROM = date(2024, 8, 19)

_Y_CODES = ("Y", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7")

CODES_2024: dict[str, CodeClass] = {
    **dict.fromkeys(("/", "\\", "L"), CodeClass.PRESENT),
    **dict.fromkeys(("K", "V", "P", "W", "B"), CodeClass.AEA),
    **dict.fromkeys(("C", "C1", "C2", "E", "I", "J1", "M", "R", "S", "T"), CodeClass.AUTHORISED),
    **dict.fromkeys(("G", "N", "O", "U"), CodeClass.UNAUTHORISED),
    **dict.fromkeys(("D", "X", "Q", *_Y_CODES, "Z", "#"), CodeClass.NOT_POSSIBLE),
}

# Withdrawn on 19 August 2024; valid only for earlier dates.
WITHDRAWN_CODES: dict[str, CodeClass] = {
    "J": CodeClass.AEA,
    "H": CodeClass.AUTHORISED,
    "F": CodeClass.AUTHORISED,
}

CODES_BEFORE_2024: dict[str, CodeClass] = {**CODES_2024, **WITHDRAWN_CODES}


class UnknownCode(ValueError):
    """A mark that is not a register code on its date."""


def normalise_code(raw: str) -> str:
    """Codes are compared without surrounding spaces and regardless of letter case."""
    return raw.strip().upper()


def codes_in_force(on: date) -> dict[str, CodeClass]:
    return CODES_2024 if on >= NEW_CODES_FROM else CODES_BEFORE_2024


def classify(code: str, on: date) -> CodeClass:
    """The class of ``code`` for a session on date ``on``; raises ``UnknownCode``."""
    key = normalise_code(code)
    found = codes_in_force(on).get(key)
    if found is not None:
        return found
    raise UnknownCode(unknown_code_message(key, on))


def unknown_code_message(code: str, on: date) -> str:
    if code in WITHDRAWN_CODES and on >= NEW_CODES_FROM:
        return (
            f"code {code} was withdrawn on 19 August 2024 and cannot be used for {on.isoformat()}"
        )
    if not code:
        return "the code is missing"
    return f"{code!r} is not a register code"

"""Each register code has the class the DfE statistics give it, either side of the 2024 change."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.domain.attendance_codes import CodeClass, UnknownCode, classify

BEFORE = date(2024, 8, 18)
FROM = date(2024, 8, 19)

CURRENT = {
    CodeClass.PRESENT: ["/", "\\", "L"],
    CodeClass.AEA: ["K", "V", "P", "W", "B"],
    CodeClass.AUTHORISED: ["C", "C1", "C2", "E", "I", "J1", "M", "R", "S", "T"],
    CodeClass.UNAUTHORISED: ["G", "N", "O", "U"],
    CodeClass.NOT_POSSIBLE: [
        "D",
        "X",
        "Q",
        "Y",
        "Y1",
        "Y2",
        "Y3",
        "Y4",
        "Y5",
        "Y6",
        "Y7",
        "Z",
        "#",
    ],
}
CASES = [(code, cls) for cls, codes in CURRENT.items() for code in codes]


@pytest.mark.parametrize(("code", "expected"), CASES)
@pytest.mark.parametrize("on", [BEFORE, FROM])
def test_each_2024_code_has_its_class_on_either_side_of_the_change(code, expected, on):
    assert classify(code, on) is expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [("J", CodeClass.AEA), ("H", CodeClass.AUTHORISED), ("F", CodeClass.AUTHORISED)],
)
def test_withdrawn_codes_count_before_19_august_2024(code, expected):
    assert classify(code, BEFORE) is expected


@pytest.mark.parametrize("code", ["J", "H", "F"])
def test_withdrawn_codes_are_errors_from_19_august_2024(code):
    with pytest.raises(UnknownCode, match="withdrawn on 19 August 2024"):
        classify(code, FROM)


def test_b_is_an_approved_educational_activity_in_both_code_sets():
    assert classify("B", BEFORE) is classify("B", FROM) is CodeClass.AEA


@pytest.mark.parametrize("code", ["A", "Y8", "-", "//", "C3"])
def test_an_unknown_code_is_an_error(code):
    with pytest.raises(UnknownCode, match="not a register code"):
        classify(code, FROM)


def test_a_missing_code_is_an_error():
    with pytest.raises(UnknownCode, match="missing"):
        classify("  ", FROM)


def test_codes_are_read_regardless_of_spaces_and_case():
    assert classify(" l ", FROM) is CodeClass.PRESENT
    assert classify("j1", FROM) is CodeClass.AUTHORISED

"""School-term naming and ordering."""

from __future__ import annotations

import re

TERM_NAMES = ("autumn", "spring", "summer")
ACADEMIC_YEAR = re.compile(r"^(\d{4})/(\d{2})$")


def is_academic_year(value: str) -> bool:
    """ "2022/23" is an academic year; "2022/24" and "22/23" are not."""
    match = ACADEMIC_YEAR.match(value)
    if not match:
        return False
    start, end = int(match.group(1)), int(match.group(2))
    return (start + 1) % 100 == end


def term_slug(academic_year: str, name: str) -> str:
    """URL form of a term: ("2022/23", "autumn") -> "2022-23-autumn"."""
    return f"{academic_year.replace('/', '-')}-{name}"


def parse_term_slug(slug: str) -> tuple[str, str] | None:
    match = re.match(r"^(\d{4})-(\d{2})-(autumn|spring|summer)$", slug)
    if not match:
        return None
    return f"{match.group(1)}/{match.group(2)}", match.group(3)

"""Every finding that bandit is told to pass over names its test and says why."""

from __future__ import annotations

import re
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
# What `make audit` scans (see the Makefile).
SCANNED = ("tracker", "bench", "migrations", "scripts", "config.py", "wsgi.py")
NOSEC = re.compile(r"#\s*nosec\b(?P<rest>.*)$")
# "# nosec B603 # the reason" or "# nosec B603, B607 # the reason": the reason follows a
# "#" of its own, where bandit does not read its words as more test names.
JUSTIFIED = re.compile(r"^\s+B\d{3}(?:\s*,\s*B\d{3})*\s*#\s*\w+(?:\W+\w+)+")


def _scanned_files():
    for name in SCANNED:
        path = PROJECT / name
        yield from sorted(path.rglob("*.py")) if path.is_dir() else [path]


def test_every_nosec_names_its_test_and_gives_a_reason():
    unjustified = []
    for path in _scanned_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found = NOSEC.search(line)
            if found and not JUSTIFIED.match(found.group("rest")):
                unjustified.append(f"{path.relative_to(PROJECT)}:{number}")
    assert not unjustified


def test_the_rule_tells_a_reason_from_none():
    assert JUSTIFIED.match(" B603 # fixed program, no shell")
    assert not JUSTIFIED.match(" B603 - fixed program, no shell")
    assert JUSTIFIED.match(" B311 # repeatable demo data")
    assert not JUSTIFIED.match(" B105")
    assert not JUSTIFIED.match("")
    assert not JUSTIFIED.match(" # no test named")

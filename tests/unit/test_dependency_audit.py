"""The dependency audit's list of advisories to pass over: each needs a written reason."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit_dependencies.py"


@pytest.fixture(scope="module")
def audit():
    spec = importlib.util.spec_from_file_location("audit_dependencies", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_an_entry_with_a_reason_is_read(audit, tmp_path):
    listed = tmp_path / "ignore"
    listed.write_text(
        "# comments and blank lines are passed over\n\n"
        "GHSA-abcd-1234-efgh  # only the CLI is affected, which the service never runs\n",
        encoding="utf-8",
    )
    assert audit.read_ignored(listed) == {
        "GHSA-abcd-1234-efgh": "only the CLI is affected, which the service never runs"
    }


@pytest.mark.parametrize("line", ["PYSEC-2024-1", "PYSEC-2024-1 #", "PYSEC-2024-1 #   "])
def test_an_entry_without_a_reason_fails_the_audit(audit, tmp_path, line):
    listed = tmp_path / "ignore"
    listed.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="line 1: write the advisory ID, then # and why"):
        audit.read_ignored(listed)


def test_the_shipped_list_is_valid(audit):
    audit.read_ignored(audit.IGNORE_FILE)

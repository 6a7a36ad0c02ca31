"""Checks every installed package against published security advisories.

Runs pip-audit over the virtual environment (the project itself excluded) and fails on
any advisory that ``.pip-audit-ignore`` does not list with a written reason.

pip-audit asks PyPI about each exact installed version. Where that answer cannot be had
(a mirror that serves only whole-project pages), a package that is at its latest release
is checked against the advisories PyPI lists for that release instead. A package that
can be checked neither way is named in a warning; with ``AUDIT_STRICT=1`` it fails the
audit as well, which is the setting for a build machine with full access to PyPI.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
IGNORE_FILE = PROJECT_DIR / ".pip-audit-ignore"
PYPI_PROJECT = "https://pypi.org/pypi/{name}/json"
# An ignore entry: the advisory ID, then "#" and the reason it does not apply.
_ENTRY = re.compile(r"^(?P<id>[A-Za-z0-9][\w.:-]*)\s+#\s*(?P<reason>\S.*)$")


def read_ignored(path: Path) -> dict[str, str]:
    """Advisory ID to reason; an entry without a reason is an error, not a silent ignore."""
    ignored: dict[str, str] = {}
    if not path.exists():
        return ignored
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        match = _ENTRY.match(text)
        if match is None:
            raise SystemExit(f"{path.name} line {number}: write the advisory ID, then # and why")
        ignored[match["id"]] = match["reason"]
    return ignored


def run_pip_audit(ignored: dict[str, str]) -> list[dict]:
    command = [
        sys.executable,
        "-m",
        "pip_audit",
        "--local",
        "--skip-editable",
        "--progress-spinner",
        "off",
        "--format",
        "json",
        *(option for vuln in ignored for option in ("--ignore-vuln", vuln)),
    ]
    # pip-audit exits 1 when it finds advisories; its JSON says which, so read that.
    done = subprocess.run(  # noqa: S603 # nosec B603 # a fixed command
        command, capture_output=True, text=True, check=False
    )
    try:
        return json.loads(done.stdout)["dependencies"]
    except (json.JSONDecodeError, KeyError):
        sys.stderr.write(done.stderr)
        raise SystemExit("pip-audit did not produce a report") from None


def installed_version(name: str) -> str:
    from importlib.metadata import version

    return version(name)


def latest_release_advisories(name: str, version: str) -> list[dict] | None:
    """PyPI's advisories for ``version`` when it is the latest release; None if unknown."""
    url = PYPI_PROJECT.format(name=name)
    try:
        # A fixed https address on PyPI, not one read from outside.
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 # nosec B310 # a fixed https address
            page = json.load(response)
    except (OSError, ValueError):
        return None
    if page.get("info", {}).get("version") != version:
        return None
    return page.get("vulnerabilities", [])


def _vulns(dependencies: list[dict]) -> tuple[list[tuple[str, str, list[dict]]], list[str]]:
    """(name, version, advisories) for every package checked, and the packages not checked."""
    audited = [d for d in dependencies if "skip_reason" not in d]
    skipped = [
        d["name"] for d in dependencies if "skip_reason" in d and "editable" not in d["skip_reason"]
    ]
    results = [(d["name"], d["version"], d.get("vulns", [])) for d in audited]
    versions = {name: installed_version(name) for name in skipped}
    with ThreadPoolExecutor(max_workers=8) as pool:
        pages = pool.map(lambda name: latest_release_advisories(name, versions[name]), skipped)
        fallback = dict(zip(skipped, pages, strict=True))
    unchecked = []
    for name, advisories in fallback.items():
        if advisories is None:
            unchecked.append(f"{name} {versions[name]}")
            continue
        vulns = [
            {"id": a["id"], "aliases": a.get("aliases", []), "fix_versions": a.get("fixed_in")}
            for a in advisories
        ]
        results.append((name, versions[name], vulns))
    return results, unchecked


def main() -> int:
    ignored = read_ignored(IGNORE_FILE)
    results, unchecked = _vulns(run_pip_audit(ignored))
    findings = [
        f"{name} {version}: {vuln['id']} (fixed in "
        f"{', '.join(vuln.get('fix_versions') or []) or 'no fixed release'})"
        for name, version, vulns in results
        for vuln in vulns
        if not {vuln["id"], *vuln.get("aliases", [])} & ignored.keys()
    ]
    print(f"Dependency audit: {len(results)} packages checked, {len(ignored)} advisories ignored")
    if unchecked:
        print(
            f"Could not check {len(unchecked)} packages against advisories: "
            + ", ".join(unchecked),
            file=sys.stderr,
        )
    for finding in findings:
        print(f"Advisory: {finding}", file=sys.stderr)
    strict = os.environ.get("AUDIT_STRICT") == "1"
    return 1 if findings or (strict and unchecked) else 0


if __name__ == "__main__":
    sys.exit(main())

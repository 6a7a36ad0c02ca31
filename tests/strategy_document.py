"""Reads the strategy document itself, independently of the seed files.

Tests compare what the tracker holds against this, so a transcription error
in the seeds cannot hide behind the same error in the tests.
"""

from __future__ import annotations

import re
from pathlib import Path

from tracker.domain.text import strip_html

ACTION_LINE = re.compile(r"^(P\d/\d{3})\t(.*)$")
GROUP_BLOCK = re.compile(r"<p>([^<]+)</p>\s*<ol[^>]*>(.*?)(?=<p>|$)", re.S)
NUMBERED = re.compile(r"(?:^|\s)(\d+)\.\s+(.*?)(?=\s+\d+\.\s+[A-Z]|$)", re.S)


def document_actions(path: Path) -> dict[str, str]:
    """Each action's whole row as printed, HTML stripped and whitespace collapsed.

    A row can run on to indented lines below its reference (P3/013's funding
    note), so those are part of it; the row ends at the next unindented text.
    """
    rows: dict[str, list[str]] = {}
    current: str | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        match = ACTION_LINE.match(line)
        if match:
            current = match.group(1)
            rows[current] = [match.group(2)]
        elif current and line.startswith("\t"):
            rows[current].append(line)
        elif line.strip():
            current = None
    return {ref: strip_html(" ".join(parts)) for ref, parts in rows.items()}


def document_locality_priorities(path: Path) -> list[tuple[str, int, str]]:
    """(group, number, text) for every locality priority, in the document's order."""
    source = path.read_text(encoding="utf-8")
    start = source.index("Dorset's localities' attendance priorities")
    end = source.index("How we will make sure this is delivered", start)
    found = []
    for group, body in GROUP_BLOCK.findall(source[start:end]):
        name = strip_html(group).removesuffix(" locality")
        for number, text in NUMBERED.findall(strip_html(body)):
            found.append((name, int(number), text.strip()))
    return found

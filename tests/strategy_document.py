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
    """Each action's text as printed on its row, HTML stripped and whitespace collapsed."""
    actions = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = ACTION_LINE.match(line)
        if match:
            actions[match.group(1)] = strip_html(match.group(2))
    return actions


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

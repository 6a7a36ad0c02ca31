"""Writing one demonstration update: words that fit the item's subject, status and term."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace

from tracker.domain import demo_phrases as phrases
from tracker.domain.demo_phrases import Theme
from tracker.domain.demo_themes_practice import PRACTICE_THEMES
from tracker.domain.demo_themes_services import SERVICE_THEMES

EVIDENCE_SITE = "https://intranet.example.org/attendance"
# Most specific first: an item gets the first theme whose pattern its text matches.
THEME_ORDER = (
    "transport",
    "transition",
    "send",
    "health",
    "social_care",
    "data",
    "provision",
    "absence",
    "families",
    "training",
    "guidance",
    "communication",
    "networks",
    "general",
)
_BY_KEY = {theme.key: theme for theme in (*SERVICE_THEMES, *PRACTICE_THEMES)}
THEMES = tuple(_BY_KEY[key] for key in THEME_ORDER)


@dataclass(frozen=True)
class DemoContent:
    status: str
    progress: str = ""
    evidence: str = ""
    impact: str = ""
    next_steps: str = ""
    mitigation: str = ""


def theme_for(text: str) -> Theme:
    return next(theme for theme in THEMES if re.search(theme.pattern, text, re.IGNORECASE))


@dataclass(frozen=True)
class TermWords:
    """What the words need to know about the term."""

    slug: str
    months: tuple[str, ...]
    year: int


class _Filler:
    """Fills placeholders with values that stay the same within one update."""

    def __init__(self, rng: random.Random, theme: Theme, term: TermWords) -> None:
        month = rng.choice(term.months)
        subject = rng.choice(theme.subjects)
        self.values = {
            "n": str(rng.randint(2, 9)),
            "schools": str(rng.randint(12, 96)),
            "pct": str(rng.randint(55, 96)),
            "month": f"{month} {term.year}",
            "partner": rng.choice(phrases.PARTNERS),
            "subject": subject,
            "Subject": subject[0].upper() + subject[1:],
        }

    def __call__(self, template: str, **extra: str) -> str:
        return template.format(**(self.values | extra))


def _evidence(rng: random.Random, theme: Theme, term: TermWords, fill: _Filler) -> str:
    chosen = rng.sample(theme.documents, rng.randint(1, len(theme.documents)))
    lines = [
        f"- [{fill(title)}]({EVIDENCE_SITE}/{path}-{term.slug})"
        if not path.endswith(".pdf")
        else f"- [{fill(title)}]({EVIDENCE_SITE}/{path})"
        for title, path in chosen
    ]
    return "\n".join(lines)


def write_update(
    *,
    item_text: str,
    status: str,
    term: TermWords,
    rng: random.Random,
    completed_before: bool = False,
) -> DemoContent:
    """An update for one item and term; ``completed_before`` when it was already Complete."""
    theme = theme_for(item_text)
    fill = _Filler(rng, theme, term)
    if status == "not_started":
        return DemoContent(
            status=status,
            progress=fill(rng.choice(phrases.NOT_STARTED)),
            impact=rng.choice(phrases.NONE_YET),
            next_steps=fill(rng.choice(theme.next_steps)),
        )
    if status == "complete":
        opening = phrases.STILL_COMPLETE if completed_before else phrases.COMPLETE
        return DemoContent(
            status=status,
            progress=fill(rng.choice(opening))
            + ("" if completed_before else " " + fill(rng.choice(theme.actions))),
            evidence=_evidence(rng, theme, term, fill),
            impact=fill(rng.choice(theme.impacts)),
            next_steps=rng.choice(phrases.COMPLETE_NEXT_STEPS),
        )
    actions = rng.sample(theme.actions, 2)
    progress = " ".join(fill(action) for action in actions)
    mitigation = ""
    if status in {"amber", "red"}:
        risk = fill(rng.choice(theme.risks))
        openings = phrases.RED_OPENINGS if status == "red" else phrases.AMBER_OPENINGS
        progress = fill(rng.choice(openings), risk=risk) + " " + fill(actions[0])
        mitigation = fill(rng.choice(phrases.MITIGATIONS))
    return DemoContent(
        status=status,
        progress=progress,
        evidence=_evidence(rng, theme, term, fill),
        impact=fill(rng.choice(theme.impacts)),
        next_steps=fill(rng.choice(theme.next_steps)),
        mitigation=mitigation,
    )


def weaker_first_draft(content: DemoContent) -> tuple[DemoContent, str]:
    """A first submission the reviewer sends back, and the reason they give."""
    if content.status == "complete" or not content.impact:
        evidence = "See the minutes." if content.evidence else ""
        return replace(content, evidence=evidence), phrases.RETURN_REASONS["evidence"]
    return replace(content, impact=""), phrases.RETURN_REASONS["impact"]

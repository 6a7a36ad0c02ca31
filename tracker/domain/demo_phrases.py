"""Wording for demonstration updates: the shape of a subject's wording, and phrases for any item.

The wording for each subject is in ``demo_themes_services`` and ``demo_themes_practice``.

Placeholders filled in by ``tracker.domain.demo_text``: {n} a small count,
{schools} a number of schools, {pct} a percentage, {month} a month in the
term, {partner} a partner organisation or group.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    key: str
    # Searched for in the item's text, ignoring case.
    pattern: str
    subjects: tuple[str, ...]
    actions: tuple[str, ...]
    # (title, address path) of evidence documents.
    documents: tuple[tuple[str, str], ...]
    impacts: tuple[str, ...]
    next_steps: tuple[str, ...]
    risks: tuple[str, ...]


PARTNERS = (
    "headteachers",
    "multi-academy trust leads",
    "Early Help colleagues",
    "NHS Dorset",
    "the Virtual School",
    "the Parent Carer Forum",
    "Dorset Youth Voice",
    "school governors",
    "Educational Psychology",
)

NOT_STARTED = (
    "Work has not started yet: it is planned to begin next term, once {subject} has a named "
    "lead in each locality.",
    "Not started. Scoping is waiting for {partner} to confirm who will take part.",
    "Not started this term: the team has prioritised work on severe absence first.",
)
COMPLETE = (
    "{Subject} has been delivered and is now part of everyday practice.",
    "Delivered: {subject} is in place across Dorset and reviewed through the locality networks.",
)
STILL_COMPLETE = (
    "Delivered in an earlier term and still in place. No further work is planned.",
    "Complete. {Subject} continues as business as usual and is reviewed each year.",
)
RED_OPENINGS = (
    "{Subject} is significantly behind plan: {risk}.",
    "Work on {subject} is blocked: {risk}.",
)
AMBER_OPENINGS = (
    "Some slippage on {subject}: {risk}.",
    "Progress on {subject} is slower than planned because {risk}.",
)
MITIGATIONS = (
    "Raised with the Service Manager for Inclusion; an extra {n} days of officer time "
    "agreed until the work is back on track.",
    "Recovery plan agreed with {partner}: revised milestones for next term and fortnightly "
    "check-ins.",
    "Escalated to the Strengthening Services Board for a decision on resources. Interim "
    "support from the Inclusion team in place.",
    "Re-planned the work so the highest-need schools are reached first.",
)
NONE_YET = (
    "No change for children and families yet.",
    "None yet: work has not started.",
)
COMPLETE_NEXT_STEPS = (
    "None: handed over to business as usual.",
    "Review once a year through the locality networks.",
)
RETURN_REASONS = {
    "impact": "Please add the impact on children and families: the board will ask what has "
    "changed for them.",
    "evidence": "Please link the evidence (minutes, report or data) so the board can see it.",
}

"""Set-up helpers for progress tests: owners, open terms, updates."""

from __future__ import annotations

from tracker.data.owners import set_owners
from tracker.data.plan import get_item
from tracker.data.terms import get_term
from tracker.data.transaction import unit_of_work


def term(name: str = "autumn", year: str = "2024/25"):
    return get_term(academic_year=year, name=name)


def open_term(name: str = "autumn", year: str = "2024/25", state: str = "open"):
    with unit_of_work():
        found = term(name, year)
        found.state = state
    return found


def own(people, slug: str = "P1-001", lead: str = "owner", contributors=()):
    item = get_item(slug=slug)
    with unit_of_work():
        set_owners(
            item=item,
            lead=people[lead],
            contributors=[people[name] for name in contributors],
            by=people["manager"],
        )
    return item


def form_data(**overrides) -> dict:
    data = {
        "status": "green",
        "progress": "Guidance drafted with head teachers.",
        "evidence": "[Draft guidance](https://example.org/guidance)",
        "impact": "Schools follow one process.",
        "next_steps": "Publish in spring.",
        "mitigation": "",
        "version": "0",
        "save": "Save as draft",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}

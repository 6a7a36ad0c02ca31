"""Which items a board report for a term lists: those in the plan when the term ended."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from tracker.data.boards import board_settings
from tracker.data.plan import get_item
from tracker.data.reports import item_facts
from tracker.data.terms import get_term
from tracker.data.transaction import unit_of_work


def refs(term_name: str) -> set[str]:
    term = get_term(academic_year="2023/24", name=term_name)
    return {facts.ref for facts in item_facts(term=term, settings=board_settings())}


def test_an_item_withdrawn_later_stays_in_the_reports_of_terms_before(app):
    everything = refs("autumn")
    assert "P1/001" in everything
    with unit_of_work():
        # Withdrawn in the spring term: live all autumn, gone by the end of spring.
        get_item(slug="P1-001").withdrawn_at = datetime(2024, 2, 1, 9, 30, tzinfo=UTC)
    assert refs("autumn") == everything
    assert refs("spring") == everything - {"P1/001"}
    assert refs("summer") == everything - {"P1/001"}


def test_an_item_withdrawn_on_the_last_day_was_not_live_at_the_end(app):
    autumn = get_term(academic_year="2023/24", name="autumn")
    last_day = datetime.combine(autumn.end_date, time(), tzinfo=UTC)
    for withdrawn_at, listed in ((last_day, False), (last_day + timedelta(days=1), True)):
        with unit_of_work():
            get_item(slug="P1-002").withdrawn_at = withdrawn_at
        assert ("P1/002" in refs("autumn")) is listed, withdrawn_at

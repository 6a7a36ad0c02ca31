"""Which items a board report or the RAG summary for a term lists: those in the plan when
the term ended."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from tracker.data.boards import board_settings
from tracker.data.plan import get_item
from tracker.data.reports import item_facts
from tracker.data.summaries import summary_items
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


def test_the_summer_term_ends_at_midnight_uk_time(app):
    summer = get_term(academic_year="2023/24", name="summer")
    # 23:30 UTC on the last day is 00:30 the next morning in London (BST).
    after_midnight_in_london = datetime.combine(summer.end_date, time(23, 30), tzinfo=UTC)
    with unit_of_work():
        get_item(slug="P1-003").withdrawn_at = after_midnight_in_london
    assert "P1/003" in refs("summer")
    with unit_of_work():
        get_item(slug="P1-003").withdrawn_at = after_midnight_in_london - timedelta(hours=1)
    assert "P1/003" not in refs("summer")


def test_the_rag_summary_of_a_past_term_keeps_an_item_withdrawn_since(app, board_client):
    with unit_of_work():
        get_item(slug="P1-001").withdrawn_at = datetime(2024, 2, 1, 9, 30, tzinfo=UTC)
    autumn = get_term(academic_year="2023/24", name="autumn")
    spring = get_term(academic_year="2023/24", name="spring")
    assert "P1/001" in {item.ref for item in summary_items(term=autumn)}
    assert "P1/001" not in {item.ref for item in summary_items(term=spring)}
    for term in (autumn, spring):
        page = board_client.get(f"/rag?term={term.slug}").get_data(as_text=True)
        assert f"The whole plan: {len(summary_items(term=term))} items" in page
    assert len(summary_items(term=autumn)) == len(summary_items(term=spring)) + 1


def test_a_withdrawn_action_may_stay_in_boards_yaml_and_keeps_its_board(app):
    # P2/008 (the training programme) is the Strengthening Services Board's.
    with unit_of_work():
        get_item(slug="P2-008").withdrawn_at = datetime(2024, 2, 1, 9, 30, tzinfo=UTC)
    settings = board_settings()
    assert settings.board_for("P2/008") == "strengthening-services-board"
    autumn = get_term(academic_year="2023/24", name="autumn")
    (facts,) = [f for f in item_facts(term=autumn, settings=settings) if f.ref == "P2/008"]
    assert facts.board == "strengthening-services-board"

"""The browsable pages, served from a seeded database."""

from __future__ import annotations

import re

import pytest

from tracker.extensions import db
from tracker.models import Action
from tracker.models.mixins import utcnow


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_overview_shows_vision_and_each_priority_with_its_action_count(board_client):
    page = text_of(board_client.get("/"))
    assert "Dorset Council Attendance Strategy and Plan 2022" in page
    assert "We want attendance to be everyone’s business" in page
    for number, title, count in [
        (1, "Consistent Dorset wide policy and practice", 13),
        (2, "Knowledge sharing and communication", 16),
        (5, "Transport solutions", 5),
    ]:
        assert re.search(rf"Priority {number}: {title}</a> </th> <td [^>]*>{count}</td>", page), (
            title
        )


def test_priority_page_lists_vision_outcomes_and_actions(board_client):
    page = text_of(board_client.get("/priorities/4"))
    assert "Consistent approach to transition" in page
    assert "Reduction in the Year Seven severe absence rate" in page
    assert page.count('href="/actions/P4-') == 5


def test_action_page_shows_sub_items_and_note(board_client):
    tiers = text_of(board_client.get("/actions/P2-008"))
    assert "Universal (for all frontline staff)" in tiers
    funding = text_of(board_client.get("/actions/P3-013"))
    assert "We have the capital funding to deliver the first phase" in funding


def test_action_urls_are_case_insensitive_with_one_canonical_address(board_client):
    response = board_client.get("/actions/p1-001")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/actions/P1-001")


@pytest.mark.parametrize("url", ["/actions/P5-005", "/priorities/6", "/locality-priorities/x-1"])
def test_unknown_items_are_not_found(board_client, url):
    response = board_client.get(url)
    assert response.status_code == 404
    assert "Page not found" in text_of(response)


def test_withdrawn_action_page_says_so_and_leaves_lists(board_client):
    action = db.session.query(Action).filter_by(ref="P1/002").one()
    action.withdrawn_at = utcnow()
    db.session.commit()
    assert "has been removed from the plan" in text_of(board_client.get("/actions/P1-002"))
    assert 'href="/actions/P1-002"' not in text_of(board_client.get("/priorities/1"))
    assert 'href="/actions/P1-002"' not in text_of(board_client.get("/items"))


def test_localities_page_lists_every_group_and_priority(board_client):
    page = text_of(board_client.get("/localities"))
    assert page.count('href="/locality-priorities/') == 19
    assert "Covers: East, Purbeck" in page
    item = text_of(board_client.get("/locality-priorities/dorchester-3"))
    assert "Dorchester Area School Pyramid (DASP)" in item


def rows(page: str) -> int:
    return page.count('<tr class="govuk-table__row">') - 1  # minus the header row


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", 74),
        ("?priority=3", 16),
        ("?locality=purbeck", 4),
        ("?locality=east", 4),
        ("?q=universal", 1),
        ("?q=capital+funding", 1),
        ("?q=transport", 6),
        ("?q=TRANSPORT+families", 2),
        ("?priority=5&q=transport", 5),
        ("?q=P2/01", 7),
        ("?q=100%25", 1),
        ("?q=zzzz", 0),
    ],
)
def test_item_list_filters(board_client, query, expected):
    page = text_of(board_client.get("/items" + query))
    if expected:
        assert rows(page) == expected
    else:
        assert "No items match these filters" in page


def test_item_list_rejects_an_unknown_priority_with_a_govuk_error(board_client):
    page = text_of(board_client.get("/items?priority=9"))
    assert "govuk-error-summary" in page
    assert "Choose a priority from the list" in page
    assert page.startswith("<!DOCTYPE html>") and "<title>Error:" in page


def test_terms_page_lists_fifteen_terms(board_client):
    page = text_of(board_client.get("/terms"))
    assert rows(page) == 15
    assert "Autumn term 2022/23" in page and "Summer term 2026/27" in page


def test_context_page_shows_sections_and_quoted_figures(board_client):
    page = text_of(board_client.get("/strategy/context"))
    assert "The Dorset context" in page
    assert "4.57" in page


def test_header_names_the_council_not_govuk(board_client):
    page = text_of(board_client.get("/"))
    assert "govuk-generic-header" in page
    assert "Dorset Council" in page
    assert "govuk-header__logotype" not in page and "crown" not in page.lower()


def test_health_check_needs_no_sign_in(anonymous_client):
    response = anonymous_client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_pages_need_sign_in(anonymous_client):
    response = anonymous_client.get("/priorities/1")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/sign-in?next=/priorities/1")


def test_withdrawn_items_can_be_listed_on_request(app, board_client):
    from datetime import UTC, datetime

    from tracker.data.plan import get_item
    from tracker.data.transaction import unit_of_work

    with unit_of_work():
        get_item(slug="P5-006").withdrawn_at = datetime.now(UTC)
    assert "P5/006" not in text_of(board_client.get("/items?priority=5"))
    listed = text_of(board_client.get("/items?priority=5&withdrawn=y"))
    assert "P5/006" in listed and "Withdrawn" in listed

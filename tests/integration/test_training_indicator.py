"""The training indicator follows the training records: never typed, always their running
total, changed (with its history) whenever training is recorded or corrected."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tracker.data.indicator_values import save_manual_value
from tracker.data.terms import get_term, list_terms
from tracker.data.transaction import unit_of_work
from tracker.domain.errors import NotAllowed
from tracker.extensions import db
from tracker.models import HistoryEntry, Indicator, ManualIndicatorValue

CODE = "attendance-training-delivered"
AUTUMN, SPRING, SUMMER = "2023-24-autumn", "2023-24-spring", "2023-24-summer"
AUTUMN_START = date(2023, 9, 4)


def record(client, term_slug: str, tier: str, directorate: str, trained: int) -> None:
    data = {"tier": tier, "directorate": directorate, "trained": str(trained), "target": "50"}
    answer = client.post(f"/reports/training/{term_slug}", data=data)
    assert answer.status_code == 302, answer.get_data(as_text=True)


def history_count() -> int:
    return len(
        db.session.scalars(
            select(HistoryEntry).where(HistoryEntry.subject == "indicator_value")
        ).all()
    )


def indicator() -> Indicator:
    return db.session.scalars(select(Indicator).where(Indicator.code == CODE)).one()


def values() -> dict[str, float]:
    db.session.expire_all()
    found = db.session.scalars(
        select(ManualIndicatorValue).where(ManualIndicatorValue.indicator_id == indicator().id)
    )
    return {value.term.slug: value.value for value in found}


def test_recording_training_gives_each_term_the_running_total(app, people, manager_client):
    record(manager_client, AUTUMN, "universal", "Place", 40)
    record(manager_client, AUTUMN, "enhanced", "Children's Services", 12)
    record(manager_client, SPRING, "specific", "Place", 5)
    found = values()
    assert (found[AUTUMN], found[SPRING]) == (52, 57)
    # Every term since, up to the one under way, carries the total: nothing more recorded.
    since = [term.slug for term in list_terms() if AUTUMN_START < term.start_date <= date.today()]
    assert set(found) == {AUTUMN, *since}
    assert {found[slug] for slug in since} == {57}
    page = manager_client.get(f"/indicators/{CODE}").get_data(as_text=True)
    assert "from the training records" in page and "entered by the service manager" not in page
    spring = get_term(academic_year="2023/24", name="spring")
    entry = db.session.scalars(
        select(ManualIndicatorValue).where(ManualIndicatorValue.term_id == spring.id)
    ).one()
    assert entry.evidence == (
        "From the training records: 57 staff trained to the end of the "
        "spring term 2023/24, 5 of them this term (Universal 0, Enhanced 0, Specific 5)."
    )
    assert entry.entered_by_id == people["manager"].id
    changes = db.session.scalars(
        select(HistoryEntry)
        .where(
            HistoryEntry.subject == "indicator_value",
            HistoryEntry.field == "value",
            HistoryEntry.subject_id == entry.id,
        )
        .order_by(HistoryEntry.id)
    ).all()
    # Spring carried autumn's total from the first save, and followed each one after.
    assert [(c.old_value, c.new_value) for c in changes] == [
        ("", "40.0"),
        ("40.0", "52.0"),
        ("52.0", "57.0"),
    ]


def test_correcting_an_earlier_term_carries_into_later_terms_but_not_locked_ones(
    app, people, manager_client
):
    record(manager_client, AUTUMN, "universal", "Place", 40)
    record(manager_client, SPRING, "universal", "Place", 10)
    record(manager_client, SUMMER, "universal", "Place", 1)
    with unit_of_work():
        get_term(academic_year="2023/24", name="summer").state = "locked"
    before = values()
    record(manager_client, AUTUMN, "universal", "Place", 45)
    # Spring follows the correction; the locked summer keeps what it was locked with.
    after = values()
    assert (after[AUTUMN], after[SPRING], after[SUMMER]) == (45, 55, 51)
    assert {after[slug] for slug in after if slug not in (AUTUMN, SPRING, SUMMER)} == {56}
    assert set(after) == set(before)


def test_an_unchanged_total_is_not_written_again(app, people, manager_client):
    record(manager_client, AUTUMN, "universal", "Place", 40)
    count = history_count()
    record(manager_client, AUTUMN, "enhanced", "Place", 0)  # adds nobody
    assert history_count() == count + 0


def test_the_training_indicator_takes_no_typed_value(app, people, manager_client):
    page = manager_client.get(f"/indicators/{CODE}").get_data(as_text=True)
    assert "Enter a value" not in page
    assert "No training has been recorded yet." in page
    assert "running total of staff trained in the" in page
    assert 'href="/reports/training"' in page
    for answer in (
        manager_client.get(f"/indicators/{CODE}/values"),
        manager_client.post(f"/indicators/{CODE}/values", data={"term": AUTUMN, "value": "9"}),
    ):
        assert answer.status_code == 302
        assert answer.headers["Location"].endswith(f"/indicators/{CODE}")
    with pytest.raises(NotAllowed, match="running total of the training records"):
        save_manual_value(
            indicator=indicator(),
            term=get_term(academic_year="2023/24", name="autumn"),
            value=9,
            evidence="",
            user=people["manager"],
        )
    assert values() == {}


def test_the_training_page_names_the_indicator_it_feeds(app, people, manager_client):
    page = manager_client.get(f"/reports/training/{AUTUMN}").get_data(as_text=True)
    assert f'href="/indicators/{CODE}"' in page
    assert "Dorset Council staff who have completed the three-tier attendance training" in page


def test_board_members_see_where_the_values_come_from_without_a_link(app, board_client):
    page = board_client.get(f"/indicators/{CODE}").get_data(as_text=True)
    assert "running total of staff trained in the training records" in page
    assert 'href="/reports/training"' not in page

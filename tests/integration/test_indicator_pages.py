"""Indicator pages: statuses by priority and outcome, an indicator's trend, manual values."""

from __future__ import annotations

import re

from sqlalchemy import select

from tracker.extensions import db
from tracker.models import HistoryEntry, ManualIndicatorValue


def page(client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, response.status_code
    return response.get_data(as_text=True)


def test_the_list_shows_each_outcome_with_its_indicators(board_client):
    html = page(board_client, "/indicators?period=2020-21")
    assert "Outcome indicators" in html
    assert "Priority 1: Consistent Dorset wide policy and practice" in html
    assert "Outcome 1.7: Dorset&#39;s absence rates will be below national" in html
    assert "Overall absence rate, all pupils" in html
    assert "England: 4.62%" in html
    assert "South West: 4.57%" in html
    assert "statistical neighbours: 4.49%" in html
    assert re.search(r'govuk-tag--yellow">\s*Amber\s*<', html)
    assert re.search(r'govuk-tag--green">\s*Green\s*<', html)


def test_the_list_defaults_to_the_latest_year_with_figures(board_client):
    html = page(board_client, "/indicators")
    assert "2024/25, whole year" in html


def test_an_unknown_period_is_a_clear_error(board_client):
    html = page(board_client, "/indicators?period=1066-67", status=400)
    assert "Select a period from the list" in html


def test_the_indicator_page_shows_the_trend_as_chart_and_table(board_client):
    html = page(board_client, "/indicators/overall-absence")
    assert '<svg class="app-chart" role="img"' in html
    assert '<title id="years-title">Overall absence rate, all pupils by academic year</title>' in (
        html
    )
    assert "Overall absence rate, all pupils: values by academic year" in html
    assert "2015/16" in html and "2024/25" in html
    # 2020/21: Dorset, England, South West, the neighbours' mean.
    assert "4.57%" in html and "4.62%" in html and "4.49%" in html
    # 2019/20 has no figures: the trend shows the gap, not the year before's benchmarks.
    assert re.search(r">2019/20</th>(\s*<td[^>]*>No figure</td>){4}", html)


def test_an_unknown_indicator_is_not_found(board_client):
    page(board_client, "/indicators/no-such-thing", status=404)


def test_only_the_service_manager_enters_values(board_client, owner_client):
    assert board_client.get("/indicators/orchestra-data-share/values").status_code == 403
    assert owner_client.get("/indicators/orchestra-data-share/values").status_code == 403


def test_computed_indicators_take_no_values(manager_client):
    page(manager_client, "/indicators/overall-absence/values", status=404)


def test_entering_a_value_records_it_with_its_history(manager_client):
    form = page(manager_client, "/indicators/orchestra-data-share/values")
    assert "Enter a value" in form
    response = manager_client.post(
        "/indicators/orchestra-data-share/values",
        data={"term": "2023-24-autumn", "value": "82.5", "evidence": "From the **Orchestra** log"},
    )
    assert response.status_code == 302
    html = page(manager_client, "/indicators/orchestra-data-share")
    assert "Value for the Autumn term 2023/24 saved" in html
    assert "82.50%" in html
    assert "<strong>Orchestra</strong>" in html
    assert "History of changes" in html
    manager_client.post(
        "/indicators/orchestra-data-share/values",
        data={"term": "2023-24-autumn", "value": "90", "evidence": "Corrected"},
    )
    entries = db.session.scalars(select(ManualIndicatorValue)).all()
    assert [(entry.value, entry.evidence) for entry in entries] == [(90.0, "Corrected")]
    changes = db.session.scalars(
        select(HistoryEntry).where(HistoryEntry.subject == "indicator_value")
    ).all()
    assert [(c.field, c.old_value, c.new_value) for c in changes] == [
        ("value", "", "82.5"),
        ("evidence", "", "From the **Orchestra** log"),
        ("value", "82.5", "90.0"),
        ("evidence", "From the **Orchestra** log", "Corrected"),
    ]
    html = page(manager_client, "/indicators?period=2023-24-autumn")
    assert "90.00%" in html


def test_bad_values_get_errors_and_change_nothing(manager_client):
    response = manager_client.post(
        "/indicators/orchestra-data-share/values",
        data={"term": "", "value": "lots", "evidence": ""},
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "There is a problem" in html
    assert "Select the term the value is for" in html
    assert "Enter the value as a number, like 85 or 12.5" in html
    assert "Enter the evidence the value is based on" in html
    response = manager_client.post(
        "/indicators/orchestra-data-share/values",
        data={"term": "2023-24-autumn", "value": "120", "evidence": "Too many"},
    )
    assert response.status_code == 400
    assert "A percentage must be between 0 and 100" in response.get_data(as_text=True)
    assert db.session.scalars(select(ManualIndicatorValue)).all() == []

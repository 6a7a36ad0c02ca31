"""A full database or one that goes away: a clear error page, and the typed update kept."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import select

from tests.integration.database_faults import fill_sqlite_to_the_brim
from tests.integration.progress_helpers import form_data, open_term, own
from tracker.extensions import db
from tracker.models import Update

URL = "/updates/P1-001/2024-25-autumn"
TYPED = "Met every head teacher in the North locality & agreed a <shared> plan. " * 120
NOT_SAVED = "The service could not save your update"


def saved() -> Update | None:
    db.session.expire_all()
    return db.session.scalars(select(Update)).first()


def assert_update_kept(response, typed: str = TYPED) -> None:
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert response.headers["Retry-After"]
    assert "govuk-error-summary" in page and NOT_SAVED in page
    assert "Your update has not been saved" in page
    # The words are back in the form, with the version it was opened at, to save again.
    assert f">{html.escape(typed, quote=False)}</textarea>" in page.replace("&#39;", "'")
    assert 'name="version" type="hidden" value="0"' in page


def test_a_full_disk_keeps_the_typed_update_in_the_form(backend, people, owner_client):
    if backend != "sqlite":
        pytest.skip("the page limit that stands in for a full disk is SQLite's")
    own(people)
    open_term()
    db.session.remove()
    fill_sqlite_to_the_brim(db.engine)
    response = owner_client.post(URL, data=form_data(progress=TYPED, impact="Kept impact."))
    assert_update_kept(response)
    assert "Kept impact." in response.get_data(as_text=True)
    assert saved() is None
    # Reading still works on a full disk: the rest of the service carries on.
    assert owner_client.get(URL).status_code == 200


def test_a_database_that_goes_away_answers_503_and_keeps_the_update(
    database_gone, people, owner_client, anonymous_client
):
    own(people)
    open_term()
    assert owner_client.get(URL).status_code == 200
    database_gone.begin()

    assert_update_kept(owner_client.post(URL, data=form_data(progress=TYPED)))
    health = anonymous_client.get("/healthz")
    assert health.status_code == 503 and health.get_json()["database"] == "unavailable"
    page = owner_client.get("/rag")
    assert page.status_code == 503
    assert "Sorry, the service is unavailable" in page.get_data(as_text=True)


def test_saving_again_once_the_database_is_back_stores_the_kept_words(
    database_gone, people, owner_client
):
    own(people)
    open_term()
    database_gone.begin()
    kept = owner_client.post(URL, data=form_data(progress=TYPED))
    assert kept.status_code == 503
    database_gone.end()
    again = owner_client.post(URL, data=form_data(progress=TYPED))
    assert again.status_code == 302
    assert saved().progress == TYPED

"""A full disk, or a fault nobody foresaw: a clear page, nothing half-stored, the words kept."""

from __future__ import annotations

import errno
import html
import io
import os
import pathlib
import stat

import pytest
from flask import current_app
from sqlalchemy import select

from tests.integration.progress_helpers import form_data, open_term, own
from tracker import storage
from tracker.extensions import db
from tracker.models import Attachment, Update, User

URL = "/updates/P1-001/2024-25-autumn"
TYPED = "Agreed a shared <plan> with every head teacher & the trust. " * 40


@pytest.fixture
def disk_fills_up(monkeypatch):
    """Writes fail as on a full disk, after ``room`` of them have gone through; the failing
    write leaves a truncated file behind, as a real one would."""
    real_write = storage.write_private
    room = {"writes": 0}

    def write_private(path, content):
        if room["writes"] <= 0:
            real_write(path, content[: len(content) // 2])
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        room["writes"] -= 1
        return real_write(path, content)

    monkeypatch.setattr(storage, "write_private", write_private)
    return room


def uploaded_files() -> list[str]:
    folder = pathlib.Path(current_app.instance_path) / "uploads"
    return sorted(path.name for path in folder.glob("*")) if folder.exists() else []


def with_attachments(*names: str) -> dict:
    data = form_data(progress=TYPED, impact="Kept impact.")
    data["attachments"] = [(io.BytesIO(b"%PDF-1.4 evidence " * 50), name) for name in names]
    return data


def assert_kept_in_the_update_form(response) -> None:
    page = response.get_data(as_text=True).replace("&#39;", "'")
    assert response.status_code == 503
    assert "run out of storage space" in page and "govuk-error-summary" in page
    assert f">{html.escape(TYPED, quote=False)}</textarea>" in page
    assert "Kept impact." in page
    assert "choose them again" in page


def test_a_full_disk_while_storing_evidence_keeps_the_update_and_stores_nothing(
    people, owner_client, disk_fills_up
):
    own(people)
    open_term()
    before = uploaded_files()
    response = owner_client.post(
        URL, data=with_attachments("minutes.pdf"), content_type="multipart/form-data"
    )
    assert_kept_in_the_update_form(response)
    assert db.session.scalars(select(Update)).first() is None
    assert uploaded_files() == before  # the truncated file was removed


def test_a_disk_that_fills_after_the_first_file_leaves_no_orphan(
    people, owner_client, disk_fills_up
):
    own(people)
    open_term()
    before = uploaded_files()
    disk_fills_up["writes"] = 1
    response = owner_client.post(
        URL,
        data=with_attachments("minutes.pdf", "agenda.pdf"),
        content_type="multipart/form-data",
    )
    assert_kept_in_the_update_form(response)
    assert db.session.scalars(select(Attachment)).first() is None
    assert uploaded_files() == before


def test_saving_again_once_there_is_room_stores_the_update_and_its_file(
    people, owner_client, disk_fills_up
):
    own(people)
    open_term()
    owner_client.post(URL, data=with_attachments("minutes.pdf"), content_type="multipart/form-data")
    disk_fills_up["writes"] = 10
    again = owner_client.post(
        URL, data=with_attachments("minutes.pdf"), content_type="multipart/form-data"
    )
    assert again.status_code == 302
    saved = db.session.scalars(select(Update)).one()
    assert saved.progress == TYPED and len(saved.attachments) == 1


def test_evidence_files_are_readable_by_the_service_alone(people, owner_client):
    own(people)
    open_term()
    folder = pathlib.Path(current_app.instance_path) / "uploads"
    folder.mkdir(mode=0o755, parents=True)  # as an earlier release, or a person, made it
    previous = os.umask(0o022)  # the usual umask, which would leave files world-readable
    try:
        answer = owner_client.post(
            URL, data=with_attachments("minutes.pdf"), content_type="multipart/form-data"
        )
    finally:
        os.umask(previous)
    assert answer.status_code == 302
    (stored,) = folder.iterdir()
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


NEW_PERSON = {
    "name": "Pat <Lee>",
    "email": "pat.lee@example.org",
    "team": "Inclusion & SEND",
    "role": "owner",
    "password": "a long enough password",
}


def assert_fields_shown_back(response, status: int) -> None:
    page = response.get_data(as_text=True)
    assert response.status_code == status
    assert "What you typed" in page
    for value in ("Pat &lt;Lee&gt;", "pat.lee@example.org", "Inclusion &amp; SEND"):
        assert value in page
    assert "a long enough password" not in page  # passwords are never shown back


def test_any_form_sent_while_the_disk_is_full_is_shown_back(people, manager_client, monkeypatch):
    def no_room(**_values):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("tracker.views.manage.people.create_user", no_room)
    response = manager_client.post("/manage/users/new", data=NEW_PERSON)
    assert_fields_shown_back(response, 503)
    assert "run out of storage space" in response.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.email == NEW_PERSON["email"])) is None


def test_an_unforeseen_fault_shows_a_form_back_on_the_error_page(
    people, manager_client, monkeypatch
):
    def broken(**_values):
        raise RuntimeError("a fault nobody foresaw")

    monkeypatch.setattr("tracker.views.manage.people.create_user", broken)
    monkeypatch.setitem(manager_client.application.config, "PROPAGATE_EXCEPTIONS", False)
    response = manager_client.post("/manage/users/new", data=NEW_PERSON)
    assert_fields_shown_back(response, 500)
    assert "Sorry, there is a problem with the service" in response.get_data(as_text=True)


def test_any_form_sent_while_the_database_is_gone_is_shown_back(
    database_gone, people, manager_client
):
    assert manager_client.get("/manage/users/new").status_code == 200
    database_gone.begin()
    response = manager_client.post("/manage/users/new", data=NEW_PERSON)
    assert_fields_shown_back(response, 503)


def test_another_disk_fault_keeps_the_update_without_blaming_space(
    people, owner_client, monkeypatch
):
    own(people)
    open_term()

    def unreadable(path, content):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(storage, "write_private", unreadable)
    response = owner_client.post(
        URL, data=with_attachments("minutes.pdf"), content_type="multipart/form-data"
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "a problem storing its files" in page and "storage space" not in page
    assert "Kept impact." in page
    assert db.session.scalars(select(Update)).first() is None

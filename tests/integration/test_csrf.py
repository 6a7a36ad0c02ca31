"""Every form carries a token: a post without one is refused clearly and changes nothing."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from tests.conftest import signed_in_client
from tests.integration.progress_helpers import form_data, open_term, own
from tracker.extensions import db
from tracker.models import Update


@pytest.fixture
def protected_app(app):
    """The seeded app with CSRF protection on, as in production."""
    app.config["WTF_CSRF_ENABLED"] = True
    return app


def token_from(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def test_a_post_without_a_token_is_refused_and_saves_nothing(protected_app, people):
    own(people)
    open_term()
    client = signed_in_client(protected_app, people["owner"])
    response = client.post("/updates/P1-001/2024-25-autumn", data=form_data())
    assert response.status_code == 400
    assert "The form could not be sent" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Update)) == 0


def test_the_form_as_rendered_carries_a_working_token(protected_app, people):
    own(people)
    open_term()
    client = signed_in_client(protected_app, people["owner"])
    page = client.get("/updates/P1-001/2024-25-autumn").get_data(as_text=True)
    response = client.post(
        "/updates/P1-001/2024-25-autumn", data=form_data(csrf_token=token_from(page))
    )
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Update)) == 1


def test_every_post_route_refuses_a_post_without_a_token(protected_app, people):
    manager = signed_in_client(protected_app, people["manager"])
    for rule in protected_app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.arguments:
            continue
        response = manager.post(rule.rule, data={})
        assert response.status_code == 400, rule.rule


class _UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body of a refused request was read")

    readline = read

    def tell(self) -> int:
        return 0

    def seek(self, *args) -> int:
        return 0


def test_a_refused_upload_is_refused_before_its_body_is_read(protected_app):
    client = protected_app.test_client()
    answer = client.post(
        "/data/imports",
        input_stream=_UnreadableBody(),
        content_type="multipart/form-data; boundary=x",
        headers={"Content-Length": str(150 * 1024 * 1024)},
    )
    assert answer.status_code == 302 and "/sign-in" in answer.location

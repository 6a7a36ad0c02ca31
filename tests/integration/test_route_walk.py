"""Every route in the URL map, requested as each kind of person with real arguments: the
answers match the route's declared rule, nothing fails with a server error, routes scoped
to one person's items refuse another owner, and every answer carries the security headers."""

from __future__ import annotations

import io
import re

import pytest
from flask import Flask
from sqlalchemy import select

from config import ProductionConfig
from tests.conftest import signed_in_client
from tests.integration.progress_helpers import form_data, open_term, own
from tracker.access import access_rule_for
from tracker.data.submissions import report_request, submit_report
from tracker.data.transaction import unit_of_work
from tracker.domain.roles import Role
from tracker.extensions import db
from tracker.models import Attachment, Indicator, LocalityGroup, LocalityPriority

# The other owner asks before the item's owner, whose posts (removing the attachment)
# change what is there.
WHO = ("anonymous", "other_owner", "owner", "board", "data", "manager")
# Sign-out ends every session of the person, so it is asked last, and on its own.
LAST = {"/sign-out"}
# Routes whose rule admits more people than may see the object at these arguments: the
# item P1/001 belongs to "owner", and its update is a draft, so another owner may not read
# or change it, and nobody but its owners and the manager may open its attachment.
REFUSED_BY_THE_OBJECT = {
    ("GET", "progress.edit_update"): {"other_owner"},
    ("POST", "progress.edit_update"): {"other_owner"},
    ("GET", "progress.download_attachment"): {"other_owner", "board", "data"},
    ("POST", "progress.remove"): {"other_owner"},
}


@pytest.fixture
def walk(app, people):
    """Real objects for every URL argument: an owned item with a draft update and an
    attachment, an open term, a submitted report; and a signed-in client per person."""
    own(people)
    term = open_term()
    owner = signed_in_client(app, people["owner"])
    draft = form_data()
    draft["attachments"] = (io.BytesIO(b"%PDF-1.4 evidence"), "minutes.pdf")
    saved = owner.post(
        "/updates/P1-001/2024-25-autumn", data=draft, content_type="multipart/form-data"
    )
    assert saved.status_code == 302
    with unit_of_work():
        submission = submit_report(
            request=report_request(kind="education-board", term=term, week_ending=None),
            user=people["manager"],
            presenter="Sam Manager",
            final=False,
            formats=("md",),
        )
    arguments = {
        "slug": "P1-001",
        "item_slug": "P1-001",
        "term_slug": term.slug,
        "attachment_id": db.session.scalars(select(Attachment.id)).one(),
        "user_id": people["owner"].id,
        "code": "md",
        "number": 1,
        "kind": "education-board",
        "period": term.slug,
        "submission_id": submission.id,
        "filename": "app/app.css",
    }
    by_endpoint = {
        ("indicators.indicator", "code"): db.session.scalars(select(Indicator.code)).first(),
        ("indicators.enter_value", "code"): db.session.scalars(
            select(Indicator.code).where(Indicator.kind == "manual")
        ).first(),
        ("localities.group", "slug"): db.session.scalars(select(LocalityGroup.slug)).first(),
        ("localities.priority", "slug"): db.session.scalars(select(LocalityPriority.slug)).first(),
    }
    clients = {"anonymous": app.test_client(), "owner": owner}
    for who in WHO:
        if who not in clients:
            clients[who] = signed_in_client(app, people[who])
    return arguments, by_endpoint, clients


def _routes(app: Flask, arguments: dict, by_endpoint: dict):
    found = []
    for rule in app.url_map.iter_rules():
        values = {
            name: by_endpoint.get((rule.endpoint, name), arguments[name]) for name in rule.arguments
        }
        url = rule.build(values, append_unknown=False)[1]
        for method in sorted(rule.methods & {"GET", "POST"}):
            found.append((rule, method, url))
    return sorted(found, key=lambda route: (route[2] in LAST, route[1] == "POST"))


def _role(who: str) -> Role | None:
    return None if who == "anonymous" else Role(who.removeprefix("other_"))


def _expected(declared, rule, method: str, who: str, answer) -> bool:
    """Whether this answer is what the route's rule (and its per-item rule) says."""
    if answer.status_code >= 500:
        return False  # a server error is never the right answer, whoever asks
    to_sign_in = answer.status_code == 302 and "/sign-in" in answer.location
    if who in REFUSED_BY_THE_OBJECT.get((method, rule.endpoint), ()):
        return answer.status_code == 403
    if declared.admits(_role(who)):
        # Admitted: never refused, never sent to sign in (but signing out ends there).
        signing_out = rule.endpoint == "auth.sign_out"
        return answer.status_code != 403 and (not to_sign_in or signing_out)
    if who == "anonymous":
        return to_sign_in
    return answer.status_code == 403


def test_every_route_answers_each_person_as_its_rule_declares(app, walk):
    arguments, by_endpoint, clients = walk
    wrong = []
    for rule, method, url in _routes(app, arguments, by_endpoint):
        declared = access_rule_for(app.view_functions[rule.endpoint])
        for who in WHO:
            answer = clients[who].open(url, method=method)
            answer.close()  # a file sent from disk is open until its answer is closed
            if not _expected(declared, rule, method, who, answer):
                wrong.append((method, url, who, declared.name, answer.status_code))
    assert not wrong, "\n".join(map(str, wrong))


def test_the_walk_reaches_the_pages_themselves(app, walk):
    """Real arguments: the people a route admits get the page, not a 404 for a made-up id."""
    arguments, by_endpoint, clients = walk
    missing = []
    for rule, method, url in _routes(app, arguments, by_endpoint):
        if method != "GET":
            continue
        declared = access_rule_for(app.view_functions[rule.endpoint])
        who = next(name for name in reversed(WHO) if declared.admits(_role(name)))
        answer = clients[who].get(url)
        answer.close()
        if answer.status_code == 404:
            missing.append(url)
    assert not missing


NONCE = re.compile(r"script-src 'self' 'nonce-([A-Za-z0-9_-]{20,})'")


def _check_headers(answer) -> list[str]:
    problems = []
    policy = answer.headers.get("Content-Security-Policy", "")
    found = NONCE.search(policy)
    for part in ("default-src 'self'", "frame-ancestors 'none'", "object-src 'none'"):
        if part not in policy:
            problems.append(f"CSP lacks {part}")
    if not found:
        problems.append("CSP has no script nonce")
    if answer.headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("no nosniff")
    if answer.headers.get("Referrer-Policy") != "same-origin":
        problems.append("no Referrer-Policy")
    if "Strict-Transport-Security" in answer.headers:
        problems.append("HSTS outside production")
    if found and answer.mimetype == "text/html":
        page = answer.get_data(as_text=True)
        # Every inline script and style block carries this response's nonce.
        for tag in re.findall(r"<(?:script|style)\b[^>]*>", page):
            if "src=" not in tag and f'nonce="{found.group(1)}"' not in tag:
                problems.append(f"inline {tag} without the nonce")
        if re.search(r"<[a-z]+[^>]*\sstyle=", page):
            problems.append("a style attribute, which the policy refuses")
    return problems


def test_every_route_sends_the_security_headers(app, walk):
    arguments, by_endpoint, clients = walk
    wrong = {}
    for _rule, method, url in _routes(app, arguments, by_endpoint):
        for who in ("anonymous", "manager"):
            answer = clients[who].open(url, method=method)
            problems = _check_headers(answer)
            answer.close()
            if problems:
                wrong[(method, url, who)] = problems
    assert not wrong


def test_each_response_has_its_own_nonce(anonymous_client):
    first = anonymous_client.get("/sign-in").headers["Content-Security-Policy"]
    second = anonymous_client.get("/sign-in").headers["Content-Security-Policy"]
    assert NONCE.search(first).group(1) != NONCE.search(second).group(1)


def test_pages_for_signed_in_people_are_never_cached(manager_client):
    assert manager_client.get("/").headers.get("Cache-Control") == "no-store"


@pytest.mark.parametrize("path", ["/sign-in", "/healthz"])
def test_production_adds_hsts(app, path):
    app.config["HSTS_SECONDS"] = ProductionConfig.HSTS_SECONDS
    answer = app.test_client().get(path)
    assert answer.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_the_paused_sign_in_page_sends_the_security_headers(app, people):
    app.config["SIGN_IN_THROTTLE_FAILURES"] = 1
    client = app.test_client()
    client.post("/sign-in", data={"email": "nobody@example.org", "password": "a guess"})
    answer = client.post("/sign-in", data={"email": "nobody@example.org", "password": "again"})
    assert answer.status_code == 429
    assert answer.mimetype == "text/html"
    assert _check_headers(answer) == []

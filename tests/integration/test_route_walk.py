"""Every route in the URL map, requested as each kind of person: the answers match the
route's declared rule, and every answer carries the security headers."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from config import ProductionConfig
from tests.conftest import signed_in_client
from tracker.access import access_rule_for
from tracker.domain.roles import Role

# Placeholder values for URL arguments: enough to reach the access check, which runs
# before the view looks anything up.
SAMPLE_ARGUMENTS = {"int": 1, "string": "x", "path": "x", "default": "x"}
WHO = ("anonymous", "owner", "board", "data", "manager")
# Sign-out ends every session of the person, so it is asked last, and on its own.
LAST = {"/sign-out"}


def _url(rule) -> str:
    values = {}
    for name in rule.arguments:
        converter = rule._converters[name].__class__.__name__.lower()
        kind = next((key for key in SAMPLE_ARGUMENTS if key in converter), "default")
        values[name] = SAMPLE_ARGUMENTS[kind]
    return rule.build(values, append_unknown=False)[1]


def _routes(app: Flask):
    found = []
    for rule in app.url_map.iter_rules():
        method = "GET" if "GET" in rule.methods else "POST"
        found.append((rule, method, _url(rule)))
    return sorted(found, key=lambda route: route[2] in LAST)


def _clients(app: Flask, people) -> dict:
    clients = {"anonymous": app.test_client()}
    for who in WHO[1:]:
        clients[who] = signed_in_client(app, people[who])
    return clients


def _role(who: str) -> Role | None:
    return None if who == "anonymous" else Role(who)


def test_every_route_answers_each_person_as_its_rule_declares(app, people):
    clients = _clients(app, people)
    wrong = []
    for rule, method, url in _routes(app):
        declared = access_rule_for(app.view_functions[rule.endpoint])
        for who in WHO:
            answer = clients[who].open(url, method=method)
            admitted = declared.admits(_role(who))
            to_sign_in = answer.status_code == 302 and "/sign-in" in answer.location
            if admitted:
                # Admitted: never refused, never sent to sign in (but signing out ends there).
                signing_out = rule.endpoint == "auth.sign_out"
                ok = answer.status_code != 403 and (not to_sign_in or signing_out)
            elif who == "anonymous":
                ok = to_sign_in
            else:
                ok = answer.status_code == 403
            if not ok:
                wrong.append((method, url, who, declared.name, answer.status_code))
    assert not wrong


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


def test_every_route_sends_the_security_headers(app, people):
    clients = _clients(app, people)
    wrong = {}
    for _rule, method, url in _routes(app):
        for who in ("anonymous", "manager"):
            problems = _check_headers(clients[who].open(url, method=method))
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

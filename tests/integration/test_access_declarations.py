"""Every route declares who may see it, and undeclared routes are refused."""

from __future__ import annotations

from tracker.access import access_rule_for


def test_every_route_declares_its_access_rule(app):
    undeclared = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if access_rule_for(app.view_functions[rule.endpoint]) is None
    ]
    assert undeclared == []


def test_a_route_without_a_declaration_is_refused(app):
    app.add_url_rule("/undeclared", "undeclared", lambda: "secret")
    response = app.test_client().get("/undeclared")
    assert response.status_code == 403
    assert b"secret" not in response.data

"""Browser fixtures: the seeded app served over HTTP, driven by a real Chromium.

The whole folder is skipped when no Chromium is installed. ``CHROMIUM_PATH``
names the executable (default ``/usr/bin/chromium``). Every page but sign-in
needs an account, so ``page`` is signed in as the service manager (who sees
the most navigation); ``anonymous_page`` is signed in as nobody.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask_migrate import upgrade
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Response,
    StorageState,
    sync_playwright,
)
from werkzeug.serving import WSGIRequestHandler, make_server

from tests.conftest import PASSWORD, PEOPLE, SEED_DIR, build_app
from tracker.data.accounts import create_user, find_user
from tracker.data.seeding import apply_seed_plan
from tracker.data.transaction import unit_of_work
from tracker.domain.seed_reader import read_seed_folder
from tracker.extensions import db
from tracker.views.auth.session import session_values

CHROMIUM_PATH = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# The accessibility standard every page must meet: WCAG 2.2 at levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
AXE_SOURCE = files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


class _QuietRequestHandler(WSGIRequestHandler):
    """Leaves each request out of the log, so a failing test's output shows only errors."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


@pytest.fixture(autouse=True)
def _needs_chromium() -> None:
    if not CHROMIUM_PATH.exists():
        pytest.skip(f"browser tests need Chromium at {CHROMIUM_PATH} (set CHROMIUM_PATH)")


@pytest.fixture(scope="session")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The app on a SQLite file, seeded with the shipped strategy and one account per role."""
    app = build_app("sqlite", tmp_path_factory.mktemp("live-server"))
    with app.app_context():
        upgrade()
        with unit_of_work():
            apply_seed_plan(plan=read_seed_folder(SEED_DIR))
        with unit_of_work():
            for email, name, role in PEOPLE.values():
                create_user(email=email, name=name, role=role, password=PASSWORD, team="Inclusion")
        db.session.remove()
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(live_app: Flask) -> Iterator[str]:
    """``live_app`` served on a free local port; yields its base URL."""
    server = make_server(
        "127.0.0.1", 0, live_app, threaded=True, request_handler=_QuietRequestHandler
    )
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM_PATH.exists():
        pytest.skip(f"browser tests need Chromium at {CHROMIUM_PATH} (set CHROMIUM_PATH)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM_PATH), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


def sign_in(page: Page, *, email: str, password: str) -> Response:
    """Fill in and send the sign-in form on the page already open; returns the answer."""
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        page.get_by_role("button", name="Sign in").click()
    response = answer.value
    assert response.status < 500, f"signing in failed: {response.status} from {response.url}"
    page.wait_for_load_state()
    return response


def signed_in_state(app: Flask, base_url: str, *, person: str) -> StorageState:
    """Browser cookies holding the session the app starts when ``person`` signs in.

    Made directly rather than through the sign-in form, so that every page's test
    depends only on that page; the form has tests of its own.
    """
    email, _name, _role = PEOPLE[person]
    with app.app_context():
        user = find_user(email=email)
        assert user is not None
        session = session_values(user)
        db.session.remove()
    serializer = app.session_interface.get_signing_serializer(app)
    assert serializer is not None
    return {
        "cookies": [
            {
                "name": app.config["SESSION_COOKIE_NAME"],
                "value": serializer.dumps(session),
                "domain": urlsplit(base_url).hostname or "127.0.0.1",
                "path": "/",
                "expires": -1,
                "httpOnly": True,
                "secure": False,
                "sameSite": "Lax",
            }
        ],
        "origins": [],
    }


@pytest.fixture(scope="session")
def manager_state(live_app: Flask, live_server: str) -> StorageState:
    """Signed in as the service manager."""
    return signed_in_state(live_app, live_server, person="manager")


def _new_page(
    browser: Browser, live_server: str, state: StorageState | None = None
) -> Iterator[Page]:
    context: BrowserContext = browser.new_context(base_url=live_server, storage_state=state)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def page(browser: Browser, live_server: str, manager_state: StorageState) -> Iterator[Page]:
    """A fresh page, signed in, in its own browser context; paths are relative to the server."""
    yield from _new_page(browser, live_server, manager_state)


@pytest.fixture
def anonymous_page(browser: Browser, live_server: str) -> Iterator[Page]:
    """A fresh page in a browser context where nobody has signed in."""
    yield from _new_page(browser, live_server)


def _describe_violation(violation: dict) -> str:
    lines = [
        f"- {violation['id']} ({violation.get('impact') or 'no impact given'}): "
        f"{violation['help']}",
        f"  {violation['helpUrl']}",
    ]
    for node in violation["nodes"]:
        target = " ".join(str(part) for part in node["target"])
        lines.append(f"    at {target}")
        summary = (node.get("failureSummary") or "").strip()
        if summary:
            lines.extend(f"      {line.strip()}" for line in summary.splitlines())
    return "\n".join(lines)


def assert_no_axe_violations(page: Page) -> None:
    """Run axe-core against the page and fail, listing each problem, if it finds any;
    fail too if the browser refused anything under the Content-Security-Policy."""
    refused = [
        message.text
        for message in page.console_messages()
        if "Content Security Policy" in message.text
    ]
    if refused:
        pytest.fail(f"Refused by the policy on {page.url}: {refused}", pytrace=False)
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the browser's debugging protocol, which the page's policy
        # does not govern: an inline script tag would rightly be refused.
        page.evaluate(AXE_SOURCE)
    results = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_TAGS,
    )
    violations = results["violations"]
    if violations:
        report = "\n".join(_describe_violation(violation) for violation in violations)
        pytest.fail(
            f"{len(violations)} accessibility problem(s) on {page.url}:\n{report}",
            pytrace=False,
        )

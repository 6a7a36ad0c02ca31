"""A small browser for the load test: keeps cookies, reads forms, times every request.

The server sits where the reverse proxy would hand it requests: each request says it
came in over HTTPS (X-Forwarded-Proto, believed because the server is started with
TRACKER_PROXY_HOPS=1), as every request does in production. The session cookie is
therefore marked Secure, which a cookie jar keeps back from a plain-HTTP address, so
the flag is dropped from the jar after each answer.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import requests

PROXY_HEADERS = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.10"}
TIMEOUT_SECONDS = 60


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    buttons: dict[str, str] = field(default_factory=dict)
    # Radio buttons and checkboxes by name, with the values offered.
    choices: dict[str, list[str]] = field(default_factory=dict)

    def values(self) -> dict[str, str]:
        return dict(self.fields)


class PageParser(HTMLParser):
    """The forms and links on a page, as a browser would see them."""

    def __init__(self, url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.url = url
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._form: Form | None = None
        self._textarea: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        a = {name: value or "" for name, value in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(urljoin(self.url, a["href"]))
        elif tag == "form":
            action = urljoin(self.url, a.get("action") or self.url)
            self._form = Form(action=action, method=a.get("method", "get").lower())
            self.forms.append(self._form)
        elif self._form is not None and tag == "input" and a.get("name"):
            self._input(a)
        elif self._form is not None and tag == "button" and a.get("name"):
            self._form.buttons[a["name"]] = a.get("value", "")
        elif self._form is not None and tag == "textarea" and a.get("name"):
            self._textarea = (a["name"], [])

    def _input(self, a: dict[str, str]) -> None:
        kind = a.get("type", "text").lower()
        name = a["name"]
        if kind == "submit":
            self._form.buttons[name] = a.get("value", "")
        elif kind in ("radio", "checkbox"):
            self._form.choices.setdefault(name, []).append(a.get("value", "on"))
            if "checked" in a:
                self._form.fields.append((name, a.get("value", "on")))
        elif kind != "file":
            self._form.fields.append((name, a.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1].append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None and self._form is not None:
            name, parts = self._textarea
            text = "".join(parts)
            # A browser drops the one newline that may follow <textarea>.
            self._form.fields.append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "form":
            self._form = None


def parse(url: str, text: str) -> PageParser:
    parser = PageParser(url)
    parser.feed(text)
    return parser


class Timings:
    """Every request's kind, status and seconds, shared by all the simulated people."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.seconds: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []
        self.outcomes: dict[str, int] = defaultdict(int)

    def add(self, kind: str, seconds: float) -> None:
        with self._lock:
            self.seconds[kind].append(seconds)

    def error(self, message: str) -> None:
        with self._lock:
            self.errors.append(message)

    def count(self, outcome: str) -> None:
        with self._lock:
            self.outcomes[outcome] += 1


class UnexpectedAnswer(Exception):
    """The server answered in a way no browser should see: recorded as an error."""


class Browser:
    def __init__(self, base_url: str, timings: Timings) -> None:
        self.base_url = base_url
        self.timings = timings
        self.session = requests.Session()
        self.session.headers.update(PROXY_HEADERS)

    def url(self, path: str) -> str:
        return urljoin(self.base_url, path)

    def request(self, kind, method, url, *, expect=(200,), data=None, referer=None):
        """One request, timed under ``kind``; an answer not in ``expect`` is an error."""
        headers = {}
        if referer:
            # Over HTTPS the CSRF check also wants a same-site referrer, as browsers send.
            parts = urlsplit(referer)
            headers["Referer"] = f"https://{parts.netloc}{parts.path}"
        began = time.perf_counter()
        try:
            response = self._send(method, url, data, headers)
        except requests.RequestException as failure:
            self.timings.add(kind, time.perf_counter() - began)
            self.timings.error(f"{kind}: {method} {urlsplit(url).path}: {failure}")
            raise UnexpectedAnswer(str(failure)) from None
        self.timings.add(kind, time.perf_counter() - began)
        for cookie in self.session.cookies:
            cookie.secure = False
        if response.status_code not in expect:
            self.timings.error(
                f"{kind}: {method} {urlsplit(url).path} answered {response.status_code}"
            )
            raise UnexpectedAnswer(f"{response.status_code}")
        return response

    def _send(self, method, url, data, headers) -> requests.Response:
        for attempt in (1, 2):
            try:
                response = self.session.request(
                    method,
                    self.url(url),
                    data=data,
                    headers=headers,
                    allow_redirects=False,
                    timeout=TIMEOUT_SECONDS,
                )
                _ = response.content  # the whole body is read inside the timing
                return response
            except requests.ConnectionError as failure:
                # The server closed an idle kept-alive connection as this request went out
                # on it: browsers send the request again on a new one, once.
                if attempt == 2 or "Connection aborted" not in str(failure):
                    raise
                self.timings.count("sent again after the server closed an idle connection")
        raise AssertionError("unreachable")

    def page(self, kind: str, url: str, **options) -> tuple[requests.Response, PageParser]:
        response = self.request(kind, "GET", url, **options)
        return response, parse(response.url, response.text)

    def submit(self, kind, form: Form, data: dict[str, str], *, page_url, expect=(302,)):
        return self.request(
            kind, form.method.upper(), form.action, data=data, expect=expect, referer=page_url
        )

    def sign_in(self, email: str, password: str) -> str:
        """Sign in through the form; returns the path of the page it lands on."""
        _, page = self.page("sign in page", "/sign-in")
        form = next(f for f in page.forms if "csrf_token" in f.values())
        data = form.values() | {"email": email, "password": password}
        response = self.submit("sign in", form, data, page_url=self.url("/sign-in"))
        return urlsplit(response.headers["Location"]).path

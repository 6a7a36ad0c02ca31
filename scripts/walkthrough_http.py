"""Checks a running tracker over HTTP as a browser behind the reverse proxy would use it:
/healthz answers, and an account signs in. Used by scripts/production-walkthrough.sh,
and by scripts/walkthrough_evidence.py, which drives the service further with the same
browser.

Usage: walkthrough_http.py BASE_URL EMAIL < PASSWORD

The password is read from standard input, where other users of the machine cannot
see it, as they could on the command line. Standard library only. Cookies are kept
by hand because the session cookie is marked Secure, which a cookie jar would keep
back from a plain-HTTP address; the X-Forwarded-Proto header says the request came
in over HTTPS at the proxy.
"""

from __future__ import annotations

import html
import http.client
import json
import re
import sys
import time
from urllib.parse import urlencode, urlsplit

PROXY_HEADERS = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.10"}


class Browser:
    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.cookies: dict[str, str] = {}

    def fetch(
        self, method: str, path: str, body: bytes | None = None, content_type: str | None = None
    ) -> tuple[http.client.HTTPResponse, bytes]:
        """The response and its body as bytes, exactly as sent (for downloads)."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        headers = dict(PROXY_HEADERS)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = content_type or "application/octet-stream"
            # Over HTTPS, the CSRF check also wants a referrer from the same site.
            headers["Referer"] = f"https://{self.host}:{self.port}{path}"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response, content

    def request(self, method: str, path: str, form: dict | None = None):
        """The response and its body as text; ``form`` is sent URL-encoded."""
        body = urlencode(form).encode() if form is not None else None
        response, content = self.fetch(
            method, path, body, "application/x-www-form-urlencoded" if form is not None else None
        )
        return response, content.decode("utf-8", "replace")


def csrf_token(page: str, name: str = "csrf_token") -> str | None:
    """The CSRF token of the form whose token field is ``name`` (prefixed forms differ)."""
    found = re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]+)"', page)
    return html.unescape(found.group(1)) if found else None


def wait_for_health(browser: Browser, seconds: float = 30) -> dict:
    deadline = time.monotonic() + seconds
    while True:
        try:
            response, text = browser.request("GET", "/healthz")
            if response.status == 200:
                return json.loads(text)
        except OSError:
            pass  # not listening yet
        if time.monotonic() > deadline:
            sys.exit("/healthz did not answer 200 in time")
        time.sleep(0.25)


def sign_in(browser: Browser, email: str, password: str) -> str:
    response, text = browser.request("GET", "/sign-in")
    token = csrf_token(text)
    if response.status != 200 or not token:
        sys.exit(f"The sign-in page did not load: {response.status}")
    form = {"csrf_token": token, "email": email, "password": password}
    response, _ = browser.request("POST", "/sign-in", form)
    if response.status != 302:
        sys.exit(f"Signing in was not accepted: {response.status}")
    home = urlsplit(response.headers["Location"]).path
    response, text = browser.request("GET", home)
    if response.status != 200 or "Sign out" not in text:
        sys.exit(f"After signing in, {home} answered {response.status} without a sign-out button")
    return home


def main() -> None:
    base_url, email = sys.argv[1:3]
    password = sys.stdin.readline().rstrip("\n")
    browser = Browser(base_url)
    health = wait_for_health(browser)
    print(f"/healthz: {health}")
    home = sign_in(browser, email, password)
    print(f"Signed in as {email}; {home} shows the sign-out button")


if __name__ == "__main__":
    main()

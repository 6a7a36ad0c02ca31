"""Checks a running tracker over HTTP as a browser behind the reverse proxy would use it:
/healthz answers, and an account signs in. Used by scripts/production-walkthrough.sh.

Usage: walkthrough_http.py BASE_URL EMAIL PASSWORD

Standard library only. Cookies are kept by hand because the session cookie is
marked Secure, which a cookie jar would keep back from a plain-HTTP address;
the X-Forwarded-Proto header says the request came in over HTTPS at the proxy.
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

    def request(self, method: str, path: str, form: dict | None = None):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        headers = dict(PROXY_HEADERS)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            # Over HTTPS, the CSRF check also wants a referrer from the same site.
            headers["Referer"] = f"https://{self.host}:{self.port}{path}"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response, text


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
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', text)
    if response.status != 200 or not token:
        sys.exit(f"The sign-in page did not load: {response.status}")
    form = {"csrf_token": html.unescape(token.group(1)), "email": email, "password": password}
    response, _ = browser.request("POST", "/sign-in", form)
    if response.status != 302:
        sys.exit(f"Signing in was not accepted: {response.status}")
    home = urlsplit(response.headers["Location"]).path
    response, text = browser.request("GET", home)
    if response.status != 200 or "Sign out" not in text:
        sys.exit(f"After signing in, {home} answered {response.status} without a sign-out button")
    return home


def main() -> None:
    base_url, email, password = sys.argv[1:4]
    browser = Browser(base_url)
    health = wait_for_health(browser)
    print(f"/healthz: {health}")
    home = sign_in(browser, email, password)
    print(f"Signed in as {email}; {home} shows the sign-out button")


if __name__ == "__main__":
    main()

"""Security headers on every response: a Content-Security-Policy with a fresh nonce per
request, and the headers that stop sniffing, framing and leaking addresses.

The policy allows scripts and styles only from the service itself, or inline when they
carry the request's nonce (the GOV.UK template's one-line script that marks the page as
having JavaScript, and the report preview's stylesheet). Nothing is framed, no plugin
runs, and forms post only back to the service. HSTS is sent in production only, where
the service is always behind TLS: sending it from a developer's machine would pin
localhost to HTTPS.
"""

from __future__ import annotations

import secrets

from flask import Flask, Response, current_app, request

NONCE_BYTES = 18  # 24 characters of base64: well above the 128 bits CSP asks for
NONCE_KEY = "tracker.csp_nonce"


def csp_nonce() -> str:
    """The nonce of this request, made on first use. Kept in the request's environment,
    which belongs to one request whatever application context it runs in."""
    environ = request.environ
    if NONCE_KEY not in environ:
        environ[NONCE_KEY] = secrets.token_urlsafe(NONCE_BYTES)
    return environ[NONCE_KEY]


def content_security_policy(nonce: str) -> str:
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            f"style-src 'self' 'nonce-{nonce}'",
            # Charts in reports are SVG images in data: addresses.
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


def _add_headers(response: Response) -> Response:
    headers = response.headers
    headers["Content-Security-Policy"] = content_security_policy(csp_nonce())
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "same-origin"
    headers["X-Frame-Options"] = "DENY"  # for browsers that predate frame-ancestors
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
    hsts = current_hsts()
    if hsts:
        headers["Strict-Transport-Security"] = hsts
    if not request.path.startswith("/static/"):
        # Pages hold records, or show back what someone typed (a form refused after the
        # session ended): no cache may keep them. Styles and scripts may be cached.
        headers.setdefault("Cache-Control", "no-store")
    return response


def current_hsts() -> str | None:
    seconds = current_app.config.get("HSTS_SECONDS", 0)
    return f"max-age={seconds}; includeSubDomains" if seconds else None


def init_security(app: Flask) -> None:
    app.after_request(_add_headers)
    # The GOV.UK page template puts this nonce on its inline script.
    app.context_processor(lambda: {"cspNonce": csp_nonce()})

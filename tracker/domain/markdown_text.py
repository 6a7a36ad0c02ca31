"""Markdown to safe HTML: rendered, then sanitised so no script survives."""

from __future__ import annotations

import re

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "a",
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}
GOVUK_CLASSES = {
    "p": "govuk-body",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "a": "govuk-link",
    "h2": "govuk-heading-m",
    "h3": "govuk-heading-s",
    "h4": "govuk-heading-s",
}


def render_markdown(text: str) -> str:
    """Render Markdown with GOV.UK typography classes, allowing only safe HTML.

    Raw HTML in the source is escaped by the sanitiser rather than passed
    through; links may only use http, https and mailto.
    """
    html = markdown_lib.markdown(text or "", extensions=["sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return _add_govuk_classes(clean)


def _add_govuk_classes(html: str) -> str:
    # The sanitiser has removed every class attribute, so plain replacement is safe.
    for tag, classes in GOVUK_CLASSES.items():
        html = re.sub(rf"<{tag}(?=[\s>])", f'<{tag} class="{classes}"', html)
    return html

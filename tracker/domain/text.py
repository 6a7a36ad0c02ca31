"""Text helpers for the strategy's wording."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_WHITESPACE = re.compile(r"\s+")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def normalise_whitespace(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        self.parts.append(" ")


def strip_html(text: str) -> str:
    """Drop HTML tags, keep their words, collapse whitespace."""
    parser = _TextOnly()
    parser.feed(text)
    parser.close()
    return normalise_whitespace("".join(parser.parts))


def slugify(text: str) -> str:
    """Lower-case words joined by hyphens: "East and Purbeck" -> "east-and-purbeck"."""
    return _NOT_SLUG.sub("-", text.lower()).strip("-")


def run_in_sub_items(text: str, sub_items: list[str]) -> str:
    """The text as the document prints it, with a numbered sub-list run in.

    P2/008 reads "...good attendance: 1. Universal (...) 2. Enhanced (...) 3. Specific (...)."
    """
    if not sub_items:
        return text
    numbered = " ".join(f"{n}. {item}" for n, item in enumerate(sub_items, start=1))
    return f"{text} {numbered}"

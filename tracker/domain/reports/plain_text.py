"""Owners' Markdown as plain text, for formats that do not render Markdown.

Links keep their address in brackets, so a printed or pasted report still says where the
evidence is; paragraphs and list items become separate lines.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser

import markdown as markdown_lib

_BLOCKS = {"p", "li", "br", "h1", "h2", "h3", "h4", "blockquote", "pre", "tr"}
_SPACES = re.compile(r"[ \t]+")


class _PlainText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str | None] = []
        self.link_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "a":
            self.links.append(dict(attrs).get("href"))
            self.link_text = []
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.links:
            href = self.links.pop()
            shown = "".join(self.link_text).strip()
            if href and href != shown and not href.startswith("mailto:" + shown):
                self.parts.append(f" ({href})")
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)
        if self.links:
            self.link_text.append(data)


_CONVERTER = markdown_lib.Markdown(extensions=["sane_lists"])


@lru_cache(maxsize=4096)
def plain_text(source: str) -> str:
    """Markdown to readable text: "[Guidance](https://x)" becomes "Guidance (https://x)".

    Cached: a report repeats the same passages in several places and formats.
    """
    if not source or not source.strip():
        return ""
    parser = _PlainText()
    parser.feed(_CONVERTER.reset().convert(source))
    parser.close()
    lines = [_SPACES.sub(" ", line).strip() for line in "".join(parser.parts).splitlines()]
    return "\n".join(line for line in lines if line)

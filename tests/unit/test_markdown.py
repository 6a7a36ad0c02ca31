"""Markdown is rendered with GOV.UK classes and sanitised: no script survives."""

from __future__ import annotations

import pytest

from tracker.domain.markdown_text import render_markdown


def test_renders_paragraphs_lists_and_links_with_govuk_classes():
    html = render_markdown("Some **bold** text.\n\n- one\n- two\n\n[Guide](https://example.org)")
    assert '<p class="govuk-body">Some <strong>bold</strong> text.</p>' in html
    assert '<ul class="govuk-list govuk-list--bullet">' in html
    assert '<a class="govuk-link" href="https://example.org"' in html
    assert 'rel="noopener noreferrer"' in html


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        '<p onclick="alert(1)">x</p>',
        "<iframe src=https://evil.example></iframe>",
        "[x](JaVaScRiPt:alert(1))",
        '<svg onload="alert(1)">',
    ],
)
def test_hostile_markup_is_neutralised(hostile):
    html = render_markdown(hostile).lower()
    assert "<script" not in html
    assert "onerror" not in html and "onclick" not in html and "onload" not in html
    assert "javascript:" not in html
    assert "<iframe" not in html and "<img" not in html and "<svg" not in html


def test_empty_text_renders_nothing():
    assert render_markdown("") == ""

"""Markdown: for pasting a report into other papers."""

from __future__ import annotations

from tracker.domain.reports.layout import (
    BulletList,
    Cell,
    Chart,
    Details,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    Table,
)


def _inline(text: str) -> str:
    """One line, with Markdown's table and emphasis characters escaped, and no raw HTML:
    a paper this is pasted into may render tags."""
    flat = " / ".join(part.strip() for part in text.splitlines() if part.strip())
    for character in ("\\", "|", "*", "_", "`"):
        flat = flat.replace(character, "\\" + character)
    return flat.replace("<", "&lt;")


def _table(table: Table) -> list[str]:
    def line(cells) -> str:
        return "| " + " | ".join(cells) + " |"

    align = ["---:" if table.is_numeric(i) else "---" for i in range(len(table.columns))]
    lines = [
        f"**{_inline(table.caption)}**",
        "",
        line(_inline(c) for c in table.columns),
        line(align),
    ]
    lines += [line(_inline(cell.text) for cell in row) for row in table.rows]
    if not table.rows:
        lines.append(line(["None"] + [""] * (len(table.columns) - 1)))
    return lines


def _details(details: Details, level: int) -> list[str]:
    lines = [f"{'#' * min(level, 6)} {_inline(details.title)}", ""]
    for label, cell in details.entries:
        lines += [f"**{label}:** {_text(cell)}", ""]
    return lines


def _text(cell: Cell) -> str:
    return "  \n".join(_inline(line) for line in cell.text.splitlines()) or ""


def _chart(chart: Chart) -> list[str]:
    return [f"*Chart: {_inline(chart.title)}.* {_inline(chart.alt)}"]


def render_markdown(document: Document) -> bytes:
    cover = document.cover
    lines = [
        f"# {_inline(document.title)}",
        "",
        f"**{cover.marking}**",
        "",
        f"- Board: {_inline(cover.board)}",
        f"- Period: {_inline(cover.period)}",
        f"- Date: {cover.prepared_label}",
        f"- Presented by: {_inline(cover.presenter)}",
        f"- {cover.version_label}",
        "",
    ]
    if document.contents:
        lines += ["## Contents", ""]
        lines += [f"- [{_inline(h.text)}](#{h.anchor})" for h in document.contents]
        lines.append("")
    level = 2
    for block in document.blocks:
        if isinstance(block, Heading):
            level = block.level + 1
            anchor = f' <a id="{block.anchor}"></a>' if block.anchor else ""
            lines += [f"{'#' * level} {_inline(block.text)}{anchor}", ""]
        elif isinstance(block, Paragraph):
            text = _inline(block.text)
            lines += [f"*{text}*" if block.emphasis else text, ""]
        elif isinstance(block, BulletList):
            lines += [f"- {_inline(item)}" for item in block.items] + [""]
        elif isinstance(block, Table):
            lines += [*_table(block), ""]
        elif isinstance(block, Chart):
            lines += [*_chart(block), ""]
        elif isinstance(block, Details):
            lines += _details(block, level + 1)
        elif isinstance(block, PageBreak):
            continue
    lines += ["---", "", f"**{cover.marking}**", ""]
    return "\n".join(lines).encode("utf-8")

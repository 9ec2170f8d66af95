"""Markdown (and plain text) into sections, with markdown-it-py's CommonMark parser and its
table extension. Inline code keeps its backticks (a command quoted in a sentence is still a
command); images give their alt text and title; HTML blocks (`<p align="center"><img alt=...>`,
common at the top of READMEs) give their text and image alt text through `html.parser`."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from markdown_it import MarkdownIt
from markdown_it.token import Token

from handoff.checks.doc.documents import BlockKind, Section, SectionBuilder

_PARSER = MarkdownIt("commonmark").enable("table")
# A heading element in an HTML block.
_HTML_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.I | re.S)


def read(text: str) -> list[Section]:
    builder = SectionBuilder()
    tokens = _PARSER.parse(text)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        line = token.map[0] + 1 if token.map else 1
        if token.type == "heading_open":
            builder.heading(int(token.tag[1:]), _inline(tokens[index + 1], builder, line), line)
            index += 3
            continue
        if token.type == "inline":
            builder.add(BlockKind.TEXT, _inline(token, builder, line), line)
        elif token.type in ("fence", "code_block"):
            # A fence's content starts on the line after its opening ``` line.
            first = line + 1 if token.type == "fence" else line
            builder.add(BlockKind.CODE, token.content, first, token.info.strip().lower())
        elif token.type == "html_block":
            _html_block(token.content, builder, line)
        elif token.type == "table_open":
            index = _table(tokens, index, builder)
            continue
        index += 1
    return builder.finish()


def _inline(token: Token, builder: SectionBuilder, line: int) -> str:
    """The text of an inline token; its images become IMAGE blocks on the way."""
    parts: list[str] = []
    for child in token.children or ():
        if child.type == "text":
            parts.append(child.content)
        elif child.type == "code_inline":
            parts.append(f"`{child.content}`")
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            title = str(child.attrs.get("title") or "")
            builder.add(BlockKind.IMAGE, " ".join(t for t in (child.content, title) if t), line)
        elif child.type == "html_inline":
            _html(child.content, builder, line, inline=parts)
    return "".join(parts)


def _table(tokens: list[Token], index: int, builder: SectionBuilder) -> int:
    """Read the table starting at `index`; the index after it."""
    header: list[str] = []
    rows: list[tuple[int, list[str]]] = []
    in_head = False
    while index < len(tokens) and tokens[index].type != "table_close":
        token = tokens[index]
        if token.type == "thead_open":
            in_head = True
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "tr_open" and not in_head:
            rows.append(((token.map[0] + 1) if token.map else 1, []))
        elif token.type == "inline":
            line = token.map[0] + 1 if token.map else 1
            cell = _inline(token, builder, line).strip()
            (header if in_head else rows[-1][1]).append(cell)
        index += 1
    builder.table(header, rows)
    return index + 1


class _HtmlText(HTMLParser):
    """The visible text of an HTML fragment and the alt text and title of its images."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.images: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            values = dict(attrs)
            words = [values.get("alt") or "", values.get("title") or ""]
            self.images.append(" ".join(w for w in words if w))
        elif tag in ("br", "p", "div", "li", "tr"):
            self.text.append("\n")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _html_block(fragment: str, builder: SectionBuilder, line: int) -> None:
    """An HTML block: its heading elements (`<h2 align="center">Quick start</h2>`) are
    headings like `## ...`, the rest is text."""
    start = 0
    for heading in _HTML_HEADING.finditer(fragment):
        before = fragment[start : heading.start()]
        if before.strip():
            _html(before, builder, line)
        at = line + fragment.count("\n", 0, heading.start())
        builder.heading(int(heading.group(1)), _html_text(heading.group(2)), at)
        start = heading.end()
    rest = fragment[start:]
    if rest.strip() or not start:
        _html(rest, builder, line + fragment.count("\n", 0, start))


def _html_text(fragment: str) -> str:
    parser = _HtmlText()
    parser.feed(fragment)
    parser.close()
    return " ".join("".join(parser.text).split())


def _html(fragment: str, builder: SectionBuilder, line: int, inline: list[str] | None = None):
    parser = _HtmlText()
    parser.feed(fragment)
    parser.close()
    for alt in parser.images:
        builder.add(BlockKind.IMAGE, alt, line)
    text = "".join(parser.text)
    if inline is not None:
        inline.append(text)
    else:
        builder.add(BlockKind.TEXT, text, line)

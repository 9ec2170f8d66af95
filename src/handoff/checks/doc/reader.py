"""Read one documentation file into sections, whatever its markup."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from handoff.checks.doc import markdown, rst
from handoff.checks.doc.documents import (
    BlockKind,
    Document,
    Section,
    SectionBuilder,
    links_in,
    split_front_matter,
)


def read_document(path: str, text: str) -> Document:
    """The document at `path` (relative, POSIX) with this text; never raises on bad markup (a
    file the parser cannot read is kept as plain paragraphs)."""
    front_matter, body = split_front_matter(text)
    reader = rst.read if PurePosixPath(path).suffix.lower() == ".rst" else markdown.read
    try:
        sections = reader(body)
    except Exception:  # pylint: disable=broad-exception-caught  # a parser bug or odd markup
        sections = _plain(body)
    return Document(path, sections, front_matter, links_in(body))


def _plain(text: str) -> list[Section]:
    builder = SectionBuilder()
    line = 1
    for paragraph in re.split(r"\n\s*\n", text):
        builder.add(BlockKind.TEXT, paragraph, line)
        line += paragraph.count("\n") + 2
    return builder.finish()

"""A documentation file as the DOC rules read it: sections (a heading trail and its body), and
in each body the blocks a reader sees: prose, code blocks, table rows, image alt text and
captions. Markdown is read with markdown-it-py (`markdown.py`), reStructuredText with docutils
(`rst.py`), plain text as Markdown (a `README.txt` with `====` underlines has setext headings).
A Hugging Face model card's YAML front matter is split off first and read with PyYAML.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from typing import Any

import yaml


class BlockKind(str, enum.Enum):
    """What a block of a section body is."""

    TEXT = "text"  # a paragraph, a list item, a definition, text of an HTML block
    CODE = "code"  # a fenced, indented or literal block: commands, snippets, example output
    TABLE = "table"  # one body row, each cell prefixed by its column header
    IMAGE = "image"  # alt text, title or caption of an image or figure


@dataclass(frozen=True)
class Block:
    """One block of a section body, where it starts in the file."""

    kind: BlockKind
    text: str
    line: int
    language: str = ""  # a code block's info string (`bash`, `python`, `json`)


@dataclass
class Section:
    """A heading and what follows it up to the next heading. `titles` is the trail of
    headings from the outermost down to this one; the text before the first heading is a
    section with no titles."""

    titles: tuple[str, ...]
    line: int
    blocks: list[Block] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.titles[-1] if self.titles else ""


@dataclass
class Document:
    """One documentation file, read."""

    path: str
    sections: list[Section]
    front_matter: dict[str, Any] = field(default_factory=dict)
    links: list[str] = field(default_factory=list)  # every http(s) address, link targets too

    @property
    def is_model_card(self) -> bool:
        """A Hugging Face card: its front matter holds card metadata."""
        return bool(self.front_matter)


class SectionBuilder:
    """Collects blocks into sections as a reader meets headings, in order."""

    def __init__(self) -> None:
        self._sections: list[Section] = [Section((), 1)]
        self._open: list[tuple[int, str]] = []  # (level, title) of the headings above
        self._levels: list[int] = []

    def heading(self, level: int, title: str, line: int) -> None:
        while self._open and self._open[-1][0] >= level:
            self._open.pop()
        self._open.append((level, title.strip()))
        self._levels.append(level)
        self._sections.append(Section(tuple(t for _, t in self._open), line))

    def finish(self) -> list[Section]:
        """The sections read; a document title (a first heading of level 1, the only one) names
        the project, not a part, so it is left out of every trail: "BERT fine-tuned for NER"
        does not make the whole README about training."""
        levels = self._levels
        if levels and levels[0] == 1 and levels.count(1) == 1:
            for section in self._sections[1:]:
                section.titles = section.titles[1:]
        return self._sections

    def add(self, kind: BlockKind, text: str, line: int, language: str = "") -> None:
        text = text.strip("\n")
        if text.strip():
            self._sections[-1].blocks.append(Block(kind, text, line, language))

    def table(self, header: list[str], rows: list[tuple[int, list[str]]]) -> None:
        """One TABLE block per body row: `header: cell | header: cell`, so a figure keeps the
        unit its column names (`Latency (ms): 12.3`)."""
        for line, cells in rows:
            parts = [
                f"{name}: {cell}" if name else cell
                for name, cell in zip(header + [""] * len(cells), cells)
                if cell.strip()
            ]
            self.add(BlockKind.TABLE, " | ".join(parts), line)


_URL = re.compile(r"https?://[^\s<>()\[\]\"'`]+")


def links_in(text: str) -> list[str]:
    """The web addresses a file names, in any markup (a Markdown or rst link target, a bare
    URL): the rendered blocks keep only the link text."""
    return [url.rstrip(".,;:") for url in _URL.findall(text)]


# `---` YAML `---` (or `...`) at the very top of the file.
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """The card metadata and the text without it (blank lines in its place, so line numbers
    stay those of the file). Front matter that is not a YAML mapping is left as text."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}, text
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}, text
    if not isinstance(data, dict):
        return {}, text
    blank = "\n" * match.group(0).count("\n")
    return data, blank + text[match.end() :]

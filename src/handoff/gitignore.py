"""git's ignore rules, read the way git reads them, for when git itself cannot be asked (an
exported archive, a copied folder, no git binary).

pathspec's GitIgnoreSpec matches a pattern against a path *and every folder above it*, so
`!*/` re-includes `src/Makefile` and `*` prunes a folder that `!*/` re-includes. git instead
decides folder by folder from the top: an ignored folder is never entered, and inside a
folder that is not ignored each pattern is matched against the entry itself only. This
module does the same, with git's wildmatch (`*`, `?`, `[...]`, `**`) and its precedence:
the last matching pattern wins, a deeper `.gitignore` beats a shallower one, and both beat
`.git/info/exclude`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

_CLASSES = {
    "alnum": "a-zA-Z0-9",
    "alpha": "a-zA-Z",
    "blank": " \\t",
    "cntrl": "\\x00-\\x1f\\x7f",
    "digit": "0-9",
    "graph": "\\x21-\\x7e",
    "lower": "a-z",
    "print": "\\x20-\\x7e",
    "punct": "!-/:-@\\[-`{-~",
    "space": " \\t\\n\\r\\f\\v",
    "upper": "A-Z",
    "xdigit": "0-9A-Fa-f",
}


class _NeverMatches(Exception):
    """A pattern git gives up on (an unterminated `[`, a trailing backslash)."""


def _char_at(pattern: str, i: int) -> tuple[str, int]:
    """The character at `i` (a backslash escapes the next one) and the index after it."""
    if pattern[i] == "\\":
        i += 1
    if i >= len(pattern):
        raise _NeverMatches
    return pattern[i], i + 1


def _named_class(pattern: str, i: int) -> tuple[str, int] | None:
    """`[:digit:]` at `i`: its regex and the index after it; None when it is not one."""
    close = pattern.find("]", i + 2)
    if close < 0:
        raise _NeverMatches
    if pattern[close - 1] != ":" or close - 1 < i + 2:
        return None  # git reads a plain `[`
    name = pattern[i + 2 : close - 1]
    if name not in _CLASSES:
        raise _NeverMatches
    return _CLASSES[name], close + 1


def _bracket(pattern: str, start: int) -> tuple[str, int]:
    """The regex for the `[...]` set opening at `start`, and the index after its `]`."""
    i = start + 1
    negated = i < len(pattern) and pattern[i] in "!^"
    i += negated
    items: list[str] = []
    previous: str | None = None  # the last single character: a range may start there
    while i == start + 1 + negated or pattern[i : i + 1] != "]":  # `]` first is a member
        if i >= len(pattern):
            raise _NeverMatches
        named = _named_class(pattern, i) if pattern.startswith("[:", i) else None
        if named is not None:
            items.append(named[0])
            i, previous = named[1], None
        elif pattern[i] == "-" and previous and pattern[i + 1 : i + 2] not in ("", "]"):
            end, i = _char_at(pattern, i + 1)
            items.pop()
            if previous <= end:  # git matches nothing for a reversed range
                items.append(f"{re.escape(previous)}-{re.escape(end)}")
            previous = None
        else:
            previous, i = _char_at(pattern, i)
            items.append(re.escape(previous))
    chars = "".join(items)
    if negated:
        return f"[^/{chars}]", i + 1
    # A set never matches `/` in git's pathname mode.
    return f"(?!/)[{chars}]", i + 1


def wildmatch_regex(pattern: str) -> str:
    """git's wildmatch with WM_PATHNAME as a regex: `*`, `?` and `[...]` stop at `/`; `**`
    between slashes (or at either end) crosses them, and `**/` may match no folder at all."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "*":
            j = i
            while j < len(pattern) and pattern[j] == "*":
                j += 1
            bounded = (i == 0 or pattern[i - 1] == "/") and (j == len(pattern) or pattern[j] == "/")
            if j - i >= 2 and bounded:
                if j == len(pattern):
                    out.append(".*")
                else:
                    out.append("(?:.*/)?")
                    j += 1  # the slash belongs to `**/`
            else:
                out.append("[^/]*")
            i = j
        elif char == "?":
            out.append("[^/]")
            i += 1
        elif char == "[":
            regex, i = _bracket(pattern, i)
            out.append(regex)
        elif char == "\\":
            if i + 1 >= len(pattern):
                raise _NeverMatches
            out.append(re.escape(pattern[i + 1]))
            i += 2
        else:
            out.append(re.escape(char))
            i += 1
    return "".join(out)


@dataclass(frozen=True)
class IgnorePattern:
    """One line of an ignore file."""

    regex: re.Pattern[str] | None  # None: git never matches this pattern
    negative: bool
    dir_only: bool  # written with a trailing `/`
    basename_only: bool  # no `/` save a trailing one: matches the name at any depth

    def matches(self, relpath: str, is_dir: bool) -> bool:
        """`relpath` is relative to the folder holding the ignore file."""
        if self.regex is None or (self.dir_only and not is_dir):
            return False
        target = relpath.rsplit("/", 1)[-1] if self.basename_only else relpath
        return self.regex.fullmatch(target) is not None


def _trim_trailing_spaces(line: str) -> str:
    """Trailing spaces go unless escaped with a backslash (tabs stay, as in git)."""
    end = len(line)
    while end > 0 and line[end - 1] == " ":
        backslashes = len(line[: end - 1]) - len(line[: end - 1].rstrip("\\"))
        if backslashes % 2:
            break
        end -= 1
    return line[:end]


def parse_line(line: str) -> IgnorePattern | None:
    """The pattern on one line, or None for a blank line or a comment."""
    if not line or line.startswith("#"):
        return None
    line = _trim_trailing_spaces(line)
    negative = line.startswith("!")
    if negative:
        line = line[1:]
    dir_only = line.endswith("/")
    if dir_only:
        line = line[:-1]
    if not line:
        return None
    basename_only = "/" not in line
    try:
        regex: re.Pattern[str] | None = re.compile(wildmatch_regex(line.removeprefix("/")), re.S)
    except _NeverMatches:
        regex = None
    return IgnorePattern(regex, negative, dir_only, basename_only)


def read_ignore_file(path: Path) -> list[IgnorePattern]:
    """The patterns of an ignore file; an unreadable or missing file has none. Lines are split
    on LF only (a CR before it is dropped) and bytes that are not UTF-8 are kept as the
    file system keeps them, so a pattern still matches the name it was written for."""
    try:
        data = path.read_bytes()
    except OSError:
        return []
    text = os.fsdecode(data.removeprefix(b"\xef\xbb\xbf"))
    patterns = []
    for line in text.split("\n"):
        pattern = parse_line(line.removesuffix("\r"))
        if pattern is not None:
            patterns.append(pattern)
    return patterns


class IgnoreStack:
    """The ignore files that apply inside one folder of a walk, shallowest first. `base` of
    each entry is the POSIX path of the folder holding the file, relative to the walk's
    base ('' for the base itself)."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, list[IgnorePattern]]] = []

    def push(self, base: str, patterns: list[IgnorePattern]) -> int:
        """Add a file's patterns; returns the mark to `pop` back to."""
        mark = len(self.entries)
        if patterns:
            self.entries.append((base, patterns))
        return mark

    def pop(self, mark: int) -> None:
        del self.entries[mark:]

    def ignored(self, relpath: str, is_dir: bool) -> bool:
        """Whether git ignores `relpath` (relative to the walk's base), given that no folder
        above it is ignored: the last matching pattern of the deepest file that has one."""
        for base, patterns in reversed(self.entries):
            if base:
                if not relpath.startswith(base + "/"):
                    continue
                inner = relpath[len(base) + 1 :]
            else:
                inner = relpath
            for pattern in reversed(patterns):
                if pattern.matches(inner, is_dir):
                    return not pattern.negative
        return False

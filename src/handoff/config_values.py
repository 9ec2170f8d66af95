"""The string values of a committed config file, each with its key path and position.

Rules that look inside config files (machine paths, endpoints, credentials) need the values,
not the syntax: `data: {root: "/mnt/x"}` and `root = '/mnt/x'` are the same finding. This
module reads YAML, JSON, TOML, INI, HCL (Terraform) and `.env` text and yields every string
value with its key path, 1-based line and column.

Config files in research repos are often broken (a Jinja template, a JSON file with comments,
half-edited YAML). An invalid file never raises: it is read line by line instead, which
still finds `key: value` pairs and quoted strings at their true positions.

(A little over 400 lines: five small readers that share one item type and one fallback; split
apart they would only import each other.)
"""

from __future__ import annotations

import base64
import binascii
import bisect
import functools
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Iterator, NamedTuple

import yaml

from handoff.yaml_nodes import compose_all

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

Key = tuple[str | int, ...]


class ConfigValue(NamedTuple):
    """One string value. `key` is its path from the document root (list items by index);
    `line`/`column` are 1-based and point at the value's first character (inside its quotes,
    if it has any)."""

    key: Key
    value: str
    line: int
    column: int


@dataclass
class _Item:
    """A value and the physical lines it spans (a YAML block scalar, a TOML multi-line
    string, an INI continuation), each piece with its own position."""

    key: Key
    value: str
    line: int
    column: int
    pieces: list[ConfigValue] = field(default_factory=list)


_FORMATS = {
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
    ".jsonc": "json",
    ".toml": "toml",
    ".ini": "ini",
    ".cfg": "ini",
    ".conf": "ini",
    ".properties": "ini",
    ".env": "env",
    ".tf": "hcl",
    ".tfvars": "hcl",
    ".hcl": "hcl",
}


def config_format(filename: str) -> str | None:
    """`yaml`, `json`, `toml`, `ini`, `hcl` or `env` by the file's name; None for other
    files."""
    path = PurePath(filename)
    name = path.name.lower()
    if name == ".env" or name.startswith(".env.") or name.endswith(".env"):
        return "env"
    if name == "pipfile":
        return "toml"
    return _FORMATS.get(path.suffix.lower())


def config_values(text: str, filename: str) -> Iterator[ConfigValue]:
    """Every string value of the file, once, positioned at its start."""
    for item in _items(text, filename):
        yield ConfigValue(item.key, item.value, item.line, item.column)


def config_value_lines(text: str, filename: str) -> Iterator[ConfigValue]:
    """Like `config_values`, but a value that spans several lines comes as one piece per
    line, each at its own position: what a rule that reports a line needs."""
    for item in _items(text, filename):
        if item.pieces:
            yield from item.pieces
        else:
            yield ConfigValue(item.key, item.value, item.line, item.column)


def _items(text: str, filename: str) -> Iterator[_Item]:
    return iter(_parsed(text, config_format(filename) or ""))


# The families that read a config file's values (SEC's context and credentials, PATH) each
# ask for them: the last few files' values are kept, so each file is parsed once.
@functools.lru_cache(maxsize=4)
def _parsed(text: str, fmt: str) -> tuple[_Item, ...]:
    parser = _PARSERS.get(fmt)
    if parser is None:
        return ()
    try:
        return tuple(parser(text))
    except (ValueError, yaml.YAMLError, RecursionError):
        # JSONDecodeError and TOMLDecodeError are ValueErrors.
        return tuple(_line_items(text, fmt))


# --- YAML ----------------------------------------------------------------------------------

_YAML_STR = "tag:yaml.org,2002:str"


def _yaml_items(text: str) -> Iterator[_Item]:
    # compose, not load: no object is constructed, unknown tags (`!Ref`) are fine, and every
    # node keeps its marks.
    # Nodes seen, kept alive: an id is unique only while its object lives, and an earlier
    # document's nodes would otherwise be freed and their ids reused by a later one's.
    seen: dict[int, yaml.Node] = {}
    for document in compose_all(text):
        if document is not None:
            yield from _yaml_node(document, (), text, seen)


def _yaml_node(node: yaml.Node, key: Key, text: str, seen: dict[int, yaml.Node]) -> Iterator[_Item]:
    if id(node) in seen:  # an alias: its anchor was yielded where it is written
        return
    seen[id(node)] = node
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
            yield from _yaml_node(value_node, (*key, str(name)), text, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            yield from _yaml_node(child, (*key, index), text, seen)
    elif isinstance(node, yaml.ScalarNode) and (
        node.tag == _YAML_STR or not node.tag.startswith("tag:yaml.org,2002:")
    ):
        yield _yaml_scalar(node, key, text)


def _yaml_scalar(node: yaml.ScalarNode, key: Key, text: str) -> _Item:
    start, end = node.start_mark, node.end_mark
    quoted = 1 if node.style in ('"', "'") else 0
    # A tag or an anchor (`!Ref /x`, `&a /x`) is part of the node's span, not of the value.
    prefix = re.match(r"(?:[!&]\S*[ \t]+)*", text[start.index : start.index + 200])
    skip = prefix.end() if prefix and "\n" not in prefix.group(0) else 0
    item = _Item(key, node.value, start.line + 1, start.column + 1 + skip + quoted)
    if node.style not in ("|", ">") and start.line == end.line:
        item.pieces = [ConfigValue(key, node.value, item.line, item.column)]
        return item
    raw_lines = text[start.index : end.index].split("\n")
    first = 0
    if node.style in ("|", ">"):
        first = 1  # the `|` indicator line holds no content
    for offset, raw in enumerate(raw_lines[first:], start=first):
        content = raw.strip().strip("\"'") if node.style in ('"', "'") else raw.strip()
        if not content:
            continue
        indent = len(raw) - len(raw.lstrip())
        column = (start.column if offset == 0 else 0) + indent + 1
        if node.style in ('"', "'") and raw.lstrip()[:1] in ('"', "'"):
            column += 1
        item.pieces.append(ConfigValue(key, content, start.line + 1 + offset, column))
    return item


_YAML_BINARY = "tag:yaml.org,2002:binary"


class BinaryValue(NamedTuple):
    """A base64 YAML scalar that decodes to text: `value` is the decoded text, `raw` the
    base64 as written (what a report masks on the shown line), `encoding` what made it
    base64 (a `!!binary` tag, a Kubernetes Secret's `data`)."""

    key: Key
    value: str
    raw: str
    line: int
    column: int
    encoding: str = "`!!binary`"


def yaml_decoded_values(text: str) -> Iterator[BinaryValue]:
    """The YAML values that are base64 by definition, decoded: `!!binary` scalars and the
    values under a Kubernetes Secret's `data:`."""
    yield from yaml_binary_values(text)
    yield from kubernetes_secret_values(text)


def _decoded_text(raw: str) -> str | None:
    """Base64 that decodes to one line of printable text (`echo pw | base64` adds a newline),
    else None."""
    try:
        decoded = base64.b64decode(raw, validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    decoded = decoded.rstrip("\r\n")
    return decoded if decoded and decoded.isprintable() else None


_KIND_SECRET = re.compile(r"^kind:\s*['\"]?Secret['\"]?\s*$", re.M)


def kubernetes_secret_values(text: str) -> Iterator[BinaryValue]:
    """The `data:` values of every `kind: Secret` document, decoded: Kubernetes stores them
    base64-encoded, which hides nothing from a reader (`stringData:` is plain text and read
    as any value). Values that are not text (a keystore) and invalid YAML yield nothing."""
    if not _KIND_SECRET.search(text):
        return
    documents = _yaml_documents(text)
    for document in documents:
        if not isinstance(document, yaml.MappingNode):
            continue
        fields = {k.value: v for k, v in document.value if isinstance(k, yaml.ScalarNode)}
        kind, data = fields.get("kind"), fields.get("data")
        if not (isinstance(kind, yaml.ScalarNode) and kind.value == "Secret"):
            continue
        if not isinstance(data, yaml.MappingNode):
            continue
        for key_node, value_node in data.value:
            if not isinstance(key_node, yaml.ScalarNode) or not isinstance(
                value_node, yaml.ScalarNode
            ):
                continue
            raw = "".join(value_node.value.split())
            decoded = _decoded_text(raw) if raw else None
            if decoded is not None:
                key = ("data", str(key_node.value))
                item = _yaml_scalar(value_node, key, text)
                yield BinaryValue(key, decoded, raw, item.line, item.column, "Secret `data`")


def _yaml_documents(text: str) -> list[yaml.Node]:
    """The composed documents of a YAML text; none when it is not valid YAML."""
    try:
        return list(compose_all(text))
    except (yaml.YAMLError, RecursionError):
        return []


def yaml_binary_values(text: str) -> Iterator[BinaryValue]:
    """Every `!!binary` value of a YAML file whose bytes are printable text (a token, a
    password), decoded: base64 hides nothing from a reader, so a rule must judge what it
    holds. Binary that is not text (an image) and invalid YAML yield nothing."""
    if "!!binary" not in text:
        return
    documents = _yaml_documents(text)
    for document in documents:
        if document is not None:
            yield from _yaml_binary_node(document, (), text)


def _yaml_binary_node(node: yaml.Node, key: Key, text: str) -> Iterator[BinaryValue]:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
            yield from _yaml_binary_node(value_node, (*key, str(name)), text)
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            yield from _yaml_binary_node(child, (*key, index), text)
    elif isinstance(node, yaml.ScalarNode) and node.tag == _YAML_BINARY:
        raw = "".join(node.value.split())
        decoded = _decoded_text(raw)
        if decoded is not None:
            item = _yaml_scalar(node, key, text)
            yield BinaryValue(key, decoded, raw, item.line, item.column)


# --- JSON ----------------------------------------------------------------------------------


class _JsonReader:
    """A small JSON parser that remembers where each string value starts (the json module
    forgets positions). Raises ValueError on anything that is not strict JSON."""

    _NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
    _SPACE = re.compile(r"[ \t\n\r]*")

    def __init__(self, text: str):
        self.text = text
        self.pos = 0
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.items: list[_Item] = []

    def where(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def skip(self) -> None:
        self.pos = self._SPACE.match(self.text, self.pos).end()  # type: ignore[union-attr]

    def read(self) -> list[_Item]:
        self.skip()
        self.value(())
        self.skip()
        if self.pos != len(self.text):
            raise ValueError(f"extra data at offset {self.pos}")
        return self.items

    def string(self) -> str:
        value, self.pos = json.decoder.scanstring(self.text, self.pos + 1)  # type: ignore
        return value

    def value(self, key: Key, depth: int = 0) -> None:
        if depth > 500:
            raise ValueError("nested too deeply")
        char = self.text[self.pos : self.pos + 1]
        if char == "{":
            self.container("}", key, depth, keyed=True)
        elif char == "[":
            self.container("]", key, depth, keyed=False)
        elif char == '"':
            line, column = self.where(self.pos)
            self.items.append(_Item(key, self.string(), line, column + 1))
        else:
            for word in ("true", "false", "null"):
                if self.text.startswith(word, self.pos):
                    self.pos += len(word)
                    return
            match = self._NUMBER.match(self.text, self.pos)
            if not match:
                raise ValueError(f"unexpected {char!r} at offset {self.pos}")
            self.pos = match.end()

    def container(self, close: str, key: Key, depth: int, keyed: bool) -> None:
        self.pos += 1
        self.skip()
        index = 0
        if self.text.startswith(close, self.pos):
            self.pos += 1
            return
        while True:
            child: str | int = index
            if keyed:
                if not self.text.startswith('"', self.pos):
                    raise ValueError(f"expected a key at offset {self.pos}")
                child = self.string()
                self.skip()
                if not self.text.startswith(":", self.pos):
                    raise ValueError(f"expected ':' at offset {self.pos}")
                self.pos += 1
                self.skip()
            self.value((*key, child), depth + 1)
            index += 1
            self.skip()
            char = self.text[self.pos : self.pos + 1]
            self.pos += 1
            if char == close:
                return
            if char != ",":
                raise ValueError(f"expected ',' or {close!r} at offset {self.pos - 1}")
            self.skip()


def _json_items(text: str) -> list[_Item]:
    return _JsonReader(text).read()


# --- TOML, INI, .env and the line-based fallback -------------------------------------------

_TOML_HEADER = re.compile(r"^\s*\[\[?\s*([\w-][^\]]*?)\s*\]\]?\s*(?:#.*)?$")
_TOML_KEY = re.compile(
    r"""^\s*((?:[\w-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[\w-]+|"[^"]*"|'[^']*'))*)\s*="""
)
_TOML_STRING = re.compile(r'"""|\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'')
_INLINE_KEY = re.compile(r"([\w-]+|\"[^\"]*\")\s*=\s*$")


def _split_key(dotted: str) -> Key:
    parts = re.findall(r"\"[^\"]*\"|'[^']*'|[^.\s]+", dotted)
    return tuple(p.strip("\"'") for p in parts)


def _toml_items(text: str) -> Iterator[_Item]:
    tomllib.loads(text)  # validation only: invalid TOML goes to the fallback
    table: Key = ()
    key: Key = ()
    lines = text.splitlines()
    number = 0
    while number < len(lines):
        raw = lines[number]
        number += 1
        header = _TOML_HEADER.match(raw)
        if header and not raw.lstrip().startswith("#"):
            table, key = _split_key(header.group(1)), ()
            continue
        start = 0
        assignment = _TOML_KEY.match(raw)
        if assignment:
            key = table + _split_key(assignment.group(1))
            start = assignment.end()
        for match in _TOML_STRING.finditer(raw, start):
            if "#" in raw[start : match.start()] and _outside_strings(raw, start, match.start()):
                break  # a comment
            sub = _INLINE_KEY.search(raw[start : match.start()])
            where = key + ((sub.group(1).strip('"'),) if sub else ())
            token = match.group(0)
            if token in ('"""', "'''"):
                item, number = _toml_multiline(lines, number - 1, match.end(), token, where)
                yield item
                break
            yield _Item(where, _unquote_basic(token), number, match.start() + 2)


def _outside_strings(raw: str, start: int, end: int) -> bool:
    segment = raw[start:end]
    return segment.count('"') % 2 == 0 and segment.count("'") % 2 == 0


def _unquote_basic(token: str) -> str:
    if token.startswith("'"):
        return token[1:-1]
    try:
        return json.loads(token)
    except ValueError:
        return token[1:-1]


def _toml_multiline(lines: list[str], index: int, offset: int, quote: str, key: Key):
    """The multi-line string opening at lines[index][offset:]; returns it and the index of
    the line after it."""
    item = _Item(key, "", index + 1, offset + 1)
    parts = []
    rest = lines[index][offset:]
    column = offset + 1
    while True:
        end = rest.find(quote)
        piece = rest if end < 0 else rest[:end]
        parts.append(piece)
        if piece.strip():
            indent = len(piece) - len(piece.lstrip())
            item.pieces.append(ConfigValue(key, piece.strip(), index + 1, column + indent))
        if end >= 0 or index + 1 >= len(lines):
            break
        index += 1
        rest, column = lines[index], 1
    item.value = "\n".join(parts).lstrip("\n")
    return item, index + 1


_INI_SECTION = re.compile(r"^\[([^\]]+)\]\s*$")
_INI_PAIR = re.compile(r"^([^=:\s][^=:]*?)\s*[=:]\s*(.*)$")


# Inline comments are not INI syntax for configparser, but tools and people write them.
_INLINE_COMMENT = re.compile(r"\s+[#;]")


def _ini_items(text: str) -> Iterator[_Item]:
    section: Key = ()
    current: _Item | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped or stripped[0] in "#;":
            continue
        if raw[0] in " \t" and current is not None:  # a continuation line
            column = len(raw) - len(raw.lstrip()) + 1
            stripped = _INLINE_COMMENT.split(stripped, maxsplit=1)[0].rstrip()
            current.value += "\n" + stripped
            current.pieces.append(ConfigValue(current.key, stripped, number, column))
            continue
        match = _INI_SECTION.match(stripped)
        if match:
            section, current = (match.group(1).strip(),), None
            continue
        pair = _INI_PAIR.match(raw)
        if not pair or re.search(r"\s", pair.group(1).strip()):
            # Not `key = value` (an nginx or supervisor line): the line is the value.
            current = None
            column = len(raw) - len(raw.lstrip()) + 1
            yield _Item((*section,), stripped, number, column)
            continue
        value = _INLINE_COMMENT.split(pair.group(2), maxsplit=1)[0].rstrip()
        value, column = _unquote_at(value, pair.start(2) + 1)
        current = _Item((*section, pair.group(1).strip()), value, number, column)
        if value:
            current.pieces.append(ConfigValue(current.key, value, number, column))
        yield current


def _unquote_at(value: str, column: int) -> tuple[str, int]:
    """A value without its surrounding quotes, and the column of its first character."""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1], column + 1
    return value, column


_ENV_PAIR = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][\w.-]*)\s*=\s*(.*)$")


def _env_items(text: str) -> Iterator[_Item]:
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw.lstrip().startswith("#"):
            continue
        pair = _ENV_PAIR.match(raw)
        if not pair:
            continue
        value = pair.group(2).rstrip()
        if value[:1] not in "\"'":
            value = re.split(r"\s+#", value, maxsplit=1)[0]
        value, column = _unquote_at(value, pair.start(2) + 1)
        if value:
            yield _Item((pair.group(1),), value, number, column)


# --- HCL (Terraform .tf/.tfvars, Packer, Vault, Nomad) ---------------------------------------

_HCL_BLOCK = re.compile(r'^\s*([\w-]+)((?:\s+(?:"[^"\n]*"|[\w-]+))*)\s*\{')
_HCL_LABEL = re.compile(r'"([^"\n]*)"|([\w-]+)')
_HCL_ASSIGN = re.compile(r'^\s*([\w-]+|"[^"\n]*")\s*[=:]\s*')
_HCL_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_HCL_HEREDOC = re.compile(r"<<-?\s*([A-Za-z_]\w*)\s*$")
_HCL_INLINE_KEY = re.compile(r'([\w-]+|"[^"\n]*")\s*[=:]\s*$')
_HCL_COMMENT = re.compile(r"#|//|/\*")


def _hcl_code(raw: str, in_comment: bool) -> tuple[str, bool]:
    """The line without its comments (`#`, `//`, `/* */`), strings kept, positions kept;
    and whether a block comment is still open after it."""
    out, pos = [], 0
    while pos < len(raw):
        if in_comment:
            end = raw.find("*/", pos)
            if end < 0:
                out.append(" " * (len(raw) - pos))
                return "".join(out), True
            out.append(" " * (end + 2 - pos))
            pos, in_comment = end + 2, False
            continue
        string = _HCL_STRING.search(raw, pos)
        comment = _HCL_COMMENT.search(raw, pos)
        if comment and (not string or comment.start() < string.start()):
            out.append(raw[pos : comment.start()])
            if comment.group(0) != "/*":
                return "".join(out), False
            out.append("  ")
            pos, in_comment = comment.end(), True
            continue
        end = string.end() if string else len(raw)
        out.append(raw[pos:end])
        pos = end
    return "".join(out), in_comment


def _hcl_heredoc(lines: list[str], index: int, marker: str, key: Key) -> tuple[_Item, int]:
    """The heredoc starting at lines[index], up to its `marker` line; returns it, one piece
    per line, and the index of the line after the marker."""
    item = _Item(key, "", index + 1, 1)
    parts = []
    while index < len(lines) and lines[index].strip() != marker:
        raw = lines[index]
        index += 1
        parts.append(raw)
        if raw.strip():
            column = len(raw) - len(raw.lstrip()) + 1
            item.pieces.append(ConfigValue(key, raw.strip(), index, column))
    item.value = "\n".join(parts)
    return item, index + 1


def _hcl_items(text: str) -> Iterator[_Item]:
    """String values of HCL: `key = "value"` attributes, keyed by the blocks around them
    (`variable "db_password" { default = "..." }` is `variable.db_password.default`), objects
    and lists included, and heredocs (`<<EOF`) one piece per line."""
    stack: list[Key] = []  # the key path of each open brace or bracket
    lines = text.splitlines()
    in_comment, number = False, 0
    while number < len(lines):
        code, in_comment = _hcl_code(lines[number], in_comment)
        number += 1
        if not code.strip():
            continue
        line_key: Key = stack[-1] if stack else ()
        start = 0
        assign, block = _HCL_ASSIGN.match(code), _HCL_BLOCK.match(code)
        if assign:
            line_key, start = (*line_key, assign.group(1).strip('"')), assign.end()
        elif block:
            labels = tuple(a or b for a, b in _HCL_LABEL.findall(block.group(2)))
            line_key, start = (*line_key, block.group(1), *labels), block.end()
        heredoc = _HCL_HEREDOC.search(code, start) if assign else None
        if heredoc:
            item, number = _hcl_heredoc(lines, number, heredoc.group(1), line_key)
            yield item
            continue
        for match in _HCL_STRING.finditer(code, start):
            if code[match.end() :].lstrip()[:1] in ("=", ":"):
                continue  # a key of an object, not a value
            inline = _HCL_INLINE_KEY.search(code[start : match.start()])
            where = (*line_key, inline.group(1).strip('"')) if inline else line_key
            yield _Item(where, _unquote_basic(match.group(0)), number, match.start() + 2)
        bare = _HCL_STRING.sub('""', code)
        opened = bare.count("{") + bare.count("[") - bare.count("}") - bare.count("]")
        for _ in range(opened):
            stack.append(line_key)
        for _ in range(-opened):
            if stack:
                stack.pop()


_LINE_PAIR = re.compile(
    r"""^\s*(?:-\s+)?(?:"([^"]+)"|'([^']+)'|([\w.-]+))(?:\s*=\s*|\s*:\s+)(.*?)\s*,?\s*$"""
)
_LINE_LIST_ITEM = re.compile(r"^\s*-\s+(.*?)\s*$")
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"|\'([^\'\n]*)\'')
_COMMENT_LINE = re.compile(r"^\s*(#|;|//|/\*|\*)")


def _line_items(text: str, fmt: str | None) -> Iterator[_Item]:
    """Values of a file that does not parse: quoted strings, else the value of a
    `key: value` / `key = value` line or a `- item`, each where it is written."""
    for number, raw in enumerate(text.splitlines(), start=1):
        if _COMMENT_LINE.match(raw):
            continue
        pair = _LINE_PAIR.match(raw)
        key: Key = ()
        if pair:
            key = tuple(g for g in pair.groups()[:3] if g is not None)
        quoted = list(_QUOTED.finditer(raw, pair.start(4) if pair else 0))
        if quoted:
            for match in quoted:
                value = match.group(1) if match.group(1) is not None else match.group(2)
                if fmt == "json" and match.group(1) is not None:
                    value = _unquote_basic(match.group(0))
                if raw[match.end() :].lstrip().startswith(":"):
                    continue  # a JSON key, not a value
                yield _Item(key, value, number, match.start() + 2)
            continue
        bare = pair.group(4) if pair else None
        start = pair.start(4) if pair else 0
        if bare is None:
            item = _LINE_LIST_ITEM.match(raw)
            if item:
                bare, start = item.group(1), item.start(1)
        if bare:
            bare = re.split(r"\s+#", bare, maxsplit=1)[0].rstrip()
            if bare:
                yield _Item(key, bare, number, start + 1)


_PARSERS = {
    "yaml": _yaml_items,
    "json": _json_items,
    "toml": _toml_items,
    "ini": _ini_items,
    "env": _env_items,
    "hcl": _hcl_items,
}

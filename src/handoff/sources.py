"""Loading a file into a `Source`: its text, and for a notebook the code cells as one module.

A notebook's code cells are joined into one virtual module so that imports and availability
checks in one cell count for the others. IPython magics and `!shell` lines cannot be parsed as
Python, so the parser sees `pass` in their place (keeping indentation valid) while text-level
rules still see the original line. Cell outputs are text too: a key printed in an output cell
is as leaked as one in the code.
"""

from __future__ import annotations

import codecs
import enum
import io
import json
import re
import tokenize
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath


class FileKind(str, enum.Enum):
    """What a file is, which decides the checks that look at it."""

    PYTHON = "python"
    NOTEBOOK = "notebook"
    MANIFEST = "manifest"
    CONFIG = "config"
    OTHER = "other"


# The kinds the Python parser reads (a notebook's code cells form one module).
CODE_KINDS = frozenset({FileKind.PYTHON, FileKind.NOTEBOOK})


class TextOrigin(str, enum.Enum):
    """Where a line of a notebook comes from; plain files are all TEXT."""

    CODE = "code"
    MAGIC = "magic"
    OUTPUT = "output"
    MARKDOWN = "markdown"
    TEXT = "text"


_MANIFEST_NAMES = {
    "pyproject.toml",
    "setup.py",
    "setup.cfg",
    "pipfile",
    "pipfile.lock",
    "environment.yml",
    "environment.yaml",
    "poetry.lock",
    "conda.yml",
    "conda.yaml",
    "uv.lock",
    "pdm.lock",
    "pylock.toml",
    "conda-lock.yml",
    "conda-lock.yaml",
}
# Requirements and constraints files by name (the same names as handoff.manifests.registry:
# a test keeps the two in step), or any .txt/.in in a requirements folder.
REQUIREMENTS_RE = re.compile(
    r"^.*(requirements|constraints).*\.(txt|in)$|^pylock\..+\.toml$",
    re.I,
)
_REQUIREMENTS_DIRS = {"requirements", "reqs", "requirement"}
# Shell and cluster job scripts: as much configuration as a YAML file, for every family.
SHELL_SUFFIXES = frozenset({".sh", ".bash", ".zsh", ".ksh", ".slurm", ".sbatch", ".pbs"})
WINDOWS_SCRIPT_SUFFIXES = frozenset({".bat", ".cmd", ".ps1"})
_CONFIG_SUFFIXES = {".yaml", ".yml", ".json", ".toml", ".ini", ".cfg", ".conf", ".env"}
_CONFIG_SUFFIXES |= {".tf", ".tfvars", ".hcl"}  # Terraform, Packer, Vault: `key = "value"`
_CONFIG_SUFFIXES |= SHELL_SUFFIXES
_CONFIG_NAMES = {".env", ".netrc", "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "dockerfile"}


def is_requirements_file(path: PurePosixPath | Path) -> bool:
    """requirements.txt, dev-requirements.in, constraints.txt, requirements/dev.txt, ..."""
    if REQUIREMENTS_RE.match(path.name):
        return True
    in_folder = path.parent.name.lower() in _REQUIREMENTS_DIRS
    return in_folder and path.suffix.lower() in (".txt", ".in")


def classify(path: PurePosixPath | Path) -> FileKind:
    name = path.name.lower()
    suffix = path.suffix.lower()
    if name in _MANIFEST_NAMES or is_requirements_file(path):
        return FileKind.MANIFEST
    if suffix in (".py", ".pyw"):
        return FileKind.PYTHON
    if suffix == ".ipynb":
        return FileKind.NOTEBOOK
    if suffix in _CONFIG_SUFFIXES or name in _CONFIG_NAMES or name.startswith(".env"):
        return FileKind.CONFIG
    if suffix in (".pem", ".key") or name in ("credentials.json", "kaggle.json"):
        return FileKind.CONFIG
    return FileKind.OTHER


@dataclass(frozen=True)
class TextLine:
    """One line as text rules see it. `line` is the line number a finding should carry:
    for a notebook the line inside its cell (or inside its output)."""

    text: str
    line: int
    cell: int | None = None
    origin: TextOrigin = TextOrigin.TEXT


@dataclass(frozen=True)
class CellPosition:
    """A line inside a notebook cell (both 1-based)."""

    cell: int
    line: int


class SourceError(Exception):
    """The file cannot be read as what its name says it is. `line`/`column` when known."""

    def __init__(self, reason: str, line: int = 1, column: int = 1, cell: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.line = line
        self.column = column
        self.cell = cell


@dataclass
class Source:
    """A loaded file. `code` is what the Python parser sees (None for non-Python files);
    `lines` is what text rules see; `cell_map[i]` maps virtual line i+1 of `code` back to
    its notebook cell."""

    path: Path
    relpath: str
    kind: FileKind
    text: str
    code: str | None = None
    lines: list[TextLine] = field(default_factory=list)
    cell_map: list[CellPosition] | None = None
    cells: list[str] | None = None

    def locate(self, virtual_line: int) -> tuple[int | None, int]:
        """(cell, line) for a line of `code`; (None, line) for a plain file."""
        if self.cell_map is None:
            return None, virtual_line
        index = min(max(virtual_line, 1), len(self.cell_map)) - 1
        if not self.cell_map:
            return None, virtual_line
        pos = self.cell_map[index]
        return pos.cell, pos.line

    def code_line(self, virtual_line: int) -> str:
        """The original text of a line of `code` (a magic shows as written, not as `pass`)."""
        cell, line = self.locate(virtual_line)
        if cell is not None and self.cells is not None:
            return _nth(self._split(self.cells[cell - 1]), line)
        return _nth(self._split(self.code or self.text), virtual_line)

    def text_line(self, line: int, cell: int | None) -> str:
        if cell is not None and self.cells is not None and 0 < cell <= len(self.cells):
            return _nth(self._split(self.cells[cell - 1]), line)
        return _nth(self._split(self.text), line)

    def lowered_code(self) -> str:
        """`code` in lower case, once per file (the checks' gates test it)."""
        lowered = self.__dict__.get("_lowered_code")
        if lowered is None:
            lowered = self.__dict__["_lowered_code"] = (self.code or "").lower()
        return lowered

    def _split(self, text: str) -> list[str]:
        """`text.splitlines()`, once per text: a file with a finding on every line would
        otherwise split the whole file once per finding (quadratic in its size)."""
        memo: dict[int, tuple[str, list[str]]] = self.__dict__.setdefault("_lines_memo", {})
        found = memo.get(id(text))
        if found is None or found[0] is not text:
            found = memo[id(text)] = (text, text.splitlines())
        return found[1]


def _nth(lines: list[str], line: int) -> str:
    return lines[line - 1] if 0 < line <= len(lines) else ""


def decode_python(data: bytes) -> str:
    """Decode Python source the way the interpreter does: BOM, then PEP 263 coding cookie,
    else UTF-8."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        if "encoding declaration" not in str(exc):
            raise SourceError(f"cannot decode: {exc}") from None
        # No usable cookie and bytes that are not UTF-8: decode as UTF-8 to say where.
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(
            f"not valid {encoding} text (byte 0x{data[exc.start]:02x} at offset {exc.start});"
            " save it as UTF-8 or declare its encoding",
            line=line,
        ) from None
    except LookupError:
        raise SourceError(f"unknown encoding {encoding!r} in coding declaration") from None
    return text[1:] if text.startswith("\ufeff") else text


def decode_text(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(
            f"not valid UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            line=line,
        ) from None


def _plain_lines(text: str) -> list[TextLine]:
    return [TextLine(t, i) for i, t in enumerate(text.splitlines(), start=1)]


def load_source(path: Path, relpath: str, data: bytes, kind: FileKind | None = None) -> Source:
    """The file as text rules and the parser see it; `kind` as discovery decided it."""
    kind = kind or classify(path)
    if kind is FileKind.PYTHON:
        text = decode_python(data)
        return Source(path, relpath, kind, text, code=text, lines=_plain_lines(text))
    if kind is FileKind.NOTEBOOK:
        return load_notebook(path, relpath, decode_text(data))
    text = decode_text(data)
    return Source(path, relpath, kind, text, lines=_plain_lines(text))


# --- notebooks ---------------------------------------------------------------------------

# Cell magics whose body is still Python; any other `%%magic` cell is shell, HTML, ...
_PYTHON_CELL_MAGICS = {"time", "timeit", "capture", "prun", "debug", "memit", "mprun", "pycat"}
_MAGIC_LINE_RE = re.compile(r"^(\s*)([%!]|\?\??\w|\w[\w.]*\?\??\s*$)")
# `x = !ls` and `x = %env` assign the output of a magic.
_MAGIC_ASSIGN_RE = re.compile(r"^(\s*)[\w.,\s]+=\s*[%!]")


def _cell_source(cell: dict) -> str:
    source = cell.get("source", "")
    if isinstance(source, list):
        return "".join(str(part) for part in source)
    if isinstance(source, str):
        return source
    raise SourceError("a cell's 'source' is neither text nor a list of text")


def _output_text(output: dict) -> str:
    parts: list[str] = []
    text = output.get("text")
    if text is not None:
        parts.append("".join(text) if isinstance(text, list) else str(text))
    data = output.get("data")
    if isinstance(data, dict):
        for mime in ("text/plain", "text/html", "text/markdown", "application/json"):
            value = data.get(mime)
            if value is None:
                continue
            if isinstance(value, list):
                parts.append("".join(str(v) for v in value))
            elif isinstance(value, str):
                parts.append(value)
            else:
                parts.append(json.dumps(value))
    if output.get("output_type") == "error":
        parts.append("\n".join(str(t) for t in output.get("traceback") or []))
    return "\n".join(parts)


def _is_magic_line(line: str) -> bool:
    return bool(_MAGIC_LINE_RE.match(line) or _MAGIC_ASSIGN_RE.match(line))


def _python_view(cell_text: str) -> tuple[list[str], list[bool]]:
    """The cell's lines as the parser should see them, and which lines are magics."""
    lines = cell_text.splitlines()
    if lines and lines[0].lstrip().startswith("%%"):
        magic = lines[0].lstrip()[2:].split(maxsplit=1)
        if not magic or magic[0] not in _PYTHON_CELL_MAGICS:
            return ["pass" if i == 0 else "" for i in range(len(lines))], [True] * len(lines)
        view, flags = _python_view("\n".join(lines[1:]))
        return ["pass", *view], [True, *flags]
    view, flags = [], []
    continued = False
    for line in lines:
        if continued or _is_magic_line(line):
            indent = line[: len(line) - len(line.lstrip())]
            view.append("" if continued else f"{indent}pass")
            flags.append(True)
            continued = line.rstrip().endswith("\\")
        else:
            view.append(line)
            flags.append(False)
    return view, flags


def _json_problem(exc: json.JSONDecodeError) -> str:
    """A whole sentence for a notebook that is not JSON; json's own message is a fragment
    ("Unterminated string starting at") that expects its position after it."""
    if not exc.doc.strip():
        return "not a valid notebook: the file is empty"
    if not exc.doc[exc.pos :].strip() or exc.msg.startswith("Unterminated string"):
        return (
            "not a valid notebook: its JSON stops before the end of the document,"
            " so the file looks truncated (an interrupted save or copy?)"
        )
    return f"not a valid notebook: invalid JSON, {exc.msg[:1].lower()}{exc.msg[1:]} here"


def load_notebook(path: Path, relpath: str, text: str) -> Source:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(_json_problem(exc), line=exc.lineno, column=exc.colno) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("cells"), list):
        raise SourceError("not a valid notebook: no 'cells' list (nbformat 4 expected)")
    if doc.get("nbformat", 4) < 4:
        raise SourceError(f"nbformat {doc.get('nbformat')} notebooks are not supported; use 4")
    source = Source(path, relpath, FileKind.NOTEBOOK, text, code="", cell_map=[], cells=[])
    code_lines: list[str] = []
    for index, cell in enumerate(doc["cells"], start=1):
        if not isinstance(cell, dict):
            raise SourceError(f"not a valid notebook: cell {index} is not an object", cell=index)
        _add_cell(source, code_lines, index, cell)
    source.code = "\n".join(code_lines) + ("\n" if code_lines else "")
    return source


def _add_cell(source: Source, code_lines: list[str], index: int, cell: dict) -> None:
    assert source.cells is not None and source.cell_map is not None
    text = _cell_source(cell)
    source.cells.append(text)
    cell_type = cell.get("cell_type")
    if cell_type != "code":
        origin = TextOrigin.MARKDOWN if cell_type == "markdown" else TextOrigin.TEXT
        source.lines.extend(
            TextLine(t, i, index, origin) for i, t in enumerate(text.splitlines(), 1)
        )
        return
    originals = text.splitlines()
    view, magic_flags = _python_view(text)
    for line_no, (parsed, is_magic) in enumerate(zip(view, magic_flags), start=1):
        code_lines.append(parsed)
        source.cell_map.append(CellPosition(index, line_no))
        origin = TextOrigin.MAGIC if is_magic else TextOrigin.CODE
        source.lines.append(TextLine(originals[line_no - 1], line_no, index, origin))
    for output in cell.get("outputs") or []:
        if isinstance(output, dict):
            source.lines.extend(
                TextLine(t, i, index, TextOrigin.OUTPUT)
                for i, t in enumerate(_output_text(output).splitlines(), 1)
            )


# --- structured text ---------------------------------------------------------------------

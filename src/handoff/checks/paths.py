"""PATH: machine-specific paths and service endpoints, in code, notebook magics, shell
scripts and committed config files.

Every rule here decides with `_paths`; this module only works out what each string is used
as. In Python the parent nodes mark their string children before the traversal reaches them
(a docstring, a `help=` text, a regex, a route, a shell command, a location, a host), so no
parent metadata is needed. Each rule class sees the same judgements and keeps its own code.
(Over 400 lines: four rules, each on code and on text, sharing one traversal and one scan.)
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import ClassVar, Iterable, Iterator

import libcst as cst

from handoff.checks import _paths as P
from handoff.checks.base import NodeCheck, Report, TextCheck
from handoff.checks.matching import (
    call_name,
    identifier_words,
    is_string,
    method_name,
    string_value,
    target_names,
)
from handoff.config_values import config_format, config_value_lines
from handoff.sources import FileKind, Source, TextOrigin

# pylint: disable=too-many-ancestors  # the depth comes from libcst's visitor base classes


_REGEX_CALLS = {"compile", "match", "search", "fullmatch", "findall", "finditer", "sub", "subn"}
# Web-framework routes and test clients: the first argument is a URL path.
_ROUTE_METHODS = {
    "route", "get", "post", "put", "delete", "patch", "head", "options", "websocket",
    "api_route", "add_url_rule", "add_api_route", "add_route", "mount", "include_router",
}  # fmt: skip
# HDF5 and PyTables: the first argument is a key inside the file ("/data/images").
_KEY_METHODS = {
    "create_dataset", "create_group", "require_dataset", "require_group", "get_node",
    "create_array", "create_table", "create_carray", "create_earray", "remove_node",
}  # fmt: skip
_LOCATION_CALLS = {
    "Path", "PurePath", "PosixPath", "PurePosixPath", "WindowsPath", "PureWindowsPath",
    "join", "joinpath", "open", "expanduser", "abspath", "realpath", "makedirs", "mkdir",
    "listdir", "glob", "iglob", "chdir", "scandir", "walk",
}  # fmt: skip
_SHELL_CALLS = {
    "os.system", "os.popen", "subprocess.run", "subprocess.call", "subprocess.check_call",
    "subprocess.check_output", "subprocess.Popen", "subprocess.getoutput",
    "subprocess.getstatusoutput",
}  # fmt: skip
_ENV_DEFAULTS = {"getenv", "get", "setdefault"}
_TMP_VARIABLES = {"TMPDIR", "TEMP", "TMP"}
# Calls that change where code runs or imports from: name -> index of the path argument.
_WORKDIR_CALLS = {
    "os.chdir": 0,
    "sys.path.insert": 1,
    "sys.path.append": 0,
    "sys.path.extend": 0,
    "site.addsitedir": 0,
}
_COLAB_MOUNT = "google.colab.drive.mount"


def _first_argument_flags(name: str, method: str) -> int:
    """What a call says about its first positional argument."""
    flags = 0
    if name.startswith(("re.", "regex.")) or (method in _REGEX_CALLS and "." in name):
        flags |= P.SKIP
    if method in _KEY_METHODS:
        flags |= P.SKIP
    if method in _ROUTE_METHODS:
        flags |= P.ROUTE
    if method in _LOCATION_CALLS:
        flags |= P.LOCATION
    return flags


def _strings_in(node: cst.CSTNode) -> Iterator[cst.BaseExpression]:
    """String literals anywhere under `node` (not inside another string)."""
    if is_string(node):
        yield node  # type: ignore[misc]
        return
    for child in node.children:
        yield from _strings_in(child)


_EMPTY_MODULE = cst.Module(body=[])


def _display(node: cst.CSTNode) -> str | None:
    """A string literal as its value, an f-string with its placeholders kept as written:
    f"/scratch/{user}/run" -> "/scratch/{user}/run", which classifies like a path template."""
    if isinstance(node, cst.FormattedString):
        parts = []
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                parts.append(part.value)
            else:
                parts.append(_EMPTY_MODULE.code_for_node(part))
        return "".join(parts)
    if isinstance(node, cst.ConcatenatedString):
        left, right = _display(node.left), _display(node.right)
        return None if left is None or right is None else left + right
    return string_value(node)


class _PathRule(NodeCheck):
    """The shared traversal of the PATH rules on Python code (not a rule: no code)."""

    one_per_line = True  # shutil.copy("/mnt/a", "/mnt/b") is one thing to fix

    def __init__(self, context):
        super().__init__(context)
        self._flags: dict[int, int] = {}
        self._handled: set[int] = set()

    def _mark(self, node: cst.CSTNode | None, flags: int) -> None:
        if node is not None and flags:
            self._flags[id(node)] = self._flags.get(id(node), 0) | flags

    def _emit(self, node: cst.CSTNode, code: str, message: str, subject: str) -> None:
        if code == self.code and not P.allowed(code, subject, self.options):
            self.report(node, message)

    # --- what each string is used as, marked by its parent ---

    def visit_Expr(self, node: cst.Expr) -> None:
        self._mark(node.value, P.SKIP)  # a docstring or a bare string statement

    def visit_Arg(self, node: cst.Arg) -> None:
        if node.keyword is not None:
            self._mark(node.value, P.LOCATION | P.name_flags(node.keyword.value))

    def visit_Param(self, node: cst.Param) -> None:
        self._mark(node.default, P.LOCATION | P.name_flags(node.name.value))

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._assigned(target.target, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._assigned(node.target, node.value)

    def _assigned(self, target: cst.BaseExpression, value: cst.BaseExpression) -> None:
        for name in target_names(target):
            self._mark(value, P.LOCATION | P.name_flags(name))
            if name == "PYTHONPATH":  # os.environ["PYTHONPATH"] = ...
                self._workdir(target, value, "setting PYTHONPATH")

    def visit_DictElement(self, node: cst.DictElement) -> None:
        key = string_value(node.key)
        self._mark(node.value, P.LOCATION | (P.name_flags(key) if key else 0))

    def visit_SubscriptElement(self, node: cst.SubscriptElement) -> None:
        if isinstance(node.slice, cst.Index):
            self._mark(node.slice.value, P.SKIP)  # a key: cfg["..."], h5["/data/x"]

    def visit_BinaryOperation(self, node: cst.BinaryOperation) -> None:
        if isinstance(node.operator, (cst.Divide, cst.Add, cst.Modulo)):
            self._mark(node.left, P.LOCATION)  # "/home/" + user, Path("/mnt") / "x"
        if isinstance(node.operator, cst.Add) and not is_string(node.left):
            self._mark(node.right, P.ROUTE)  # base + "/data/x": a suffix, not a root

    def visit_Call(self, node: cst.Call) -> None:
        name = call_name(node, self.imports) or ""
        method = method_name(node) or name.rpartition(".")[2]
        positional = [a.value for a in node.args if a.keyword is None and not a.star]
        if positional:
            self._mark(positional[0], _first_argument_flags(name, method))
        if method.endswith("Router") or method == "Blueprint":  # APIRouter(prefix="/data")
            self._mark_strings(node, P.ROUTE)
        if method in _ENV_DEFAULTS and len(positional) > 1:
            env_name = string_value(positional[0]) or ""
            if env_name in _TMP_VARIABLES:
                self._mark(positional[1], P.SKIP)  # TMPDIR's own fallback, as tempfile's
            self._mark(positional[1], P.LOCATION | P.name_flags(env_name))
        if method == "urljoin":  # urljoin(base, "/data/x"): URL paths
            self._mark_strings(node, P.ROUTE)
        if "hdf" in method.lower():  # pd.read_hdf(path, "/data/x"): a key inside the file
            for value in positional[1:]:
                self._mark(value, P.SKIP)
        if name in _SHELL_CALLS:
            self._mark_strings(node, P.SHELL)
        if name in _WORKDIR_CALLS and len(positional) > _WORKDIR_CALLS[name]:
            self._workdir(node, positional[_WORKDIR_CALLS[name]], name)
        elif name == _COLAB_MOUNT:
            self._mark_strings(node, P.OWNED)
            target = next((_display(s) for a in node.args for s in _strings_in(a.value)), None)
            self._emit(
                node,
                P.WORKDIR,
                "drive.mount() needs Google Colab and one user's Google Drive; read the data "
                "from a configurable path (a CLI argument or config file) instead",
                target or "",
            )

    def _mark_strings(self, call: cst.Call, flags: int) -> None:
        for arg in call.args:
            for string in _strings_in(arg.value):
                self._mark(string, flags)

    def _workdir(self, where: cst.CSTNode, target: cst.CSTNode, what: str) -> None:
        reported = False
        for string in _strings_in(target):
            found = P.classify_path(_display(string) or "", bare_ok=True)
            if found is None or found.code != P.MACHINE:
                continue
            self._mark(string, P.OWNED)
            if not reported:
                self._emit(where, P.WORKDIR, P.workdir_message(what, found), found.path)
                reported = True

    # --- the strings themselves ---

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        self._literal(node)

    def visit_FormattedString(self, node: cst.FormattedString) -> None:
        self._literal(node)

    def visit_ConcatenatedString(self, node: cst.ConcatenatedString) -> None:
        self._literal(node)
        stack: list[cst.CSTNode] = [node.left, node.right]
        while stack:  # the parts were judged as one string
            part = stack.pop()
            self._handled.add(id(part))
            if isinstance(part, cst.ConcatenatedString):
                stack += [part.left, part.right]

    def _literal(self, node: cst.BaseExpression) -> None:
        if id(node) in self._handled:
            return
        flags = self._flags.get(id(node), 0)
        if flags & P.SKIP:
            return
        # Cheap exit for the common case, on the source text before any evaluation: no
        # path, URL, host:port, address or command can be in this string.
        if isinstance(node, cst.SimpleString) and not flags & (P.SHELL | P.HOST):
            raw = node.value
            if not (any(c in raw for c in "/\\:=") or raw.lstrip("rRbBuUfF\"'")[:1].isdigit()):
                return
        text = _display(node)
        if not text:
            return
        reported: set[str] = set()
        for hit in P.judge(text, flags):
            if hit.code not in reported:  # one finding per rule and literal
                reported.add(hit.code)
                self._emit(node, hit.code, hit.message, hit.text)


class MachineSpecificPath(_PathRule):
    """PATH001 in Python code and notebook cells."""

    code = P.MACHINE


class WorkingDirectoryChange(_PathRule):
    """PATH002: os.chdir, sys.path, PYTHONPATH and drive.mount in code."""

    code = P.WORKDIR


class HardcodedEndpoint(_PathRule):
    """PATH003 in Python code and notebook cells."""

    code = P.ENDPOINT


class TmpPath(_PathRule):
    """PATH004 in Python code and notebook cells."""

    code = P.TMP


# --- text: notebook magics, shell scripts, config and manifest files -------------------------

# Files whose paths are by design: CI runners, editor containers, lock files, keys, images.
_SKIPPED_DIRS = (".github/", ".gitlab/", ".circleci/", ".devcontainer/", ".buildkite/")
_SKIPPED_NAMES = {
    ".gitlab-ci.yml", ".travis.yml", "azure-pipelines.yml", "bitbucket-pipelines.yml",
    ".pre-commit-config.yaml", ".pre-commit-hooks.yaml", "poetry.lock", "pipfile.lock",
    "dockerfile", "setup.py", "codecov.yml", ".readthedocs.yaml", ".readthedocs.yml",
}  # fmt: skip
_SHELL_SUFFIXES = {".sh", ".bash", ".zsh", ".slurm", ".sbatch", ".pbs"}
_REQUIREMENTS = re.compile(r"requirements.*\.(txt|in)$|.*requirements\.txt$", re.I)
_COMPOSE = re.compile(r"(docker-)?compose[\w.-]*\.ya?ml$")
_CD_MAGIC = re.compile(r"\s*%cd\s+(?:-\w+\s+)*(?P<target>\S.*?)\s*$")


def _text_hits(source: Source) -> list[tuple[int, int | None, int, P.TextHit]]:
    """(line, cell, column, hit) for the file, one per rule and line (`cp /mnt/a /mnt/b`
    is one finding); computed once for the four text rules."""
    cached = _LAST.get("source")
    if cached is source:
        return _LAST["hits"]  # type: ignore[return-value]
    hits, seen = [], set()
    for line, cell, column, hit in _scan(source):
        if (line, cell, hit.code) not in seen:
            seen.add((line, cell, hit.code))
            hits.append((line, cell, column, hit))
    _LAST.update(source=source, hits=hits)
    return hits


_LAST: dict[str, object] = {}


def _scan(source: Source) -> Iterator[tuple[int, int | None, int, P.TextHit]]:
    if source.kind is FileKind.NOTEBOOK:
        for line in source.lines:
            if line.origin is TextOrigin.MAGIC:
                for column, hit in _magic_hits(line.text):
                    yield line.line, line.cell, column, hit
        return
    rel = source.relpath.lower()
    name = PurePosixPath(rel).name
    if name in _SKIPPED_NAMES or any(f"/{d}" in f"/{rel}" for d in _SKIPPED_DIRS):
        return
    if config_format(name):
        compose = bool(_COMPOSE.match(name))
        for value in config_value_lines(source.text, name):
            for hit in _value_hits(value.key, value.value, compose):
                yield value.line, None, value.column + hit.start, hit
    elif PurePosixPath(rel).suffix in _SHELL_SUFFIXES or _REQUIREMENTS.match(name):
        for line in source.lines:
            for hit in P.scan_text(line.text):
                yield line.line, None, hit.start + 1, hit


def _magic_hits(text: str) -> Iterator[tuple[int, P.TextHit]]:
    magic = _CD_MAGIC.match(text)
    if magic:
        target = magic.group("target").strip("\"'")
        found = P.classify_path(target, bare_ok=True)
        if found is not None and found.code == P.MACHINE:
            message = P.workdir_message("%cd", found)
            yield magic.start("target") + 1, P.TextHit(P.WORKDIR, 0, target, message)
            return
    body = re.match(r"\s*(?:%%?\w+|!+)?", text)
    offset = body.end() if body else 0
    for hit in P.scan_text(text[offset:]):
        yield offset + hit.start + 1, hit


# Under these keys a dotted number is a version pin (tensorrt = "10.0.1.6", `- trt=10.0.1.6`),
# not an address; a URL or host:port there (an index URL) is still an endpoint.
_DEPENDENCY_WORDS = {
    "dependencies",
    "dependency",
    "requires",
    "require",
    "requirements",
    "packages",
}
_DOTTED_NUMBER = re.compile(r"[\d.]+")


def _value_hits(key: tuple, value: str, compose: bool = False) -> list[P.TextHit]:
    names = [k for k in key if isinstance(k, str)]
    hits = _plain_value_hits(names, value, compose)
    if any(set(identifier_words(n)) & _DEPENDENCY_WORDS for n in names):
        hits = [h for h in hits if h.code != P.ENDPOINT or not _DOTTED_NUMBER.fullmatch(h.text)]
    return hits


def _plain_value_hits(names: list[str], value: str, compose: bool) -> list[P.TextHit]:
    flags = P.name_flags(names[-1]) if names else 0
    if names and names[-1] == "PYTHONPATH":
        prefix = "PYTHONPATH="
        hits = P.scan_text(prefix + value, shell=False)
        return [P.TextHit(h.code, h.start - len(prefix), h.text, h.message) for h in hits]
    hits = P.judge(value, flags | P.LOCATION)
    if not hits and not flags & P.SKIP and not P.reads_as_prose(value):
        hits = P.scan_text(value, shell=False)
        if flags & P.ROUTE:
            hits = [h for h in hits if h.code == P.ENDPOINT]
        if flags & P.NOHOST:
            hits = [h for h in hits if h.code != P.ENDPOINT]
    if compose:  # `http://mlflow:5000` names a service of the compose file itself
        hits = [h for h in hits if "one network" not in h.message]
    return hits


class _TextRule(TextCheck):
    """The shared text scan of the PATH rules (not a rule: no code)."""

    file_kinds: ClassVar[frozenset[FileKind]] = frozenset(
        {FileKind.NOTEBOOK, FileKind.CONFIG, FileKind.MANIFEST}
    )

    def check(self, source: Source) -> Iterable[Report]:
        for line, cell, column, hit in _text_hits(source):
            if hit.code == self.code and not P.allowed(hit.code, hit.text, self.options):
                yield Report(hit.message, line=line, column=column, cell=cell)


class MachineSpecificPathText(_TextRule):
    """PATH001 in magics, shell scripts, configs and manifests."""

    code = P.MACHINE


class WorkingDirectoryChangeText(_TextRule):
    """PATH002: %cd, cd and PYTHONPATH in magics, scripts and configs."""

    code = P.WORKDIR


class HardcodedEndpointText(_TextRule):
    """PATH003 in magics, shell scripts, configs and manifests."""

    code = P.ENDPOINT


class TmpPathText(_TextRule):
    """PATH004 in magics, shell scripts, configs and manifests."""

    code = P.TMP

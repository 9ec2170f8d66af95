"""PATH in Python code and notebook cells: what each string literal is used as, worked out once
per file for the four PATH rules.

The parent nodes mark their string children before the traversal reaches them (a docstring, a
`help=` text, a regex, a route, a shell command, a location, a host), so no parent metadata is
needed; the strings are then judged with `scanning.judge`.
"""

# pylint: disable=too-many-ancestors  # the depth comes from libcst's visitor base classes

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

import libcst as cst

from handoff.checks.base import Analysis, FileContext
from handoff.checks.path.locations import (
    MACHINE,
    WORKDIR,
    classify_path,
    workdir_message,
)
from handoff.checks.path.scanning import (
    HOST,
    KEY,
    LOCATION,
    OWNED,
    ROUTE,
    SHELL,
    SKIP,
    judge,
    name_flags,
)
from handoff.checks.support import (
    SHELL_CALLS,
    call_name,
    code_of,
    is_string,
    method_name,
    string_value,
    target_names,
)


@dataclass(frozen=True)
class CodeHit:
    """A finding one PATH rule may make at `node`; `subject` is what `allow` options test."""

    node: cst.CSTNode
    code: str
    message: str
    subject: str


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
# String tests and edits: the argument is a piece of a path ("/fsx/" in a startswith, a
# replace("/include/", "/local/include/")), not a place.
_STRING_TESTS = {
    "startswith", "endswith", "removeprefix", "removesuffix", "count", "find", "replace",
}  # fmt: skip
# Names in a namespace that is not a file system: ROS topics, services and parameters
# ("/camera/image_raw", "/robot/max_speed"), XPath queries ("/html/body/div").
_NAME_CALLS = {
    "Subscriber", "Publisher", "create_subscription", "create_publisher", "create_service",
    "create_client", "ServiceProxy", "wait_for_service", "wait_for_message", "get_param",
    "set_param", "has_param", "delete_param", "search_param", "lookup_transform",
    "can_transform", "SimpleActionClient", "ActionClient", "xpath", "find_element",
    "find_elements", "iterfind",
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
        flags |= SKIP
    if method in _KEY_METHODS:
        flags |= SKIP
    if method in _ROUTE_METHODS:
        flags |= ROUTE
    if method in _LOCATION_CALLS:
        flags |= LOCATION
    if method.startswith("add_"):  # TensorBoard's add_scalar("/train/loss", ...): a tag
        flags |= KEY
    return flags


def _strings_in(node: cst.CSTNode) -> Iterator[cst.BaseExpression]:
    """String literals anywhere under `node` (not inside another string)."""
    if is_string(node):
        yield node  # type: ignore[misc]
        return
    for child in node.children:
        yield from _strings_in(child)


def _display(node: cst.CSTNode) -> str | None:
    """A string literal as its value, an f-string with its placeholders kept as written:
    f"/scratch/{user}/run" -> "/scratch/{user}/run", which classifies like a path template."""
    if isinstance(node, cst.FormattedString):
        parts = []
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                parts.append(part.value)
            else:
                parts.append(code_of(part))
        return "".join(parts)
    if isinstance(node, cst.ConcatenatedString):
        left, right = _display(node.left), _display(node.right)
        return None if left is None or right is None else left + right
    return string_value(node)


class PathLiterals(Analysis):
    """What every string literal of a file is used as, and the PATH findings it makes: one
    traversal shared by the four PATH rules, each of which keeps its own code's `hits`."""

    def __init__(self, context: FileContext):
        super().__init__(context)
        self.hits: list[CodeHit] = []
        self._flags: dict[int, int] = {}
        self._handled: set[int] = set()
        self._imports = context.imports

    def _mark(self, node: cst.CSTNode | None, flags: int) -> None:
        if node is not None and flags:
            self._flags[id(node)] = self._flags.get(id(node), 0) | flags

    def _emit(self, node: cst.CSTNode, code: str, message: str, subject: str) -> None:
        self.hits.append(CodeHit(node, code, message, subject))

    # --- what each string is used as, marked by its parent ---

    def visit_Expr(self, node: cst.Expr) -> None:
        self._mark(node.value, SKIP)  # a docstring or a bare string statement

    def visit_Arg(self, node: cst.Arg) -> None:
        if node.keyword is not None:
            self._mark(node.value, LOCATION | name_flags(node.keyword.value))

    def visit_Param(self, node: cst.Param) -> None:
        self._mark(node.default, LOCATION | name_flags(node.name.value))

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._assigned(target.target, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._assigned(node.target, node.value)

    def _assigned(self, target: cst.BaseExpression, value: cst.BaseExpression) -> None:
        for name in target_names(target):
            self._mark(value, LOCATION | name_flags(name))
            if name == "PYTHONPATH":  # os.environ["PYTHONPATH"] = ...
                self._workdir(target, value, "setting PYTHONPATH")

    def visit_DictElement(self, node: cst.DictElement) -> None:
        key = string_value(node.key)
        self._mark(node.key, KEY)  # wandb.log({"/train/loss": ...}), a lookup table's key
        self._mark(node.value, LOCATION | (name_flags(key) if key else 0))

    def visit_Comparison(self, node: cst.Comparison) -> None:
        # path == "/egr/lab/x", prefix in ("/fsx/a", ...): classification, not a location.
        self._mark(node.left, KEY)
        for target in node.comparisons:
            self._mark(target.comparator, KEY)
            for string in _strings_in(target.comparator):
                self._mark(string, KEY)

    def visit_SubscriptElement(self, node: cst.SubscriptElement) -> None:
        if isinstance(node.slice, cst.Index):
            self._mark(node.slice.value, SKIP)  # a key: cfg["..."], h5["/data/x"]

    def visit_BinaryOperation(self, node: cst.BinaryOperation) -> None:
        if isinstance(node.operator, (cst.Divide, cst.Add, cst.Modulo)):
            self._mark(node.left, LOCATION)  # "/home/" + user, Path("/mnt") / "x"
        if isinstance(node.operator, cst.Add) and not is_string(node.left):
            self._mark(node.right, ROUTE)  # base + "/data/x": a suffix, not a root

    def visit_Call(self, node: cst.Call) -> None:
        name = call_name(node, self._imports) or ""
        method = method_name(node) or name.rpartition(".")[2]
        positional = [a.value for a in node.args if a.keyword is None and not a.star]
        if positional:
            self._mark(positional[0], _first_argument_flags(name, method))
        if method.endswith("Router") or method == "Blueprint" or method in _NAME_CALLS:
            self._mark_strings(node, ROUTE)  # APIRouter(prefix="/data"), a ROS topic
        if method in _STRING_TESTS:
            self._mark_strings(node, KEY)
        if method in _ENV_DEFAULTS and len(positional) > 1:
            env_name = string_value(positional[0]) or ""
            if env_name in _TMP_VARIABLES:
                self._mark(positional[1], SKIP)  # TMPDIR's own fallback, as tempfile's
            self._mark(positional[1], LOCATION | name_flags(env_name))
        if method in ("urljoin", "request"):  # urljoin(base, "/x"), conn.request("GET", "/x")
            self._mark_strings(node, ROUTE)
        if "hdf" in method.lower():  # pd.read_hdf(path, "/data/x"): a key inside the file
            for value in positional[1:]:
                self._mark(value, SKIP)
        if name in SHELL_CALLS:
            self._mark_strings(node, SHELL)
        if name in _WORKDIR_CALLS and len(positional) > _WORKDIR_CALLS[name]:
            self._workdir(node, positional[_WORKDIR_CALLS[name]], name)
        elif name == _COLAB_MOUNT:
            self._mark_strings(node, OWNED)
            target = next((_display(s) for a in node.args for s in _strings_in(a.value)), None)
            self._emit(
                node,
                WORKDIR,
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
            found = classify_path(_display(string) or "", bare_ok=True)
            if found is None or found.code != MACHINE:
                continue
            self._mark(string, OWNED)
            if not reported:
                self._emit(where, WORKDIR, workdir_message(what, found), found.path)
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
        if flags & SKIP:
            return
        # Cheap exit for the common case, on the source text before any evaluation: no
        # path, URL, host:port, address or command can be in this string.
        if isinstance(node, cst.SimpleString) and not flags & (SHELL | HOST):
            raw = node.value
            if not (any(c in raw for c in "/\\:=") or raw.lstrip("rRbBuUfF\"'")[:1].isdigit()):
                return
        text = _display(node)
        if not text:
            return
        reported: set[str] = set()
        for hit in judge(text, flags):
            if hit.code not in reported:  # one finding per rule and literal
                reported.add(hit.code)
                self._emit(node, hit.code, hit.message, hit.text)

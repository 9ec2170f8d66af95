"""Readable names for the values `--from` carries into the config, from what the author called
them: the variable, keyword, option or config key that held the value (`DATA_ROOT` ->
`data_root`, `--output` -> `output_dir`), else what the call using it does (`torch.load(...)`
-> `checkpoint_path`), else the value's own last folder name.

A name taken from the author's words is `strong`: two places that call a value the same are the
same setting (a `--output` default in train.py and `--output` in the job script). A name made
up here is not, and two such names only merge when they hold the same value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

import libcst as cst

from handoff.checks.support import (
    ImportMap,
    call_name,
    dotted_name,
    is_string,
    method_name,
    string_value,
    target_names,
)


@dataclass(frozen=True)
class Naming:
    """Words for a key, how the author wrote the thing they come from (for the reader), and
    whether they are the author's own words."""

    words: tuple[str, ...]
    origin: str
    strong: bool


# Names that say "a path" or "a value" and nothing about which one.
_GENERIC = {
    "path", "paths", "dir", "dirname", "directory", "root", "file", "filename", "fname",
    "filepath", "fp", "default", "value", "val", "url", "uri", "src", "dst", "source",
    "target", "loc", "location", "folder", "name", "prefix", "arg", "args", "key", "token",
    "secret", "password", "kwargs", "tmp", "temp", "host", "endpoint", "address",
}  # fmt: skip
# Endings of a last word that already say what kind of value a key holds (`logdir`,
# `basepath`, `model_store`); a path may be written as a URI (`file:` tracking stores).
_PATH_TAILS = (
    "dir", "dirs", "directory", "path", "paths", "root", "file", "files", "folder", "prefix",
    "location", "home", "cache", "store", "uri", "url",
)  # fmt: skip
_ENDPOINT_TAILS = (
    "uri", "url", "urls", "endpoint", "host", "hostname", "address", "addr", "server", "dsn",
    "api",
)  # fmt: skip
_MAX_WORDS = 5

# What a call does with its first argument, when the call says more than any name around it.
_CALL_ROLES = {
    "torch.load": ("checkpoint",),
    "torch.jit.load": ("checkpoint",),
    "safetensors.torch.load_file": ("checkpoint",),
    "joblib.load": ("checkpoint",),
    "torch.utils.tensorboard.SummaryWriter": ("log",),
    "torchvision.datasets.ImageFolder": ("data",),
}
_METHOD_ROLES = {
    "from_pretrained": ("model",),
    "load_from_checkpoint": ("checkpoint",),
    "SummaryWriter": ("log",),
    "ImageFolder": ("data",),
}
_DATASET_MODULES = ("torchvision.datasets.", "torchaudio.datasets.", "datasets.load_from_disk")
# Calls that only turn a path into another form of the same path: the name is further up.
_PASS_THROUGH = {
    "Path", "PurePath", "PosixPath", "PurePosixPath", "WindowsPath", "join", "joinpath",
    "expanduser", "expandvars", "abspath", "realpath", "normpath", "str", "fspath", "resolve",
    "format",
}  # fmt: skip
# dataclasses.field / pydantic.Field: the default belongs to the attribute being declared.
_FIELD_CALLS = {"field", "Field"}
_OPTION_METHODS = {"add_argument", "option", "argument"}
_ENV_READS = {"getenv", "get", "setdefault", "pop"}

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def words_of(text: str) -> tuple[str, ...]:
    """`MLFLOW_S3_ENDPOINT_URL` / `hostPath` / `--eval-batch` -> words for a key. Unlike
    `identifier_words`, digits stay with their word (`s3`, `int8`, `fp32`), as the key is
    read by people, and a word repeated by the nesting (`hostPath.path`) counts once."""
    words = [w.lower() for w in re.split(r"[^A-Za-z0-9]+", _CAMEL.sub("_", text)) if w]
    return tuple(w for i, w in enumerate(words) if i == 0 or w != words[i - 1])


def is_generic(words: tuple[str, ...]) -> bool:
    return not words or (len(words) == 1 and (words[0] in _GENERIC or len(words[0]) == 1))


def _role(qualified: str, method: str) -> tuple[str, ...] | None:
    if qualified in _CALL_ROLES:
        return _CALL_ROLES[qualified]
    if method in _METHOD_ROLES:
        return _METHOD_ROLES[method]
    if qualified.startswith(_DATASET_MODULES):
        return ("data",)
    if method.startswith("set_") and len(method) > 4:  # mlflow.set_tracking_uri(...)
        return words_of(method[4:])
    return None


# --- Python ---------------------------------------------------------------------------------


def python_naming(
    node: cst.CSTNode, parents: Mapping[cst.CSTNode, cst.CSTNode], imports: ImportMap | None
) -> Naming | None:
    """The name a string literal is stored or passed under, climbing through what only
    reshapes it (`Path(...)`, `os.path.join`, `x or "..."`, f-strings, `/`)."""
    child = node
    while (parent := parents.get(child)) is not None:
        if is_string(parent) or isinstance(
            parent,
            (cst.FormattedStringExpression, cst.BinaryOperation, cst.BooleanOperation)
            + (cst.IfExp, cst.Element, cst.List, cst.Tuple),
        ):
            child = parent
            continue
        if isinstance(parent, cst.Arg):
            call = parents.get(parent)
            if not isinstance(call, cst.Call):
                return None
            found = _argument_naming(parent, call, imports)
            if found is not None:
                return found
            if not _passes_through(call, parents):
                return None
            child = call
            continue
        return _holder_naming(parent, child)
    return None


def _holder_naming(parent: cst.CSTNode, child: cst.CSTNode) -> Naming | None:
    """The name of an assignment, dict entry or parameter default holding `child`."""
    targets: list[cst.BaseExpression] = []
    if isinstance(parent, cst.Assign) and parent.value is child:
        targets = [t.target for t in parent.targets]
    elif isinstance(parent, cst.AnnAssign) and parent.value is child:
        targets = [parent.target]
    for name in (n for t in targets for n in target_names(t)):
        return Naming(words_of(name), f"`{name}`", True)
    if isinstance(parent, cst.DictElement) and parent.value is child:
        key = string_value(parent.key)
        return Naming(words_of(key), f'`"{key}":`', True) if key else None
    if isinstance(parent, cst.Param) and parent.default is child:
        name = parent.name.value
        return Naming(words_of(name), f"`{name}=`", True)
    return None


def _passes_through(call: cst.Call, parents: Mapping[cst.CSTNode, cst.CSTNode]) -> bool:
    """Whether to look above `call` for the name: it reshapes a path, or its result is
    assigned straight away (`labels = read_csv("/mnt/x/labels.csv")` -> labels_path)."""
    method = method_name(call) or (call_name(call, None) or "").rpartition(".")[2]
    if method in _PASS_THROUGH or method in _FIELD_CALLS:
        return True
    return isinstance(parents.get(call), (cst.Assign, cst.AnnAssign))


def _argument_naming(arg: cst.Arg, call: cst.Call, imports: ImportMap | None) -> Naming | None:
    qualified = call_name(call, imports) or ""
    method = method_name(call) or qualified.rpartition(".")[2]
    positional = [a for a in call.args if a.keyword is None and not a.star]
    role = _role(qualified, method)
    by_role = Naming(role, f"`{qualified or method}(...)`", False) if role else None
    if arg.keyword is not None:
        keyword = arg.keyword.value
        if keyword == "default" and method in _FIELD_CALLS:
            return None  # `checkpoint: str = field(default=...)`: the attribute names it
        if keyword == "default" and method in _OPTION_METHODS:
            return _option_naming(positional)
        callee = _callee_words(call, method, imports)
        shown = f"`{dotted_name(call.func) or method}({keyword}=...)`"
        return _keyword_naming(keyword, callee, shown, by_role)
    index = next((i for i, a in enumerate(positional) if a is arg), -1)
    env_name = string_value(positional[0].value) if index == 1 else None
    if env_name and method in _ENV_READS:  # os.getenv("DATA_DIR", "/mnt/x")
        return Naming(words_of(env_name), f"`{env_name}`", True)
    return by_role if index == 0 else None


def _keyword_naming(
    keyword: str, callee: tuple[str, ...], shown: str, by_role: Naming | None
) -> Naming:
    """`data_dir="/mnt/x"` -> data_dir; a generic keyword (`dir=`, `host=`) says less than
    what the call does, or than what is called (`wandb.init(dir=...)` -> wandb_dir,
    `Redis(host=...)` -> redis_host)."""
    words = words_of(keyword)
    if not is_generic(words):
        return Naming(words, f"`{keyword}=`", True)
    return by_role or Naming(callee + words, shown, False)


def _callee_words(call: cst.Call, method: str, imports: ImportMap | None) -> tuple[str, ...]:
    """What is called, in words: a class by its name (`Redis`), a function by the module it
    comes from when that says more (`wandb.init` -> wandb, `ray.init` -> ray)."""
    dotted = dotted_name(call.func) or ""
    head = dotted.split(".", maxsplit=1)[0]
    module = imports.aliases.get(head) if imports is not None else None
    if method[:1].isupper() or module is None:
        return words_of(method)
    return words_of(module.split(".", maxsplit=1)[0])


def _option_naming(positional: list[cst.Arg]) -> Naming | None:
    """`add_argument("--output", "-o", default=...)` -> output (the long option first)."""
    options = [s for a in positional if (s := string_value(a.value))]
    options.sort(key=lambda o: not o.startswith("--"))
    for option in options:
        words = words_of(option.lstrip("-"))
        if words:
            return Naming(words, f"`{option}`", True)
    return None


# --- text: shell lines, notebook magics, config files ---------------------------------------

# A long option before the value; a short one (`ls -lh /x`, `ln -sf /x`) says nothing.
_FLAG_BEFORE = re.compile(r"(?:^|\s)(--[A-Za-z][\w-]*)(?:=|\s+)[\"']?$")
# `export DATA=/x`, `%env DATA=/x`, and Hydra's overrides `data.root=/x`.
_ASSIGN_BEFORE = re.compile(r"(?:^|[\s;%])(?:export\s+|env\s+)?([A-Za-z_][\w.]*)=[\"']?$")
VALUE_TOKEN = re.compile(r"[^\s\"'`;|&<>(),]+")


def text_naming(before: str) -> Naming | None:
    """The flag or variable a value follows on a shell or magic line: `--output /x`,
    `export DATA=/x`, `%env HF_TOKEN=...`."""
    for pattern in (_ASSIGN_BEFORE, _FLAG_BEFORE):
        match = pattern.search(before)
        if match:
            words = words_of(match.group(1).lstrip("-"))
            if not is_generic(words):
                return Naming(words, f"`{match.group(1)}`", True)
    return None


def config_naming(key: tuple[str | int, ...]) -> Naming | None:
    """A config file's key path: `paths: {data: ...}` -> paths_data when the last key alone
    says nothing."""
    names = [k for k in key if isinstance(k, str)]
    if not names:
        return None
    words = words_of(names[-1])
    if is_generic(words) and len(names) > 1:
        words = words_of(names[-2]) + words
    return Naming(words, f"`{'.'.join(names)}`", True) if words else None


# --- the value itself, when nothing names it -------------------------------------------------

_HOME_ROOTS = {"home", "Users"}
_HOME_USER = re.compile(r"^(?:/(?:home|Users)/|~)([A-Za-z_][\w.-]*)/")
_PLACEHOLDER = re.compile(r"[$%{}~*]")
_URL_PATH = re.compile(r"^[A-Za-z][\w+.-]*://[^/?#]*(?P<path>/[^?#]*)?")


def home_user(value: str) -> str | None:
    """The user a home-directory path belongs to: `/home/ana/x` -> ana."""
    match = _HOME_USER.match(value)
    return match.group(1).lower() if match else None


def value_naming(value: str, endpoint: bool, people: frozenset[str] = frozenset()) -> Naming:
    """Words from the value when nothing names it: the last folder of a path, the last
    segment of a URL's path; never a user's folder, nor the name of anyone in `people` (the
    repo's home-directory owners: `/tmp/ana_run` -> run)."""
    if endpoint:
        match = _URL_PATH.match(value)
        segments = (match.group("path") or "").split("/") if match else []
        named = [s for s in segments if s and not _PLACEHOLDER.search(s)]
        words = tuple(w for w in words_of(named[-1]) if w not in people) if named else ()
        return Naming(words or ("service",), "a literal", False)
    parts = [p for p in re.split(r"[\\/]+", value) if p and not _PLACEHOLDER.search(p)]
    if parts and parts[0] in _HOME_ROOTS:
        parts = parts[2:]
    if len(parts) >= 2:
        stem = parts[-1].split(".")[0]
        words = tuple(w for w in words_of(stem) if w not in people)
        if words:
            return Naming(words, "a literal", False)
    return Naming(("local",), "a literal", False)


def has_extension(value: str) -> bool:
    """Names a file (`best.pt`), not a folder."""
    last = re.split(r"[\\/]", value.rstrip("/\\"))[-1]
    return re.fullmatch(r"[^.]+\.[A-Za-z0-9]{1,8}", last) is not None


def key_name(naming: Naming, endpoint: bool, value: str) -> str:
    """A lowercase identifier for the config: the words, and a last word that says what the
    value is (`output` -> `output_dir`, `best` -> `best_path`, `tracking` -> `tracking_url`)."""
    words = [w for w in naming.words if w][:_MAX_WORDS]
    tails = _ENDPOINT_TAILS if endpoint else _PATH_TAILS
    if not words or not words[-1].endswith(tails):
        words.append("url" if endpoint else "path" if has_extension(value) else "dir")
    if not words[0][0].isalpha():
        words.insert(0, "endpoint" if endpoint else "local")
    return "_".join(words)


def secret_key(words: tuple[str, ...]) -> str:
    """`("HF", "TOKEN")` -> hf_token: a name for the package's `secrets:` list."""
    name = "_".join(w.lower() for w in words)
    return name if name[:1].isalpha() else f"secret_{name}"

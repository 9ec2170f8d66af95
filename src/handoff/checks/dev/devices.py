"""Matching shared by the DEV rules: what a pinned device looks like, which names hold devices,
what makes CUDA use conditional, and CUDA_VISIBLE_DEVICES in shell text.

A device string such as `"cuda:1"` is only a finding where a device is given, never where it is
merely mentioned (a log message, a comparison, a docstring); the rules decide the place, this
module decides the value.

About 400 lines, in sections (values and names, DEV003 evidence, shell text, literals): the
three DEV rules decide with the same vocabulary, so it lives in one place.
"""

from __future__ import annotations

import re
from typing import Iterator

import libcst as cst

from handoff.checks.base import CodeFacts, Gate
from handoff.checks.support import (
    identifier_words,
    int_value,
    is_string,
    literal_prefix,
    string_value,
)
from handoff.traversal import semantic_children

# A device with an index: torch's `cuda:N`, TensorFlow's `/gpu:N` and `/device:GPU:N`
# (optionally after `/job:.../replica:.../task:...`), Paddle's `gpu:N`.
_PINNED_RE = re.compile(r"^\s*(?:cuda\s*:\s*\d+|(?:.*/)?(?:device:)?gpu:\d+)\s*$", re.IGNORECASE)
_PLAIN_CUDA = frozenset({"cuda"})

DEVICE_WORDS = frozenset({"device", "devices", "dev", "gpu", "gpus", "cuda", "accelerator"})
# What a file must contain for a DEV rule to find anything: a device word (also inside
# `map_location`, `device_ids`, `CUDA_VISIBLE_DEVICES`, `"/gpu:0"`), a `.to(` of a bare
# index, a framework that names its devices otherwise (`mx.gpu`, `paddle.set_device`).
DEVICE_GATE = Gate(
    DEVICE_WORDS - {"dev"},
    {"mxnet", "paddle", "map_location"},
    pattern=r"(?<![a-z])dev(?![a-z])",
    calls={"to"},
)
# Calls whose argument is the device (`torch.device(1)`), read whatever the argument's name.
DEVICE_CALLS = frozenset(
    {"torch.device", "torch.cuda.set_device", "torch.cuda.device", "torch.set_default_device"}
    | {"cupy.cuda.Device", "cupy.cuda.runtime.setDevice", "numba.cuda.select_device"}
    | {"mxnet.gpu", "mxnet.context.gpu", "paddle.set_device"}
)
_DEVICE_TEXT = re.compile(r"cuda|gpu", re.IGNORECASE)


def may_name_device_in(facts: CodeFacts) -> bool:
    """`DEVICE_GATE` asked of Python's tree, by what the DEV rules judge: a `.to(...)` or
    `.cuda(...)`, a device call (`torch.device`, `tf.device`), a name or string that says
    CUDA or GPU (`"cuda:1"`, `"/gpu:0"`, `CUDA_VISIBLE_DEVICES`, `gpu_id`), or a whole number
    given under a device-index name (`device=0`, `device_ids=[0, 1]`) or as a `device_map`."""
    if not facts.calls.isdisjoint({"to", "cuda"}) or facts.may_call(DEVICE_CALLS):
        return True
    if "device" in facts.calls and "tensorflow" in facts.names:
        return True
    if next(facts.items_matching(_DEVICE_TEXT), None) is not None:
        return True
    if "device_map" in facts.names:  # `device_map={"": 0}`: every value is a device
        return True
    return any(index_name(name) or index_list_name(name) for name in facts.given_numbers)


# Words that make a device-ish name something else: a type, a count, a switch.
_NOT_A_DEVICE = frozenset(
    {"type", "kind", "backend", "name", "names", "count", "num", "number", "n", "nb", "cnt"}
    | {"total", "size", "per", "max", "min", "memory", "mem", "fraction", "use", "enable"}
    | {"is", "has", "no", "with", "allow", "on", "batch", "len", "world", "util"}
)
_INDEX_LAST = frozenset({"id", "idx", "index", "ordinal", "gpu", "device", "cuda"})
# An integer is a GPU index only under a name that says so outright.
_INDEX_WORDS = frozenset({"device", "devices", "gpu", "gpus", "cuda"})
_INDEX_LIST_LAST = frozenset({"ids", "idxs", "indices", "indexes", "gpus", "devices"})
_LOCATION_NAMES = frozenset({"map_location", "device_map"})

# Calls whose arguments are text about a device, not a device: output, string handling,
# lookups whose literal is a fallback default, argparse declarations, test helpers.
TEXT_CALLS = frozenset(
    {"print", "pprint", "echo", "secho", "write", "writelines", "log", "debug", "info"}
    | {"warning", "warn", "error", "critical", "exception", "fatal", "format", "format_map"}
    | {"startswith", "endswith", "replace", "split", "rsplit", "partition", "strip", "find"}
    | {"rfind", "index", "rindex", "count", "join", "encode", "match", "search", "fullmatch"}
    | {"sub", "subn", "findall", "compile", "get", "getattr", "hasattr", "getenv", "pop"}
    | {"setdefault", "add_argument", "set_defaults", "add_text", "set_description"}
    | {"set_postfix", "set_postfix_str", "assertEqual", "assertNotEqual", "assertIn"}
    | {"assert_equal", "isinstance", "str", "repr", "len", "parametrize", "skipif", "xfail"}
    | {"Option", "option", "Argument", "argument"}
)
# Calls that show a value to a person.
OUTPUT_CALLS = frozenset(
    {"print", "pprint", "echo", "secho", "write", "log", "debug", "info", "warning", "warn"}
    | {"error", "critical", "exception", "fatal"}
)
# Keywords that carry text or the choices of an option, never the device in use.
TEXT_KEYWORDS = frozenset(
    {"help", "choices", "metavar", "description", "msg", "message", "text", "label", "title"}
    | {"doc", "comment", "note", "prompt", "desc", "postfix", "default", "epilog", "usage"}
)


def _raw_mentions(node: cst.CSTNode, *needles: str) -> bool:
    """A cheap look at a plain literal's source text before evaluating it: most strings in a
    file are not devices, and `literal_eval` on each would cost every file."""
    if isinstance(node, cst.SimpleString):
        raw = node.value.lower()
        return any(needle in raw for needle in needles)
    return is_string(node)


def pinned_device(node: cst.CSTNode) -> bool:
    """A string literal naming a device by index (`cuda:1`, `/gpu:0`)."""
    if not _raw_mentions(node, "cuda", "gpu"):
        return False
    value = string_value(node)
    return value is not None and bool(_PINNED_RE.match(value))


def plain_cuda(node: cst.CSTNode) -> bool:
    """A string literal naming the CUDA device type without an index."""
    if not _raw_mentions(node, "cuda"):
        return False
    value = string_value(node)
    return value is not None and value.strip() in _PLAIN_CUDA


_MAX_GPU_INDEX = 31  # `FILE_ATTRIBUTE_DEVICE = 64` is a flag, not a GPU


def device_index(node: cst.CSTNode) -> bool:
    """A small non-negative integer literal: in a device position, a GPU index (-1 is CPU)."""
    value = int_value(node)
    return value is not None and 0 <= value <= _MAX_GPU_INDEX


def index_list(node: cst.CSTNode) -> bool:
    """`[0, 1]` / `(0,)`: a literal list of GPU indexes."""
    if not isinstance(node, (cst.List, cst.Tuple)) or not node.elements:
        return False
    return all(isinstance(e, cst.Element) and device_index(e.value) for e in node.elements)


def _words(name: str) -> list[str]:
    return identifier_words(name)


def device_like(name: str) -> bool:
    """A name that holds a device: `device`, `train_device`, `GPU`, `map_location`."""
    if name in _LOCATION_NAMES:
        return True
    words = _words(name)
    return bool(DEVICE_WORDS & set(words)) and not _NOT_A_DEVICE & set(words)


_TEXT_NAME_WORDS = frozenset(
    {"choices", "options", "supported", "valid", "allowed", "known", "expected", "example"}
    | {"examples", "help", "msg", "message", "text", "doc", "label", "labels", "desc", "title"}
    | {"pattern", "regex", "usage", "log", "note", "notes"}
)


def text_name(name: str) -> bool:
    """`DEVICE_CHOICES`, `expected`, `help_text`: a name for text about devices, or the
    devices one may choose from, not the device in use."""
    return bool(_TEXT_NAME_WORDS & set(identifier_words(name)))


def index_name(name: str) -> bool:
    """A name that holds one GPU index: `gpu`, `gpu_id`, `device`, `cuda_device`, `output_device`.
    Counts (`n_gpu`, `num_devices`), switches (`use_gpu`) and `dev=0` (a version's dev
    release, a dev split) are not."""
    words = _words(name)
    return bool(words) and words[-1] in _INDEX_LAST and _strong_device_name(words)


def index_list_name(name: str) -> bool:
    """A name that holds GPU indexes: `device_ids`, `gpu_ids`, `gpus`, `devices`."""
    words = _words(name)
    return bool(words) and words[-1] in _INDEX_LIST_LAST and _strong_device_name(words)


def _strong_device_name(words: list[str]) -> bool:
    return bool(_INDEX_WORDS & set(words)) and not _NOT_A_DEVICE & set(words)


def branches(node: cst.BaseExpression) -> Iterator[cst.BaseExpression]:
    """The values an expression may take that are written in it: both arms of a conditional
    expression and the elements of a literal list, tuple or set."""
    if isinstance(node, cst.IfExp):
        yield from branches(node.body)
        yield from branches(node.orelse)
    elif isinstance(node, (cst.List, cst.Tuple, cst.Set)):
        for element in node.elements:
            if isinstance(element, cst.Element):
                yield from branches(element.value)
    else:
        yield node


def guarded_branches(
    node: cst.BaseExpression, guarded: bool = False
) -> Iterator[tuple[cst.BaseExpression, bool]]:
    """`branches`, each with whether a conditional expression about the device chose it:
    `"cuda:0" if torch.cuda.is_available() else "cpu"` yields ("cuda:0", True), ("cpu", True)."""
    if isinstance(node, cst.IfExp):
        chosen = guarded or mentions_device(node.test)
        yield from guarded_branches(node.body, chosen)
        yield from guarded_branches(node.orelse, chosen)
    elif isinstance(node, (cst.List, cst.Tuple, cst.Set)):
        for element in node.elements:
            if isinstance(element, cst.Element):
                yield from guarded_branches(element.value, guarded)
    else:
        yield node, guarded


_INDEX_RE = re.compile(r"(\d+)\s*$")


def pinned_index(node: cst.CSTNode) -> int | None:
    """The GPU index a pinned device or an index literal names: `"cuda:1"` -> 1, `0` -> 0."""
    value = int_value(node)
    if value is not None:
        return value
    text = string_value(node)
    match = _INDEX_RE.search(text) if text is not None else None
    return int(match.group(1)) if match else None


def field_default(node: cst.BaseExpression) -> cst.BaseExpression:
    """The default a dataclass or pydantic field declares: `field(default_factory=lambda: [0])`
    holds `[0]`; any other value is itself."""
    if isinstance(node, cst.Call) and isinstance(node.func, (cst.Name, cst.Attribute)):
        func = node.func.value if isinstance(node.func, cst.Name) else node.func.attr.value
        if func in ("field", "Field"):
            for arg in node.args:
                if arg.keyword is None or arg.keyword.value not in ("default", "default_factory"):
                    continue
                value = arg.value
                return value.body if isinstance(value, cst.Lambda) else value
    return node


def pinned_in(node: cst.BaseExpression) -> Iterator[cst.BaseExpression]:
    return (value for value in branches(node) if pinned_device(value))


# --- what makes CUDA use conditional or configurable (DEV003) --------------------------------

# Functions and attributes that ask whether an accelerator is there.
AVAILABILITY = frozenset(
    {"is_available", "device_count", "is_gpu_available", "list_physical_devices"}
    | {"list_logical_devices", "is_built_with_cuda", "get_visible_devices"}
)
_CONDITION_WORDS = frozenset(
    {"device", "devices", "gpu", "gpus", "cuda", "cpu", "mps", "accelerator", "ngpu", "ngpus"}
    | {"available"}
)
# Distributed workers take their GPU from their rank.
_EVIDENCE_WORDS = _CONDITION_WORDS | {"rank"}
_DEVICE_STRINGS = frozenset({"cpu", "cuda", "mps", "gpu", "xpu", "tpu"})
# Objects that hold configuration: parsed arguments, config files, the environment, and the
# launchers that pick the device themselves.
_CONFIG_WORDS = frozenset(
    {"args", "arg", "opt", "opts", "option", "options", "cfg", "config", "conf", "configs"}
    | {"hparams", "hp", "hparam", "hyperparams", "params", "flags", "settings", "setting"}
    | {"kwargs", "cli", "environ", "env", "accelerator", "trainer", "fabric", "accelerate"}
)
_RESOLVER_VERBS = frozenset(
    {"get", "select", "choose", "pick", "resolve", "detect", "setup", "find", "try", "auto"}
    | {"available", "best", "default", "init", "infer", "determine", "prepare"}
)
_CONFIG_CLASS_WORDS = frozenset(
    {"config", "cfg", "args", "arguments", "settings", "params", "options", "hparams"}
)


# Substrings every word of _EVIDENCE_WORDS contains one of: a test that spares most names
# the word split.
_EVIDENCE_HINTS = ("dev", "gpu", "cuda", "cpu", "mps", "accel", "rank", "avail")


def device_word(name: str) -> bool:
    """`use_cuda`, `no_cuda`, `gpu_ids`, `local_rank`, `device`: a name about the device."""
    lower = name.lower()
    if not any(hint in lower for hint in _EVIDENCE_HINTS):
        return False
    return bool(_EVIDENCE_WORDS & set(identifier_words(name)))


def rank_name(name: str) -> bool:
    """`local_rank`, `rank`: a distributed worker, which takes its GPU from the launcher."""
    return "rank" in name.lower() and "rank" in identifier_words(name)


_COMPUTED_INDEX_RE = re.compile(r"^cuda:(?:$|\{|%)")


def computed_index(node: cst.CSTNode) -> bool:
    """`f"cuda:{rank}"`, `"cuda:{}".format(gpu)`, `"cuda:" + str(gpu)`: an index chosen at run
    time, which makes the device configurable."""
    if not _raw_mentions(node, "cuda:"):
        return False
    prefix = literal_prefix(node)
    if isinstance(node, cst.FormattedString) and prefix is not None:
        return prefix.startswith("cuda:") and any(
            isinstance(part, cst.FormattedStringExpression) for part in node.parts
        )
    return prefix is not None and bool(_COMPUTED_INDEX_RE.match(prefix))


def mentions_device(node: cst.CSTNode) -> bool:
    """Does an expression talk about the device: `use_cuda`, `args.gpu`, `"cpu"`,
    `torch.cuda.is_available()`? A test that does makes what it guards a choice."""
    if isinstance(node, cst.Name):
        return device_word(node.value) and not rank_name(node.value)
    if is_string(node):
        value = string_value(node)
        return value is not None and value.strip().lower() in _DEVICE_STRINGS
    return any(mentions_device(child) for child in semantic_children(node))


def _chain_words(node: cst.CSTNode) -> set[str]:
    words: set[str] = set()
    while isinstance(node, (cst.Attribute, cst.Subscript, cst.Call)):
        if isinstance(node, cst.Attribute):
            words.update(identifier_words(node.attr.value))
        node = node.func if isinstance(node, cst.Call) else node.value
    if isinstance(node, cst.Name):
        words.update(identifier_words(node.value))
    return words


def config_receiver(node: cst.CSTNode) -> bool:
    """`args`, `self.cfg.train`, `os.environ`, `accelerator`: where configuration lives."""
    return bool(_CONFIG_WORDS & _chain_words(node))


def param_names(node: cst.FunctionDef) -> list[str]:
    params = node.params
    found = [*params.posonly_params, *params.params, *params.kwonly_params]
    for star in (params.star_arg, params.star_kwarg):
        if isinstance(star, cst.Param):
            found.append(star)
    return [param.name.value for param in found]


def config_class(node: cst.ClassDef) -> bool:
    """A dataclass or a class named like a config: its attributes are settings, not uses."""
    if _CONFIG_CLASS_WORDS & set(identifier_words(node.name.value)):
        return True
    for decorator in node.decorators:
        expr = decorator.decorator
        expr = expr.func if isinstance(expr, cst.Call) else expr
        if isinstance(expr, (cst.Name, cst.Attribute)) and "dataclass" in (
            expr.value if isinstance(expr, cst.Name) else expr.attr.value
        ):
            return True
    return False


# Objects a config module builds its defaults in (yacs/detectron2 `_C = CN()`, py-faster-rcnn
# `__C = edict()`, ml_collections, OmegaConf): what is stored in them is a setting, like the
# attributes of a config class.
_CONFIG_CONTAINERS = frozenset(
    {"CfgNode", "CN", "ConfigDict", "FrozenConfigDict", "EasyDict", "edict", "AttrDict"}
    | {"DictConfig", "Box", "Munch", "Namespace", "SimpleNamespace"}
)


def config_container(qualified: str) -> bool:
    """Does a call with this (qualified) name build a configuration container?"""
    return qualified.rsplit(".", 1)[-1] in _CONFIG_CONTAINERS or qualified.endswith(
        "OmegaConf.create"
    )


def root_name(node: cst.BaseExpression) -> str | None:
    """`_C.MODEL.DEVICE` / `cfg["model"]["device"]` -> the name the chain starts from."""
    while isinstance(node, (cst.Attribute, cst.Subscript)):
        node = node.value
    return node.value if isinstance(node, cst.Name) else None


def configures_device(node: cst.Call, qualified: str, last: str) -> bool:
    """A call that makes the device configurable or resolved at run time: an argparse option
    about the device, a lookup of a device setting, a `get_device()`-style helper, a
    `torch.cuda.set_device(rank)`, Accelerate."""
    first = node.args[0].value if node.args else None
    key = string_value(first) if first is not None else None
    if last == "add_argument":
        options = (string_value(arg.value) for arg in node.args if arg.keyword is None)
        return any(device_word(option.lstrip("-")) for option in options if option)
    if last in ("get", "getenv", "pop") and key is not None:
        return device_word(key)
    if qualified.startswith("accelerate."):
        return True
    if qualified == "torch.cuda.set_device":
        return first is not None and int_value(first) is None and string_value(first) is None
    words = set(identifier_words(last))
    return (
        not qualified.startswith(("torch.", "tensorflow."))
        and bool(words & DEVICE_WORDS)
        and bool(words & _RESOLVER_VERBS)
    )


# --- CUDA_VISIBLE_DEVICES in shell text (DEV002) ----------------------------------------

# `CUDA_VISIBLE_DEVICES=0 python x.py`, `export CUDA_VISIBLE_DEVICES=0`, `env CUDA_...=0 cmd`.
_SHELL_VISIBLE_RE = re.compile(
    r"(?:^|[\s!;&(\"'])(?:export\s+)?CUDA_VISIBLE_DEVICES=(?P<value>\"[^\"]*\"|'[^']*'|\S*)"
)


def shell_sets_visible(text: str) -> bool:
    """Does a shell command line give CUDA_VISIBLE_DEVICES a literal value? `$GPU` and
    `{gpu}` (IPython or f-string placeholders) are not literals."""
    return any(
        "$" not in m["value"] and "{" not in m["value"] for m in _SHELL_VISIBLE_RE.finditer(text)
    )


# --- literal values (DEV002) -------------------------------------------------------------


def written_literal(node: cst.BaseExpression, constants: dict[str, bool]) -> bool:
    """A value written into the code: literals, `str(0)`, `",".join(["0", "1"])`, and names
    bound once, at module level, to such a value (`constants`)."""
    if isinstance(node, (cst.SimpleString, cst.Integer, cst.Float)):
        return True
    if isinstance(node, cst.Name):
        return constants.get(node.value, False)
    parts = _literal_parts(node)
    return parts is not None and all(written_literal(part, constants) for part in parts)


def _literal_parts(node: cst.BaseExpression) -> list[cst.BaseExpression] | None:
    """What must all be literal for `node` to be, or None when it never is."""
    parts: list[cst.BaseExpression] | None = None
    if isinstance(node, cst.FormattedString):
        parts = [p.expression for p in node.parts if isinstance(p, cst.FormattedStringExpression)]
    elif isinstance(node, cst.ConcatenatedString):
        parts = [node.left, node.right]
    elif isinstance(node, cst.UnaryOperation):
        parts = [node.expression]
    elif isinstance(node, cst.IfExp):
        parts = [node.body, node.orelse]
    elif isinstance(node, cst.BinaryOperation):
        parts = [node.left, node.right]
    elif isinstance(node, (cst.List, cst.Tuple)):
        if all(isinstance(e, cst.Element) for e in node.elements):
            parts = [e.value for e in node.elements]
    elif isinstance(node, cst.Call):
        func = node.func
        name = func.attr.value if isinstance(func, cst.Attribute) else getattr(func, "value", "")
        args = [a.value for a in node.args]
        if (name in ("str", "int", "join") and len(args) == 1) or (
            name == "map" and len(args) == 2
        ):
            parts = args[-1:]
    return parts

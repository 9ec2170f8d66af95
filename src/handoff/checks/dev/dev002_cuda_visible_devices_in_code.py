"""DEV002 cuda-visible-devices-in-code: `CUDA_VISIBLE_DEVICES` given a literal value by the
code itself, in Python or in a notebook's magics and shell lines."""

# libcst visitors inherit seven classes and have one method per node type they visit.
# pylint: disable=too-many-ancestors,too-many-public-methods

from __future__ import annotations

import re
from typing import Iterable

import libcst as cst

from handoff.checks.base import CodeFacts, Report
from handoff.checks.dev.devices import (
    DEVICE_GATE,
    may_name_device_in,
    shell_sets_visible,
    written_literal,
)
from handoff.checks.support import (
    SHELL_CALLS,
    OncePerLineCheck,
    argument,
    call_name,
    command_texts,
    keyword,
    method_name,
    string_value,
    target_names,
)
from handoff.sources import FileKind, Source, TextOrigin

_VISIBLE = "CUDA_VISIBLE_DEVICES"
_HINT_002 = (
    "let the scheduler or the launch command choose the GPUs, or read them from config"
    " (see `handoff explain DEV002`)"
)


# `%env CUDA_VISIBLE_DEVICES=0`, `%set_env CUDA_VISIBLE_DEVICES 0`; shell lines
# (`!CUDA_VISIBLE_DEVICES=0 python train.py`, `export ...` in a `%%bash` cell) go through
# `shell_sets_visible`.
_ENV_MAGIC_RE = re.compile(
    r"^\s*%(?:set_)?env\s+CUDA_VISIBLE_DEVICES(?:\s*=\s*|\s+)(?P<value>\S*)\s*$"
)


class CudaVisibleDevicesInCode(OncePerLineCheck):
    """DEV002: `CUDA_VISIBLE_DEVICES` given a literal value by the code itself, and by a
    notebook's magics and shell lines, which the Python parser never sees."""

    code = "DEV002"
    text_gate = DEVICE_GATE

    @classmethod
    def may_find_in(cls, source: Source, facts: CodeFacts) -> bool:
        return may_name_device_in(facts)

    text_kinds = frozenset({FileKind.NOTEBOOK})

    def __init__(self, context):
        super().__init__(context)
        self._depth = 0
        self._constants: dict[str, bool] = {}
        self._by_name: list[tuple[str, cst.CSTNode, str]] = []
        self._patched: set[int] = set()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        super().visit_FunctionDef(node)
        self._depth += 1

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        super().leave_FunctionDef(original_node)
        self._depth -= 1

    def _setting(self, node: cst.CSTNode, value: cst.BaseExpression, how: str) -> None:
        message = (
            f"{how} sets {_VISIBLE} to a value fixed in the code, which overrides the GPUs"
            f" the production host assigns; {_HINT_002}"
        )
        if isinstance(value, cst.Name) and value.value not in self._constants:
            self._by_name.append((value.value, node, message))  # bound later in the file?
        elif written_literal(value, self._constants):
            self.found(node, message)

    def visit_Assign(self, node: cst.Assign) -> None:
        for assign_target in node.targets:
            target = assign_target.target
            if isinstance(target, cst.Subscript) and _VISIBLE in target_names(target):
                self._setting(node, node.value, "this assignment")
            elif isinstance(target, cst.Name):
                first = self._depth == 0 and target.value not in self._constants
                literal = written_literal(node.value, self._constants)
                self._constants[target.value] = first and literal

    def visit_Call(self, node: cst.Call) -> None:
        qualified = call_name(node, self.imports) or ""
        if qualified.endswith("patch.dict"):  # a test patching the environment, not code
            for arg in node.args:
                self._patched.update(id(e) for e in getattr(arg.value, "elements", ()))
            return
        method = method_name(node) or qualified.rsplit(".", 1)[-1]
        if method in ("setdefault", "putenv", "__setitem__"):
            name, value = argument(node, 0), argument(node, 1)
            if name is not None and value is not None and string_value(name.value) == _VISIBLE:
                self._setting(node, value.value, f"`{method}()`")
        given = keyword(node, _VISIBLE)
        if given is not None:
            self._setting(given, given.value, "this call")
        if qualified in SHELL_CALLS and node.args:
            command = node.args[0].value
            if any(shell_sets_visible(text) for text in command_texts(command)):
                self.found(
                    command,
                    f"this command sets {_VISIBLE} to a value fixed in the code; {_HINT_002}",
                )

    def visit_Dict(self, node: cst.Dict) -> None:
        for element in node.elements:
            if isinstance(element, cst.DictElement) and string_value(element.key) == _VISIBLE:
                if id(element) not in self._patched:
                    self._setting(element, element.value, "this mapping")

    def finish(self) -> None:
        for name, node, message in self._by_name:
            if self._constants.get(name, False):
                self.found(node, message)

    def check_text(self, source: Source) -> Iterable[Report]:
        for line in source.lines:
            if line.origin is not TextOrigin.MAGIC:
                continue
            match = _ENV_MAGIC_RE.match(line.text)
            if match is not None:
                if "$" in match["value"] or "{" in match["value"]:
                    continue  # IPython expands a variable here: not a literal
            elif not shell_sets_visible(line.text):
                continue
            yield Report(
                f"this magic sets {_VISIBLE} to a value fixed in the notebook; {_HINT_002}",
                line=line.line,
                column=len(line.text) - len(line.text.lstrip()) + 1,
                cell=line.cell,
            )

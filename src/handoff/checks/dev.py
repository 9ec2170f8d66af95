"""DEV: accelerator assumptions that break on the production team's machines.

A device index pinned in code (DEV001) picks a GPU that may not exist, or that another job
owns; `CUDA_VISIBLE_DEVICES` set from code (DEV002) overrides the scheduler's choice; CUDA used
with no availability check and no way to configure it (DEV003) fails on CPU-only hosts.

Over the usual module size on purpose: the registry finds a family's checks in its own module,
so the four DEV check classes live here; what they match is in `_devices.py`.
"""

# libcst visitors inherit seven classes and have one method per node type they visit.
# pylint: disable=too-many-ancestors,too-many-public-methods

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

import libcst as cst

from handoff.checks._devices import (
    AVAILABILITY,
    OUTPUT_CALLS,
    TEXT_CALLS,
    TEXT_KEYWORDS,
    OncePerLineCheck,
    Pending,
    branches,
    command_texts,
    computed_index,
    config_class,
    config_container,
    config_receiver,
    configures_device,
    device_index,
    device_like,
    device_word,
    field_default,
    index_list,
    index_list_name,
    index_name,
    mentions_device,
    param_names,
    pinned_device,
    pinned_in,
    plain_cuda,
    rank_name,
    root_name,
    shell_sets_visible,
    text_name,
    written_literal,
)
from handoff.checks.base import Report, TextCheck
from handoff.checks.matching import (
    argument,
    call_name,
    keyword,
    method_name,
    string_value,
    target_names,
)
from handoff.sources import FileKind, Source, TextOrigin

# Calls that take one device; an int there is a GPU index too (`torch.device(1)`).
_DEVICE_CALLS = frozenset(
    {"torch.device", "torch.cuda.set_device", "torch.cuda.device", "torch.set_default_device"}
    | {"cupy.cuda.Device", "cupy.cuda.runtime.setDevice", "numba.cuda.select_device"}
    | {"mxnet.gpu", "mxnet.context.gpu", "paddle.set_device"}
)
# torch.cuda functions that only ask about a device: an index there picks nothing.
_QUERY_RE = re.compile(
    r"^(?:pynvml|GPUtil|nvidia_smi)\.|^torch\.cuda\.(?:get_|memory|max_memory|mem_get|reset_"
    r"|utilization|synchronize|empty_cache|list_gpu|temperature|power_draw|clock_rate)"
)

_HINT_001 = "read the device from config or resolve it at run time (see `handoff explain DEV001`)"


def _pinned_message(node: cst.CSTNode) -> str:
    value = string_value(node)
    if value is not None:
        return f"{value!r} pins one GPU by index; {_HINT_001}"
    return f"a literal GPU index pins one device; {_HINT_001}"


class HardcodedCudaDevice(OncePerLineCheck):
    """DEV001: a device index written into the code wherever a device is given."""

    code = "DEV001"

    def visit_Call(self, node: cst.Call) -> None:
        qualified = call_name(node, self.imports) or ""
        if self._device_call(node, qualified):
            return
        method = method_name(node)
        if method in ("to", "cuda"):
            self._method(node)
        last = qualified.rsplit(".", 1)[-1] if qualified else (method or "")
        if last in TEXT_CALLS or last.endswith(("Error", "Exception", "Warning")):
            return
        if _QUERY_RE.match(qualified):
            return  # asks about a device, picks none
        for arg in node.args:
            if arg.keyword is None:
                self._strings(arg.value)
                continue
            name = arg.keyword.value
            if name in TEXT_KEYWORDS:
                continue
            self._strings(arg.value)
            self._ints(name, arg.value)
            self._device_dict(name, arg.value)

    def _device_call(self, node: cst.Call, qualified: str) -> bool:
        """`torch.device(...)`, `torch.cuda.set_device(...)`, `tf.device(...)`: the call is
        the finding, so the device and its index read together."""
        is_tf = qualified.startswith("tensorflow.") and qualified.endswith(".device")
        if qualified not in _DEVICE_CALLS and not is_tf:
            return False
        first = argument(node, 0, "type" if qualified == "torch.device" else "device")
        if first is None:
            return True
        pinned = next(pinned_in(first.value), None)
        if pinned is None and not is_tf and device_index(first.value):
            pinned = first.value
        if qualified == "torch.device" and string_value(first.value) == "cuda":
            index = argument(node, 1, "index")
            pinned = index.value if index is not None and device_index(index.value) else None
        if pinned is not None:
            for arg in node.args:
                self.mark_seen(arg.value)
            self.found(node, _pinned_message(pinned))
        return True

    def _method(self, node: cst.Call) -> None:
        """`x.to("cuda:1")`, `x.to(1)`, `x.cuda(1)`: the first argument or `device=`."""
        arg = argument(node, 0, "device")
        if arg is None:
            return
        for value in branches(arg.value):
            if pinned_device(value) or device_index(value):
                self.found(value, _pinned_message(value))

    def _strings(self, value: cst.BaseExpression) -> None:
        for node in pinned_in(value):
            self.found(node, _pinned_message(node))

    def _ints(self, name: str, value: cst.BaseExpression) -> None:
        """A literal index under a name that holds one (`gpu_id=0`), literal indexes under a
        name that holds several (`device_ids=[0, 1]`)."""
        if (index_name(name) or name == "device_map") and device_index(value):
            self.found(value, _pinned_message(value))
        elif index_list_name(name) and index_list(value):
            self.found(
                value,
                f"{name}={cst.Module([]).code_for_node(value)} pins GPUs by index;" f" {_HINT_001}",
            )

    def _device_dict(self, name: str, value: cst.BaseExpression) -> None:
        """A mapping given as a device (`map_location={...}`, `device_map={...}`): every
        value is a device, whatever its key."""
        if not isinstance(value, cst.Dict) or not device_like(name):
            return
        for element in value.elements:
            if isinstance(element, cst.DictElement):
                self._strings(element.value)
                if name == "device_map" and device_index(element.value):
                    self.found(element.value, _pinned_message(element.value))

    def visit_Dict(self, node: cst.Dict) -> None:
        # Only values under device keys: `{"device": "cuda:1"}`, a remap `{"cuda:1": ...}`;
        # `{"trained_on": "cuda:0"}` is a record of the past, not a device to use.
        for element in node.elements:
            if not isinstance(element, cst.DictElement):
                continue
            key = string_value(element.key)
            if key is not None and (device_like(key) or pinned_device(element.key)):
                self._strings(element.value)
                self._ints(key, element.value)
                self._device_dict(key, element.value)

    def _assigned(self, targets: list[cst.BaseExpression], value: cst.BaseExpression) -> None:
        value = field_default(value)
        names = [name for target in targets for name in target_names(target)]
        if not any(text_name(name) for name in names):
            self._strings(value)
        for name in names:
            self._ints(name, value)
            self._device_dict(name, value)

    def visit_Assign(self, node: cst.Assign) -> None:
        self._assigned([t.target for t in node.targets], node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._assigned([node.target], node.value)

    def visit_Param(self, node: cst.Param) -> None:
        if node.default is not None:
            self._strings(node.default)
            self._ints(node.name.value, node.default)

    def visit_Return(self, node: cst.Return) -> None:
        if node.value is not None:
            self._strings(node.value)

    def visit_For(self, node: cst.For) -> None:
        super().visit_For(node)
        if any(device_like(name) for name in target_names(node.target)):
            self._strings(node.iter)


# --- DEV002 ---------------------------------------------------------------------------------

_VISIBLE = "CUDA_VISIBLE_DEVICES"
# Calls that run a shell command line: `os.system("CUDA_VISIBLE_DEVICES=0 python eval.py")`.
_SHELL_CALLS = frozenset(
    {"os.system", "os.popen", "subprocess.run", "subprocess.call", "subprocess.check_call"}
    | {"subprocess.check_output", "subprocess.Popen", "subprocess.getoutput"}
    | {"subprocess.getstatusoutput"}
)
_HINT_002 = (
    "let the scheduler or the launch command choose the GPUs, or read them from config"
    " (see `handoff explain DEV002`)"
)


class CudaVisibleDevicesInCode(OncePerLineCheck):
    """DEV002: `CUDA_VISIBLE_DEVICES` given a literal value by the code itself."""

    code = "DEV002"

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
        if qualified in _SHELL_CALLS and node.args:
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


# `%env CUDA_VISIBLE_DEVICES=0`, `%set_env CUDA_VISIBLE_DEVICES 0`; shell lines
# (`!CUDA_VISIBLE_DEVICES=0 python train.py`, `export ...` in a `%%bash` cell) go through
# `shell_sets_visible`.
_ENV_MAGIC_RE = re.compile(
    r"^\s*%(?:set_)?env\s+CUDA_VISIBLE_DEVICES(?:\s*=\s*|\s+)(?P<value>\S*)\s*$"
)


class CudaVisibleDevicesInMagic(TextCheck):
    """DEV002 in a notebook's magics and shell lines, which the Python parser never sees."""

    code = "DEV002"
    file_kinds = frozenset({FileKind.NOTEBOOK})

    def check(self, source: Source) -> Iterable[Report]:
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


# --- DEV003 ---------------------------------------------------------------------------------

# Calls whose first parameter is a device (keyword name in the value): `torch.Generator("cuda")`.
_DEVICE_FIRST = {
    "torch.device": "type",
    "torch.set_default_device": "device",
    "torch.Generator": "device",
}

_HINT_003 = (
    "choose the device at run time (torch.cuda.is_available()) or take it from config"
    " (see `handoff explain DEV003`)"
)


@dataclass
class _Scope:
    """A function, class or the module: does it check for a GPU or take the device from
    outside, and which unconditional CUDA uses wait for that answer."""

    evidence: bool = False
    config: bool = False  # a config class body: its defaults are configuration
    candidates: list[Pending] = field(default_factory=list)


class UnconditionalCuda(OncePerLineCheck):
    """DEV003: CUDA used with no availability check or configurable device in the module, no
    device parameter in the same function and no condition about the device around it.
    Decided at the end of the function and of the module, since the check often comes after
    the use (`if __name__ == "__main__":` at the bottom)."""

    code = "DEV003"

    def __init__(self, context):
        super().__init__(context)
        self._scopes = [_Scope()]
        self._conditions: list[bool] = []
        self._not_reads: set[int] = set()  # stores, and values only displayed
        self._containers: set[str] = set()  # names bound to a config container (`_C = CN()`)
        # Printing `torch.cuda.is_available()` reports the answer; it checks nothing.
        self._output_calls: set[int] = set()

    # scopes ---------------------------------------------------------------------------------
    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        super().visit_FunctionDef(node)
        self._scopes.append(_Scope(evidence=any(device_word(n) for n in param_names(node))))

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        super().leave_FunctionDef(original_node)
        self._close()

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        super().visit_ClassDef(node)
        self._scopes.append(_Scope(config=config_class(node)))

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        super().leave_ClassDef(original_node)
        self._close()

    def _close(self) -> None:
        scope = self._scopes.pop()
        if not scope.evidence:
            self._scopes[-1].candidates.extend(scope.candidates)

    def finish(self) -> None:
        if not self._scopes[0].evidence:
            self.emit(self._scopes[0].candidates)

    def _evidence(self) -> None:
        # An availability check, a device option or setting read anywhere in the file shows
        # the file resolves its device at run time: it covers the whole module. A parameter
        # only configures its own function (see visit_FunctionDef).
        self._scopes[0].evidence = True

    def _candidate(self, node: cst.CSTNode, what: str) -> None:
        if any(self._conditions):
            return
        item = self.pending(
            node,
            f"{what} assumes a CUDA GPU with no availability check or configurable device in"
            f" this function or module, so it fails on a CPU-only host; {_HINT_003}",
        )
        if item is not None:
            self._scopes[-1].candidates.append(item)

    # conditions -----------------------------------------------------------------------------
    def visit_If(self, node: cst.If) -> None:
        super().visit_If(node)
        self._conditions.append(mentions_device(node.test))

    def leave_If(self, original_node: cst.If) -> None:
        super().leave_If(original_node)
        self._conditions.pop()

    def visit_IfExp(self, node: cst.IfExp) -> None:
        self._conditions.append(
            mentions_device(node.test)
            or (mentions_device(node.body) and mentions_device(node.orelse))
        )

    def leave_IfExp(self, original_node: cst.IfExp) -> None:
        self._conditions.pop()

    # evidence -------------------------------------------------------------------------------
    def visit_Name(self, node: cst.Name) -> None:
        if (node.value in AVAILABILITY and not self._printing) or rank_name(node.value):
            self._evidence()

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if computed_index(node):
            self._evidence()

    def visit_FormattedString(self, node: cst.FormattedString) -> None:
        if computed_index(node):
            self._evidence()

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if id(node) in self._not_reads:
            return
        if (node.attr.value in AVAILABILITY and not self._printing) or (
            device_word(node.attr.value) and config_receiver(node.value)
        ):
            self._evidence()

    def visit_Expr(self, node: cst.Expr) -> None:
        self._not_reads.add(id(node.value))  # a value only displayed (a notebook's last line)

    def visit_Subscript(self, node: cst.Subscript) -> None:
        if id(node) in self._not_reads:
            return
        keys = list(target_names(node))
        if keys and device_word(keys[0]) and config_receiver(node.value):
            self._evidence()

    @property
    def _printing(self) -> bool:
        return bool(self._output_calls)

    def leave_Call(self, original_node: cst.Call) -> None:
        self._output_calls.discard(id(original_node))

    def _stored(self, target: cst.BaseExpression) -> None:
        self._not_reads.add(id(target))
        if isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._stored(element.value)

    # candidates -----------------------------------------------------------------------------
    def visit_Call(self, node: cst.Call) -> None:
        qualified = call_name(node, self.imports) or ""
        method = method_name(node) or ""
        last = qualified.rsplit(".", 1)[-1] if qualified else method
        if configures_device(node, qualified, last):
            self._evidence()
        if last in OUTPUT_CALLS:
            self._output_calls.add(id(node))
        if last in TEXT_CALLS:
            return
        if method == "cuda" and argument(node, 0, "device") is None:
            assert isinstance(node.func, cst.Attribute)
            self._candidate(node.func.attr, "`.cuda()`")
        elif qualified in _DEVICE_FIRST:
            first = argument(node, 0, _DEVICE_FIRST[qualified])
            if first is not None and plain_cuda(first.value) and argument(node, 1, "index") is None:
                self._candidate(node, f'`{qualified}("cuda")`')
        elif method == "to":
            first = argument(node, 0, "device")
            if first is not None and plain_cuda(first.value):
                self._candidate(first.value, "`.to()` with the CUDA device")
        if qualified == "dict":
            return  # a config mapping: the device setting, not a use of it
        for arg in node.args:
            if arg.keyword is not None and device_like(arg.keyword.value):
                if plain_cuda(arg.value):
                    self._candidate(arg.value, f"`{arg.keyword.value}=` the CUDA device")

    def _bind_containers(
        self, targets: list[cst.BaseExpression], value: cst.BaseExpression
    ) -> None:
        if isinstance(value, cst.Call):
            built = config_container(call_name(value, self.imports) or "")
        else:
            built = isinstance(value, cst.Name) and value.value in self._containers  # `cfg = __C`
        if built:
            self._containers.update(t.value for t in targets if isinstance(t, cst.Name))

    def _setting(self, target: cst.BaseExpression) -> bool:
        """`_C.MODEL.DEVICE = "cuda"` where `_C = CN()`: a default stored in the config tree
        this file defines, not a use (`cfg.MODEL.DEVICE = "cuda"` on a loaded config is)."""
        return not isinstance(target, cst.Name) and root_name(target) in self._containers

    def _assigned(self, targets: list[cst.BaseExpression], value: cst.BaseExpression) -> None:
        for target in targets:
            self._stored(target)
        self._bind_containers(targets, value)
        if not plain_cuda(value) or self._scopes[-1].config:
            return
        if any(self._setting(target) for target in targets):
            return
        names = [name for target in targets for name in target_names(target)]
        if any(device_like(name) for name in names):
            self._candidate(value, f"`{names[0]}` set to the CUDA device")

    def visit_Assign(self, node: cst.Assign) -> None:
        self._assigned([t.target for t in node.targets], node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._assigned([node.target], node.value)
        else:
            self._stored(node.target)

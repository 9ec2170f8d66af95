"""DEV001 hardcoded-cuda-device: a GPU index written into the code wherever a device is given."""

# libcst visitors inherit seven classes and have one method per node type they visit.
# pylint: disable=too-many-ancestors,too-many-public-methods

from __future__ import annotations

import re

import libcst as cst

from handoff.checks.base import CodeFacts
from handoff.checks.dev.devices import (
    DEVICE_CALLS,
    DEVICE_GATE,
    TEXT_CALLS,
    TEXT_KEYWORDS,
    device_index,
    device_like,
    field_default,
    guarded_branches,
    index_list,
    index_list_name,
    index_name,
    may_name_device_in,
    mentions_device,
    pinned_device,
    pinned_index,
    text_name,
)
from handoff.checks.support import (
    OncePerLineCheck,
    argument,
    call_name,
    code_of,
    method_name,
    string_value,
    target_names,
)
from handoff.findings import Severity
from handoff.sources import Source

# Calls that take one device; an int there is a GPU index too (`torch.device(1)`).
# torch.cuda functions that only ask about a device: an index there picks nothing.
_QUERY_RE = re.compile(
    r"^(?:pynvml|GPUtil|nvidia_smi)\.|^torch\.cuda\.(?:get_|memory|max_memory|mem_get|reset_"
    r"|utilization|synchronize|empty_cache|list_gpu|temperature|power_draw|clock_rate)"
)

_HINT_001 = "read the device from config or resolve it at run time (see `handoff explain DEV001`)"


_HINT_FIRST = (
    'leave the GPU to CUDA_VISIBLE_DEVICES (`"cuda"`) or read the index from config or'
    " LOCAL_RANK (see `handoff explain DEV001`)"
)
# Comparison operators whose literal side is a device the code expects to be on.
_EQUALITY = (cst.Equal, cst.NotEqual, cst.Is, cst.IsNot)


def _shown(node: cst.CSTNode) -> str:
    value = string_value(node)
    if value is not None:
        return repr(value)
    index = pinned_index(node)
    return f"GPU index {index}" if index is not None else "a literal GPU index"


def _pinned_message(node: cst.CSTNode) -> str:
    value = string_value(node)
    if value is not None:
        return f"{value!r} pins one GPU by index; {_HINT_001}"
    return f"a literal GPU index pins one device; {_HINT_001}"


def _guarded_message(node: cst.CSTNode) -> str:
    return (
        f"{_shown(node)} behind a GPU check runs on CPU, but on a GPU host it always takes the"
        " first visible GPU, which a multi-GPU server or a rank launcher cannot change (lower"
        f" severity: it never fails on a CPU host); {_HINT_FIRST}"
    )


def _comparison_message(node: cst.CSTNode) -> str:
    return (
        f"comparing a device with {_shown(node)} assumes the work sits on that GPU; under a"
        " rank launcher or another CUDA_VISIBLE_DEVICES it is elsewhere (lower severity: it"
        ' picks no device); compare `device.type == "cuda"` or with the device the code'
        " chose"
    )


class HardcodedCudaDevice(OncePerLineCheck):
    """DEV001: a device index written into the code wherever a device is given."""

    code = "DEV001"
    text_gate = DEVICE_GATE

    @classmethod
    def may_find_in(cls, source: Source, facts: CodeFacts) -> bool:
        return may_name_device_in(facts)

    def __init__(self, context):
        super().__init__(context)
        self._conditions: list[bool] = []  # enclosing `if`s: is their test about the device?
        self._comparisons = 0  # inside `x.device == ...`
        self._asserts = 0  # a test's expectation, not a choice of device

    def _pin(self, node: cst.CSTNode, guarded: bool = False, message: str | None = None) -> None:
        """A pinned device at `node`. Behind a check about the device (`"cuda:0" if
        torch.cuda.is_available() else "cpu"`, `if use_cuda: set_device(0)`), the first GPU
        is a milder variant: it runs on CPU and only ignores the launcher's choice of GPU."""
        severity = None
        if self._comparisons and self._asserts:
            return
        if self._comparisons:
            severity, message = Severity.LOW, _comparison_message(node)
        elif (guarded or any(self._conditions)) and pinned_index(node) == 0:
            severity, message = Severity.LOW, _guarded_message(node)
        self.found(node, message or _pinned_message(node), severity)

    def visit_If(self, node: cst.If) -> None:
        self._conditions.append(mentions_device(node.test))

    def leave_If(self, original_node: cst.If) -> None:
        self._conditions.pop()

    def visit_Assert(self, node: cst.Assert) -> None:
        self._asserts += 1

    def leave_Assert(self, original_node: cst.Assert) -> None:
        self._asserts -= 1

    def visit_Comparison(self, node: cst.Comparison) -> None:
        """`str(x.device) != "cuda:0"`, `x.device == torch.device("cuda:0")`: code that
        expects the first GPU (an `assert` in a test states an expectation and is left out)."""
        self._comparisons += 1
        if self._asserts:
            return
        operands = [node.left] + [target.comparator for target in node.comparisons]
        for index, operand in enumerate(operands):
            if not pinned_device(operand):
                continue
            before = node.comparisons[index - 1].operator if index else None
            after = node.comparisons[index].operator if index < len(node.comparisons) else None
            if isinstance(before, _EQUALITY) or isinstance(after, _EQUALITY):
                self._pin(operand)
            elif isinstance(after, (cst.In, cst.NotIn)):  # `"cuda:0" in str(device)`
                self._pin(operand)

    def leave_Comparison(self, original_node: cst.Comparison) -> None:
        self._comparisons -= 1

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
        if qualified not in DEVICE_CALLS and not is_tf:
            return False
        first = argument(node, 0, "type" if qualified == "torch.device" else "device")
        if first is None:
            return True
        pinned, guarded = next(
            ((v, g) for v, g in guarded_branches(first.value) if pinned_device(v)), (None, False)
        )
        if pinned is None and not is_tf and device_index(first.value):
            pinned = first.value
        if qualified == "torch.device" and string_value(first.value) == "cuda":
            index = argument(node, 1, "index")
            pinned = index.value if index is not None and device_index(index.value) else None
        if pinned is not None:
            for arg in node.args:
                self.mark_seen(arg.value)
            self._pin_call(node, pinned, guarded)
        return True

    def _pin_call(self, node: cst.Call, pinned: cst.CSTNode, guarded: bool) -> None:
        """The finding on the whole device call, judged by the index it pins."""
        if self._comparisons and self._asserts:
            return
        if self._comparisons:
            self.found(node, _comparison_message(pinned), Severity.LOW)
        elif (guarded or any(self._conditions)) and pinned_index(pinned) == 0:
            self.found(node, _guarded_message(pinned), Severity.LOW)
        else:
            self.found(node, _pinned_message(pinned))

    def _method(self, node: cst.Call) -> None:
        """`x.to("cuda:1")`, `x.to(1)`, `x.cuda(1)`: the first argument or `device=`."""
        arg = argument(node, 0, "device")
        if arg is None:
            return
        for value, guarded in guarded_branches(arg.value):
            if pinned_device(value) or device_index(value):
                self._pin(value, guarded)

    def _strings(self, value: cst.BaseExpression) -> None:
        for node, guarded in guarded_branches(value):
            if pinned_device(node):
                self._pin(node, guarded)

    def _ints(self, name: str, value: cst.BaseExpression) -> None:
        """A literal index under a name that holds one (`gpu_id=0`), literal indexes under a
        name that holds several (`device_ids=[0, 1]`)."""
        if index_name(name) or name == "device_map":
            # `device=0 if torch.cuda.is_available() else -1`: either arm may be the index.
            choices = guarded_branches(value) if isinstance(value, cst.IfExp) else [(value, False)]
            for branch, guarded in choices:
                if device_index(branch):
                    self._pin(branch, guarded)
        elif index_list_name(name) and index_list(value):
            self._pin(value, message=f"{name}={code_of(value)} pins GPUs by index; {_HINT_001}")

    def _device_dict(self, name: str, value: cst.BaseExpression) -> None:
        """A mapping given as a device (`map_location={...}`, `device_map={...}`): every
        value is a device, whatever its key."""
        if not device_like(name):
            return
        for mapping, guarded in guarded_branches(value):  # `{"": 0} if cuda else None`
            if not isinstance(mapping, cst.Dict):
                continue
            for element in mapping.elements:
                if not isinstance(element, cst.DictElement):
                    continue
                for item, chosen in guarded_branches(element.value, guarded):
                    if pinned_device(item) or (name == "device_map" and device_index(item)):
                        self._pin(item, chosen)

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

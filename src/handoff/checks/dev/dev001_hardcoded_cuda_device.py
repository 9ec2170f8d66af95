"""DEV001 hardcoded-cuda-device: a GPU index written into the code wherever a device is given."""

# libcst visitors inherit seven classes and have one method per node type they visit.
# pylint: disable=too-many-ancestors,too-many-public-methods

from __future__ import annotations

import re

import libcst as cst

from handoff.checks.dev.devices import (
    TEXT_CALLS,
    TEXT_KEYWORDS,
    branches,
    device_index,
    device_like,
    field_default,
    index_list,
    index_list_name,
    index_name,
    pinned_device,
    pinned_in,
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
                f"{name}={code_of(value)} pins GPUs by index; {_HINT_001}",
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

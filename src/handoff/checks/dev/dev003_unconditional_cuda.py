"""DEV003 unconditional-cuda: CUDA used with no availability check or configurable device."""

# libcst visitors inherit seven classes and have one method per node type they visit.
# pylint: disable=too-many-ancestors,too-many-public-methods

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from handoff.checks.dev.devices import (
    AVAILABILITY,
    OUTPUT_CALLS,
    TEXT_CALLS,
    computed_index,
    config_class,
    config_container,
    config_receiver,
    configures_device,
    device_like,
    device_word,
    mentions_device,
    param_names,
    plain_cuda,
    rank_name,
    root_name,
)
from handoff.checks.support import (
    OncePerLineCheck,
    Pending,
    argument,
    call_name,
    method_name,
    target_names,
)

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

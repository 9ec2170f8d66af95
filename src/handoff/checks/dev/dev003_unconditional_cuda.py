"""DEV003 unconditional-cuda: CUDA used where nothing checks for a GPU or chooses the device.

Each use is judged on its own: it is guarded when it sits under a condition about the device
(`if use_cuda:`, `if not torch.cuda.is_available(): return` above it, `x.cuda() if on_gpu
else x`, a `skipif` decorator), or when the device it is given comes from a check, config, the
command line or the environment. The names a condition or a `.to(device)` reads are followed
to what the function or the module assigns them, after the whole file is read (the check or
the binding often comes after the function that uses it). One finding per function, class body
or module top level (a notebook's top-level cells are one block), at its first unguarded use.
"""

# libcst visitors inherit seven classes and have one method per node type they visit.
# pylint: disable=too-many-ancestors,too-many-public-methods

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Union

import libcst as cst

from handoff.checks.base import CodeFacts
from handoff.checks.dev.devices import (
    AVAILABILITY,
    DEVICE_GATE,
    OUTPUT_CALLS,
    TEXT_CALLS,
    computed_index,
    config_class,
    config_container,
    config_receiver,
    configures_device,
    device_like,
    device_word,
    may_name_device_in,
    mentions_device,
    param_names,
    plain_cuda,
    rank_name,
    root_name,
)
from handoff.checks.support import (
    OncePerLineCheck,
    argument,
    call_name,
    dotted_name,
    identifier_words,
    is_string,
    method_name,
    target_names,
)
from handoff.sources import FileKind, Source
from handoff.traversal import semantic_children

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

# A condition guarding a use: decided already (True: it is about the device), or the names it
# reads, decided at the end of the file by what they hold (`ok = torch.cuda.is_available()`).
Guard = Union[bool, frozenset]

# Decorators that run a function only where a GPU is: `@requires_gpu`, `@pytest.mark.skipif(
# not torch.cuda.is_available(), ...)`, `@unittest.skipUnless(...)`, `@pytest.mark.cuda`.
_SKIP_WORDS = frozenset({"skip", "skipif", "skipunless", "requires", "require", "needs", "mark"})


@dataclass
class _Binding:
    """What an assignment gives a name: the CUDA device (`"cuda"`, `torch.device("cuda")`), a
    device check or setting (`torch.cuda.is_available()`, `args.device`), another name, or
    something else; and the conditions it sits under."""

    kind: str  # "cuda", "check", "alias", "other"
    guards: tuple[Guard, ...] = ()
    alias: str | None = None


@dataclass
class _Use:
    node: cst.CSTNode
    what: str
    statement: int  # uses in one statement are one thing to fix
    guards: tuple[Guard, ...]
    name: str | None = None  # `.to(device)`: a use only if `device` holds the CUDA device


@dataclass
class _Scope:
    """A function, class body or the module: its names, its uses, and what guards all of it
    (a skip decorator, or a distributed worker that takes its GPU from its rank)."""

    kind: str  # "module", "function", "class"
    parent: _Scope | None = None
    config: bool = False  # a config class body: its defaults are configuration
    launcher: bool = False
    guards: tuple[Guard, ...] = ()
    params: set[str] = field(default_factory=set)
    bindings: dict[str, list[_Binding]] = field(default_factory=dict)
    uses: list[_Use] = field(default_factory=list)


def _names_in(node: cst.CSTNode) -> Iterator[str]:
    if isinstance(node, cst.Name):
        yield node.value
    for child in semantic_children(node):
        yield from _names_in(child)


# A branch taken only in a distributed run (`if distributed:`, `if args.ddp:`) runs on the GPU
# its launcher assigned.
_DISTRIBUTED_WORDS = frozenset({"distributed", "ddp", "multiprocessing"})


def _guard(test: cst.BaseExpression) -> Guard:
    names = frozenset(_names_in(test))
    if mentions_device(test) or any(
        _DISTRIBUTED_WORDS & set(identifier_words(name)) for name in names
    ):
        return True
    return names


def _bound_names(target: cst.BaseExpression) -> Iterator[str]:
    """Plain names an assignment binds (`self.x` and `d["x"]` bind none)."""
    if isinstance(target, cst.Name):
        yield target.value
    elif isinstance(target, (cst.Tuple, cst.List)):
        for element in target.elements:
            yield from _bound_names(element.value)
    elif isinstance(target, cst.StarredElement):
        yield from _bound_names(target.value)


def _exits(block: cst.BaseSuite) -> bool:
    """Does a block end by leaving (`return`, `raise`, `sys.exit()`, `continue`)?"""
    if not isinstance(block, cst.IndentedBlock) or not block.body:
        return False
    last = block.body[-1]
    if not isinstance(last, cst.SimpleStatementLine) or not last.body:
        return False
    statement = last.body[-1]
    if isinstance(statement, (cst.Return, cst.Raise, cst.Continue, cst.Break)):
        return True
    if isinstance(statement, cst.Expr) and isinstance(statement.value, cst.Call):
        name = dotted_name(statement.value.func) or ""
        return name.rsplit(".", 1)[-1] in ("exit", "quit", "_exit", "skip")
    return False


class UnconditionalCuda(OncePerLineCheck):
    """DEV003: CUDA used with no condition about the device around it and no configurable
    device behind it; one finding per function (or top-level block) at its first such use."""

    code = "DEV003"
    text_gate = DEVICE_GATE

    @classmethod
    def may_find_in(cls, source: Source, facts: CodeFacts) -> bool:
        return may_name_device_in(facts)

    def __init__(self, context):
        super().__init__(context)
        self._module = _Scope("module")
        self._scopes = [self._module]
        self._all_scopes = [self._module]
        self._conditions: list[Guard] = []  # enclosing `if`s and conditional expressions
        self._blocks: list[list[Guard]] = [[]]  # early exits seen so far in each open block
        self._statements: list[int] = []
        self._containers: set[str] = set()  # names bound to a config container (`_C = CN()`)
        self._module_guards: list[Guard] = []  # `pytestmark = pytest.mark.skipif(...)`

    # scopes and blocks -----------------------------------------------------------------------
    def _open(self, scope: _Scope) -> None:
        self._scopes.append(scope)
        self._all_scopes.append(scope)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        scope = _Scope("function", parent=self._scopes[-1])
        scope.params = set(param_names(node))
        # `def evaluate(model, loader, device)`: the caller chooses the device; a `.cuda()` next
        # to an unused device parameter is ambiguous, and left alone.
        scope.launcher = any(device_word(name) for name in scope.params)
        scope.guards = tuple(
            _guard(d.decorator) for d in node.decorators if self._skip_decorator(d.decorator)
        )
        self._bind_name(node.name.value, _Binding("other"))
        self._open(scope)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._scopes.pop()

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._bind_name(node.name.value, _Binding("other"))
        self._open(_Scope("class", parent=self._scopes[-1], config=config_class(node)))

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._scopes.pop()

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        self._blocks.append([])

    def leave_IndentedBlock(self, original_node: cst.IndentedBlock) -> None:
        self._blocks.pop()

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        self._statements.append(id(node))

    def leave_SimpleStatementLine(self, original_node: cst.SimpleStatementLine) -> None:
        self._statements.pop()

    @staticmethod
    def _skip_decorator(node: cst.BaseExpression) -> bool:
        func = node.func if isinstance(node, cst.Call) else node
        words = set(identifier_words((dotted_name(func) or "").replace(".", "_")))
        return bool(words & _SKIP_WORDS)

    # conditions ------------------------------------------------------------------------------
    def visit_If(self, node: cst.If) -> None:
        self._conditions.append(_guard(node.test))

    def leave_If(self, original_node: cst.If) -> None:
        guard = self._conditions.pop()
        # `if not torch.cuda.is_available(): return`: what follows in the block is guarded.
        if original_node.orelse is None and _exits(original_node.body):
            self._blocks[-1].append(guard)

    def visit_IfExp(self, node: cst.IfExp) -> None:
        chosen = mentions_device(node.body) and mentions_device(node.orelse)
        self._conditions.append(True if chosen else _guard(node.test))

    def leave_IfExp(self, original_node: cst.IfExp) -> None:
        self._conditions.pop()

    def visit_Assert(self, node: cst.Assert) -> None:
        # `assert torch.cuda.is_available()`: the author requires a GPU and says so.
        self._blocks[-1].append(_guard(node.test))

    def _current_guards(self) -> tuple[Guard, ...]:
        return (*self._conditions, *(g for block in self._blocks for g in block))

    # names -----------------------------------------------------------------------------------
    def _bind_name(self, name: str, binding: _Binding) -> None:
        self._scopes[-1].bindings.setdefault(name, []).append(binding)

    def _classify(self, value: cst.BaseExpression) -> _Binding:
        guards = self._current_guards()
        if self._cuda_value(value):
            return _Binding("cuda", guards)
        if isinstance(value, cst.Name):
            return _Binding("alias", guards, alias=value.value)
        if isinstance(value, cst.Call) and call_name(value, self.imports) in _DEVICE_FIRST:
            first = argument(value, 0, _DEVICE_FIRST[call_name(value, self.imports) or ""])
            if first is not None and isinstance(first.value, cst.Name) and len(value.args) == 1:
                return _Binding("alias", guards, alias=first.value.value)  # torch.device(DEVICE)
        return _Binding("check" if self._evidence(value) else "other", guards)

    def _cuda_value(self, value: cst.BaseExpression) -> bool:
        """`"cuda"` or `torch.device("cuda")`: the CUDA device, written as such."""
        if plain_cuda(value):
            return True
        if not isinstance(value, cst.Call):
            return False
        qualified = call_name(value, self.imports) or ""
        if qualified != "torch.device":
            return False
        first = argument(value, 0, "type")
        return first is not None and plain_cuda(first.value) and argument(value, 1, "index") is None

    def _evidence(self, node: cst.CSTNode) -> bool:
        """Does a value come from a device check or setting: `torch.cuda.is_available()`,
        `args.cuda`, `cfg["device"]`, `os.environ.get("DEVICE")`, `get_device()`, a
        conditional expression choosing by the device?"""
        if isinstance(node, cst.Call):
            qualified = call_name(node, self.imports) or ""
            last = qualified.rsplit(".", 1)[-1] if qualified else (method_name(node) or "")
            if last in OUTPUT_CALLS:
                return False  # `print(torch.cuda.is_available())` shows the answer, checks nothing
            found = configures_device(node, qualified, last)
        elif isinstance(node, cst.Name):
            found = node.value in AVAILABILITY
        elif isinstance(node, cst.Attribute):
            found = node.attr.value in AVAILABILITY or (
                device_word(node.attr.value) and config_receiver(node.value)
            )
        elif isinstance(node, cst.Subscript):
            keys = list(target_names(node))
            found = bool(keys) and device_word(keys[0]) and config_receiver(node.value)
        elif isinstance(node, cst.IfExp):
            found = mentions_device(node.test)
        else:
            found = isinstance(node, (cst.SimpleString, cst.FormattedString)) and computed_index(
                node
            )
        return found or any(self._evidence(child) for child in semantic_children(node))

    def _lookup(self, name: str, scope: _Scope) -> list[_Binding] | None:
        """The bindings `name` reads in `scope`, as Python resolves it (class bodies are not
        enclosing scopes of their methods); None for a parameter or a name never assigned."""
        current: _Scope | None = scope
        while current is not None:
            if current.kind != "class" or current is scope:
                if name in current.params:
                    return None
                if name in current.bindings:
                    return current.bindings[name]
            current = current.parent
        return None

    def _holds_cuda(self, name: str, scope: _Scope, depth: int = 0) -> bool:
        """Every binding of `name` is the CUDA device, assigned with nothing guarding it."""
        bindings = self._lookup(name, scope)
        if not bindings or depth > 8:
            return False
        for binding in bindings:
            if self._guarded(binding.guards, scope, depth):
                return False
            if binding.kind == "alias" and binding.alias is not None:
                if not self._holds_cuda(binding.alias, scope, depth + 1):
                    return False
            elif binding.kind != "cuda":
                return False
        return True

    def _checks(self, name: str, scope: _Scope, depth: int = 0) -> bool:
        """Does `name` hold a device check or setting (`use_cuda = torch.cuda.is_available()`)?"""
        bindings = self._lookup(name, scope)
        if not bindings or depth > 8:
            return False
        return any(
            binding.kind == "check"
            or (
                binding.kind == "alias"
                and binding.alias is not None
                and self._checks(binding.alias, scope, depth + 1)
            )
            for binding in bindings
        )

    def _guarded(self, guards: tuple[Guard, ...], scope: _Scope, depth: int = 0) -> bool:
        return any(
            guard is True or (guard and any(self._checks(name, scope, depth + 1) for name in guard))
            for guard in guards
        )

    # launchers and output --------------------------------------------------------------------
    def visit_Name(self, node: cst.Name) -> None:
        if rank_name(node.value):
            self._scopes[-1].launcher = True  # a distributed worker: its GPU comes from its rank

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if computed_index(node):
            self._scopes[-1].launcher = True

    def visit_FormattedString(self, node: cst.FormattedString) -> None:
        if computed_index(node):
            self._scopes[-1].launcher = True

    # uses ------------------------------------------------------------------------------------
    def _use(self, node: cst.CSTNode, what: str, name: str | None = None) -> None:
        statement = self._statements[-1] if self._statements else id(node)
        self._scopes[-1].uses.append(_Use(node, what, statement, self._current_guards(), name))

    def _device_value(self, node: cst.BaseExpression, what: str) -> None:
        """A device given: `"cuda"` is a use; a name is one if it holds the CUDA device."""
        if plain_cuda(node):
            self._use(node, what)
        elif isinstance(node, cst.Name):
            self._use(node, f"{what} (`{node.value}` is the CUDA device)", name=node.value)

    def visit_Call(self, node: cst.Call) -> None:
        qualified = call_name(node, self.imports) or ""
        method = method_name(node) or ""
        last = qualified.rsplit(".", 1)[-1] if qualified else method
        if qualified.startswith("accelerate.") or (
            qualified == "torch.cuda.set_device"
            and node.args
            and configures_device(node, qualified, last)
        ):
            self._scopes[-1].launcher = True
        if last in TEXT_CALLS:
            return
        if method == "cuda" and argument(node, 0, "device") is None:
            assert isinstance(node.func, cst.Attribute)
            self._use(node.func.attr, "`.cuda()`")
        elif qualified in _DEVICE_FIRST:
            first = argument(node, 0, _DEVICE_FIRST[qualified])
            if first is not None and argument(node, 1, "index") is None:
                if plain_cuda(first.value):
                    self._use(node, f'`{qualified}("cuda")`')
                elif isinstance(first.value, cst.Name):
                    self._device_value(first.value, f"`{qualified}()`")
        elif method == "to":
            first = argument(node, 0, "device")
            if first is not None:
                self._device_value(first.value, "`.to()` with the CUDA device")
        if qualified == "dict":
            return  # a config mapping: the device setting, not a use of it
        for arg in node.args:
            if arg.keyword is not None and device_like(arg.keyword.value):
                self._device_value(arg.value, f"`{arg.keyword.value}=` the CUDA device")

    # assignments -----------------------------------------------------------------------------
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
        self._bind_containers(targets, value)
        binding = self._classify(value)
        for target in targets:
            simple = isinstance(target, cst.Name)
            for name in _bound_names(target):
                self._bind_name(name, binding if simple else _Binding("other"))
        if any(self._visible_devices(target) for target in targets) and not is_string(value):
            self._scopes[-1].launcher = True  # `os.environ["CUDA_VISIBLE_DEVICES"] = args.gpu`
        if any(name == "pytestmark" for t in targets for name in _bound_names(t)):
            if self._skip_decorator(value):
                self._module_guards.append(_guard(value))
        if not plain_cuda(value) or self._scopes[-1].config:
            return
        if any(self._setting(target) for target in targets):
            return
        names = [name for target in targets for name in target_names(target)]
        if any(device_like(name) for name in names):
            self._use(value, f"`{names[0]}` set to the CUDA device")

    @staticmethod
    def _visible_devices(target: cst.BaseExpression) -> bool:
        return isinstance(target, cst.Subscript) and "CUDA_VISIBLE_DEVICES" in target_names(target)

    def visit_Assign(self, node: cst.Assign) -> None:
        self._assigned([t.target for t in node.targets], node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._assigned([node.target], node.value)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        for name in _bound_names(node.target):
            self._bind_name(name, _Binding("other"))

    def visit_For(self, node: cst.For) -> None:
        for name in _bound_names(node.target):
            self._bind_name(name, _Binding("other"))

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            for name in _bound_names(node.asname.name):  # type: ignore[arg-type]
                self._bind_name(name, _Binding("other"))

    # decisions -------------------------------------------------------------------------------
    def _scope_guarded(self, scope: _Scope) -> bool:
        current: _Scope | None = scope
        while current is not None:
            if current.launcher or self._guarded(current.guards, scope):
                return True
            current = current.parent
        return self._guarded(tuple(self._module_guards), self._module)

    def _unguarded(self, use: _Use, scope: _Scope) -> bool:
        if self._guarded(use.guards, scope):
            return False
        return use.name is None or self._holds_cuda(use.name, scope)

    def _where(self, scope: _Scope) -> str:
        if scope.kind == "function":
            return "in this function"
        if scope.kind == "class":
            return "in this class body"
        if self.context.source.kind == FileKind.NOTEBOOK:
            return "in this notebook's top-level cells"
        return "at the top level of this module"

    def finish(self) -> None:
        for scope in self._all_scopes:
            if self._scope_guarded(scope):
                continue
            uses = [use for use in scope.uses if self._unguarded(use, scope)]
            if not uses:
                continue
            first = uses[0]
            more = len({use.statement for use in uses} - {first.statement})
            tail = f" (and {more} more use{'s' if more > 1 else ''} {self._where(scope)})"
            self.found(
                first.node,
                f"{first.what} assumes a CUDA GPU with no availability check or configurable"
                f" device around it, so it fails on a CPU-only host; {_HINT_003}"
                + (tail if more else ""),
            )

"""Is this file a training entry point, and does it seed its generators or control cuDNN?

One `Analysis` for REPRO002 and REPRO003. An entry point is a module with a training step (a
`.backward()`, an optimizer step, a `.fit(`, `trainer.train()`, a call of an imported
`train_one_epoch`) and a `__main__` guard, or one whose top level runs a training step
(a script without a guard, a notebook). A module with a training loop and neither is a library:
its caller is the entry point.

Seeding counts where it runs: at the top level or in a function the module calls (followed
through its own functions), so a `set_seed` helper defined or imported but never called does
not count.
"""

# libcst visitors inherit seven classes and have one method per node type they visit.
# pylint: disable=too-many-ancestors,too-many-public-methods,too-many-instance-attributes
# pylint: disable=too-many-return-statements  # one per kind of training step

from __future__ import annotations

import re
from dataclasses import dataclass, field

import libcst as cst

from handoff.checks.base import Analysis, CodeFacts, FileContext, Gate
from handoff.checks.support import (
    call_name,
    dotted_name,
    identifier_words,
    keyword,
    method_name,
    string_value,
)
from handoff.traversal import semantic_children

# Receivers whose `.fit(` prepares data deterministically rather than training a model.
_PREPROCESSING = frozenset(
    {"scaler", "encoder", "vectorizer", "tokenizer", "imputer", "pca", "normalizer"}
    | {"binarizer", "discretizer", "selector", "svd", "tfidf", "le", "ohe", "sc"}
)
_OPTIMIZER_WORDS = frozenset({"optimizer", "optimizers", "optim", "opt", "optimiser", "scaler"})
_TRAIN_FUNCTIONS = frozenset({"xgboost.train", "lightgbm.train", "catboost.train", "xgb.train"})
_STEP_METHODS = frozenset({"backward", "train_on_batch", "fit_generator", "apply_gradients"})
_STEP_METHODS |= {"learn"}
# What a file must contain to have a training step: a step method, `.step(`/`.fit(`/`.train(`
# (also inside `train_one_epoch`, `xgb.train`), or an optimizer's `.update(`.
TRAINING_GATE = Gate(_STEP_METHODS, {"step", "fit", "train", "optim"}, pattern=r"\btx\b")
_UPDATER_NAMES = re.compile(r"opt|scaler|tx", re.IGNORECASE)


def may_train_in(facts: CodeFacts) -> bool:
    """Whether the code makes a call `_step` could count: a step method, a `fit` or
    `train`, a function named for training (`train_one_epoch(...)`), or a `step`/`update`
    where an optimizer is named."""
    calls = facts.calls
    if not calls.isdisjoint(_STEP_METHODS | {"fit", "train"}):
        return True
    named = (c for c in calls if c[:3].lower() in ("tra", "fit"))
    if any(identifier_words(call)[:1] in (["train"], ["fit"]) for call in named):
        return True
    return not calls.isdisjoint({"step", "update"}) and any(
        set(identifier_words(name)) & (_OPTIMIZER_WORDS | {"tx"})
        for name in facts.items_matching(_UPDATER_NAMES)
    )


_SEED_CALLS = frozenset(
    {"jax.random.PRNGKey", "jax.random.key", "numpy.random.default_rng", "numpy.random.RandomState"}
    | {"random.Random", "numpy.random.Generator", "torch.Generator.manual_seed"}
)
# Trainers that call `set_seed(args.seed)` themselves: transformers' and those built on it.
_SEEDING_TRAINERS = ("transformers.", "trl.", "setfit.", "sentence_transformers.")
_SEED_KEYWORDS = ("seed", "random_state", "random_seed", "rng_seed")
_DETERMINISM_WORDS = frozenset(
    {"deterministic", "determinism", "reproducible", "reproducibility", "benchmark", "cudnn"}
)
_CUDNN = "torch.backends.cudnn"
# Generators an entry point may use, by the module that owns them.
GENERATORS = {
    "random": "random",
    "numpy": "numpy",
    "torch": "torch",
    "tensorflow": "tensorflow",
    "jax": "jax",
    "sklearn": "scikit-learn",
}


@dataclass
class _Scope:
    """A function (or the module's top level, name None): what it does and calls."""

    name: str | None
    steps: list[cst.CSTNode] = field(default_factory=list)
    seeds: bool = False
    calls: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class CudnnSwitch:
    """`cudnn.benchmark = True` / `cudnn.deterministic = False`, and whether a flag guards it."""

    node: cst.CSTNode
    setting: str
    controlled: bool


def _is_main_guard(test: cst.BaseExpression) -> bool:
    if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1:
        return False
    sides = [test.left, test.comparisons[0].comparator]
    names = {dotted_name(s) for s in sides}
    return "__name__" in names and "__main__" in {string_value(s) for s in sides}


def _receiver_words(node: cst.Call) -> set[str]:
    if not isinstance(node.func, cst.Attribute):
        return set()
    receiver = node.func.value
    while isinstance(receiver, cst.Call):  # `scaler.scale(loss).backward()`
        receiver = (
            receiver.func.value if isinstance(receiver.func, cst.Attribute) else receiver.func
        )
    dotted = dotted_name(receiver) or ""
    return set(identifier_words(dotted.rsplit(".", 1)[-1]))


def _literal_true(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "True"


class TrainingScript(Analysis):
    """The file's training steps, seeding, cuDNN switches and entry-point shape."""

    def __init__(self, context: FileContext):
        super().__init__(context)
        self.main_guard: cst.If | None = None
        self.switches: list[CudnnSwitch] = []
        self.deterministic_algorithms = False
        self._top = _Scope(None)
        self._functions: dict[str, list[_Scope]] = {}
        self._stack: list[_Scope] = [self._top]
        self._classes: list[tuple[str, list[str]]] = []
        self._class_methods: dict[str, list[str]] = {}
        self._tests: list[cst.BaseExpression] = []
        self._constants: set[str] = set()  # module names bound to a literal
        self._steps_in_order: list[tuple[cst.CSTNode, _Scope]] = []

    # --- structure ---------------------------------------------------------------------------

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._classes.append((node.name.value, []))

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        name, methods = self._classes.pop()
        self._class_methods.setdefault(name, []).extend(methods)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        scope = _Scope(node.name.value)
        self._functions.setdefault(node.name.value, []).append(scope)
        if self._classes:
            self._classes[-1][1].append(node.name.value)
        self._stack.append(scope)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._stack.pop()

    def visit_If(self, node: cst.If) -> None:
        if len(self._stack) == 1 and not self._classes and _is_main_guard(node.test):
            self.main_guard = node
        self._tests.append(node.test)

    def leave_If(self, original_node: cst.If) -> None:
        self._tests.pop()

    def visit_Assign(self, node: cst.Assign) -> None:
        value = node.value
        for target in node.targets:
            self._switch(target.target, value)
            if len(self._stack) == 1 and isinstance(target.target, cst.Name):
                if isinstance(value, (cst.Name, cst.Integer, cst.SimpleString)):
                    self._constants.add(target.target.value)

    def _switch(self, target: cst.BaseExpression, value: cst.BaseExpression) -> None:
        if not isinstance(target, cst.Attribute) or not isinstance(value, cst.Name):
            return
        owner = dotted_name(target.value)
        imports = self.context.imports
        qualified = imports.qualify(target.value) if imports is not None and owner else owner
        setting = f"{target.attr.value} = {value.value}"
        if qualified != _CUDNN or setting not in ("benchmark = True", "deterministic = False"):
            return
        self.switches.append(CudnnSwitch(target, setting, self._flag_guarded()))

    def _flag_guarded(self) -> bool:
        """Under an `if` on a determinism option (`if not args.deterministic:`), not on a
        constant written in the module (`if cudnn_fast:`)."""
        for test in self._tests:
            names = [dotted_name(n) or "" for n in _names_in(test)]
            if all(name in self._constants for name in names):
                continue
            words = {w for name in names for w in identifier_words(name)}
            if words & _DETERMINISM_WORDS:
                return True
        return False

    # --- calls -------------------------------------------------------------------------------

    def visit_Call(self, node: cst.Call) -> None:
        scope = self._stack[-1]
        qualified = call_name(node, self.context.imports) or ""
        method = method_name(node)
        last = qualified.rsplit(".", 1)[-1] if qualified else (method or "")
        if isinstance(node.func, cst.Name):
            scope.calls.add(node.func.value)
        elif method is not None:
            scope.calls.add(method)  # `self.train_epoch()`, `trainer.fit()` of a local class
        if qualified == "torch.use_deterministic_algorithms" and node.args:
            self.deterministic_algorithms |= _literal_true(node.args[0].value)
        if self._seeds(node, qualified, last):
            scope.seeds = True
        if self._step(node, qualified, method, last):
            scope.steps.append(node)
            self._steps_in_order.append((node, scope))

    def _seeds(self, node: cst.Call, qualified: str, last: str) -> bool:
        if "seed" in identifier_words(last) or qualified in _SEED_CALLS:
            return True
        if qualified.startswith(_SEEDING_TRAINERS) and last.endswith("Trainer"):
            return True  # seeds every generator from `TrainingArguments.seed` (default 42)
        for name in _SEED_KEYWORDS:
            arg = keyword(node, name)
            if arg is not None and not (
                isinstance(arg.value, cst.Name) and arg.value.value == "None"
            ):
                return True
        return False

    def _step(self, node: cst.Call, qualified: str, method: str | None, last: str) -> bool:
        if qualified in _TRAIN_FUNCTIONS:
            return True
        if method is None:
            # A training function imported from elsewhere: `train_one_epoch(...)`, `fit(...)`.
            words = identifier_words(last)
            imported = self.context.imports is not None and last in self.context.imports.aliases
            return imported and words[:1] in (["train"], ["fit"]) and "split" not in words
        receiver = _receiver_words(node)
        if method in _STEP_METHODS:
            return True
        if method == "step":
            return bool(receiver & _OPTIMIZER_WORDS)
        if method == "update" and receiver & {"optimizer", "optimiser", "tx", "optim"}:
            return bool(node.args)
        if method == "fit":
            return not receiver & _PREPROCESSING
        if method == "train":
            return "trainer" in receiver or bool(node.args) and bool(receiver & {"xgb", "lgb"})
        return False

    # --- the verdict ---------------------------------------------------------------------------

    def _reached(self) -> list[_Scope]:
        """The top level and the functions it calls, through the module's own functions (a
        class the module instantiates reaches its methods)."""
        reached, todo = [self._top], list(self._top.calls)
        seen: set[str] = set()
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            for scope in self._functions.get(name, ()):
                reached.append(scope)
                todo.extend(scope.calls)
            todo.extend(self._class_methods.get(name, ()))
        return reached

    def entry_step(self) -> cst.CSTNode | None:
        """Where a training entry point is reported, or None: the `__main__` guard of a module
        with a training step, else the first training step the top level runs."""
        if self.main_guard is not None:
            return self.main_guard if self._steps_in_order else None
        reached = {id(scope) for scope in self._reached()}
        for node, scope in self._steps_in_order:
            if id(scope) in reached:
                return node
        return None

    def seeded(self) -> bool:
        return any(scope.seeds for scope in self._reached())

    def generators(self) -> list[str]:
        """The generator libraries the file imports, for the message."""
        imports = self.context.imports
        if imports is None:
            return []
        return [label for module, label in GENERATORS.items() if imports.imports_module(module)]


def _names_in(node: cst.CSTNode) -> list[cst.BaseExpression]:
    """The outermost names and attribute chains in an expression."""
    if isinstance(node, (cst.Name, cst.Attribute)) and dotted_name(node) is not None:
        return [node]
    found: list[cst.BaseExpression] = []
    for child in semantic_children(node):
        found.extend(_names_in(child))
    return found

"""What a module does, read once per file for every SEP rule: where it trains, where it serves
predictions to users, and what it imports.

Training steps are the calls that change weights (`loss.backward()`, `optimizer.step()`,
`.fit(...)`, `trainer.train()`, `xgb.train(...)`); a `model.train()` mode switch or an
`env.step()` is not one. Inference entry points are what a user calls to get predictions: a
predict/infer/serve function, a web route, the function of a Gradio demo, a `--predict` CLI
mode, a `__main__` branch that loads weights and predicts. Methods of a class (a model's
`predict`, a LightningModule's `predict_step`) are the model's API, not an entry point.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import libcst as cst

from handoff.checks.base import Analysis, BatchedVisitor, CodeFacts, FileContext, Gate
from handoff.checks.support import (
    call_name,
    code_of,
    dotted_name,
    identifier_words,
    keyword,
    method_name,
    string_value,
)
from handoff.sources import FileKind, Source
from handoff.traversal import walk

# --- training steps ---------------------------------------------------------------------------

_FIT_METHODS = frozenset(
    {"fit", "fit_one_cycle", "fine_tune", "fit_flat_cos", "fit_sgdr", "partial_fit"}
    | {"fit_generator", "train_on_batch"}
)
# `.fit()` on a preprocessing step learns a transform, not model weights.
_PREPROCESSING_WORDS = frozenset(
    {"scaler", "encoder", "vectorizer", "imputer", "pca", "normalizer", "binarizer", "tfidf"}
    | {"le", "ohe", "preprocessor", "preprocessing", "svd", "tokenizer"}
)
_ESTIMATOR_METHODS = frozenset({"fit", "partial_fit", "fit_transform", "training_step"})
_OPTIMIZER_WORDS = frozenset({"optimizer", "optimiser", "optim", "opt", "optimizers"})
_TRAIN_FUNCTIONS = frozenset({"xgboost.train", "lightgbm.train", "catboost.train"})

# --- inference entry points -------------------------------------------------------------------

_ENTRY_WORDS = frozenset(
    {"predict", "predicts", "prediction", "predictions", "infer", "inference", "serve"}
    | {"serving"}
)
# `infer_schema`, `infer_label_map`: helpers that infer metadata, not predictions.
_METADATA_WORDS = frozenset(
    {"schema", "label", "labels", "map", "mapping", "type", "types", "dtype", "dtypes"}
    | {"shape", "shapes", "column", "columns", "format", "encoding", "size", "dim", "dims"}
    | {"config", "vocab", "classes", "features", "feature", "delimiter", "sep", "device"}
    | {"every", "freq", "frequency", "interval", "steps", "step"}
)
_ROUTE_METHODS = frozenset(
    {"route", "get", "post", "put", "delete", "patch", "websocket", "api_route"}
)
_GRADIO_HANDLERS = frozenset({"click", "submit", "change", "upload", "input", "select"})

_LOAD_METHODS = frozenset(
    {"load_state_dict", "from_pretrained", "load_from_checkpoint", "load_model", "load_weights"}
)
_LOAD_FUNCTIONS = frozenset(
    {"torch.load", "joblib.load", "pickle.load", "torch.jit.load", "onnxruntime.InferenceSession"}
    | {
        "keras.models.load_model",
        "tensorflow.keras.models.load_model",
        "safetensors.torch.load_file",
    }
)
_PREDICTING_CALLS = frozenset({"transformers.pipeline", "torch.no_grad", "torch.inference_mode"})
_PREDICT_METHODS = frozenset(
    {"predict", "predict_proba", "generate", "transcribe", "infer", "inference"}
)

# --- modules --------------------------------------------------------------------------------

_INFERENCE_NAME_WORDS = frozenset(
    {"predict", "predictor", "prediction", "predictions", "infer", "inference", "serve"}
    | {"serving", "server", "app", "api", "handler", "demo"}
)
_INFERENCE_PACKAGES = frozenset(
    {"inference", "infer", "predict", "prediction", "serve", "serving", "deploy", "deployment"}
)
_EVALUATION_WORDS = frozenset({"eval", "evaluate", "evaluation", "benchmark", "test", "tests"})
_TRAINING_MODULE_RE = re.compile(r"^(train|training|trainer|finetune|fine_tune)")

# What a file must contain to have a training step (`_updates_weights`, `_TRAIN_FUNCTIONS`).
TRAINING_GATE = Gate({"backward", "step", "fit", "fine_tune", "train"})
# ... or an inference entry point: a name with an entry word, a UI library, a web route.
_SERVING_GATE = Gate(
    {"predict", "infer", "serv", "gradio", "streamlit"},
    pattern=r"@\s*[\w.]+\.(?:route|get|post|put|delete|patch|websocket|api_route)\b",
)
_ROUTE_DECORATOR = re.compile(r"\.(?:route|get|post|put|delete|patch|websocket|api_route)$")
# ... or a `__main__` branch that loads weights and predicts (`_BranchCalls`).
_LOADING_GATE = Gate({"load", "from_pretrained", "inferencesession"})
_PREDICTING_GATE = Gate(_PREDICT_METHODS, {"pipeline", "no_grad", "inference_mode"}, calls={"eval"})


def may_have_roles(source: Source) -> bool:
    """Whether a file can train, serve or be an inference module at all (a conservative test
    of its path and text, before any parsing)."""
    if named_for_inference(source.relpath) or TRAINING_GATE.matches(source):
        return True
    if _SERVING_GATE.matches(source):
        return True
    main = "__main__" in (source.code or "")
    return main and _LOADING_GATE.matches(source) and _PREDICTING_GATE.matches(source)


_OPTIMIZER_NAMES = re.compile(r"opt|scaler", re.IGNORECASE)


def may_train_in(facts: CodeFacts) -> bool:
    """Whether the code makes a call `_training_step` could count: a backward pass, a fit
    method, a `train`, or a `step` where an optimizer is named (`_updates_weights`)."""
    calls = facts.calls
    if not calls.isdisjoint(_FIT_METHODS | {"backward", "train"}):
        return True
    return "step" in calls and any(
        set(identifier_words(name)) & _OPTIMIZER_WORDS
        for name in facts.items_matching(_OPTIMIZER_NAMES)
    )


def may_have_roles_in(source: Source, facts: CodeFacts) -> bool:
    """`may_have_roles` asked again of Python's tree of the file, by what `ModuleRoles`
    records: a training call, a module-level function or a CLI mode named for inference, a
    web route, a UI library, or a `__main__` branch that may load weights and predict."""
    if named_for_inference(source.relpath) or may_train_in(facts):
        return True
    if any(_entry_name(name) for name in facts.functions):
        return True
    if any(_entry_name(item) or item.lower() in _ENTRY_WORDS for item in facts.tested):
        return True
    if any(_ROUTE_DECORATOR.search(name) for name in facts.decorators):
        return True
    if not facts.names.isdisjoint({"gradio", "streamlit"}):
        return True
    main = "__main__" in facts.strings
    return main and _LOADING_GATE.matches_facts(facts) and _PREDICTING_GATE.matches_facts(facts)


def is_test_or_evaluation(relpath: str) -> bool:
    """Tests and evaluation scripts import the training code on purpose."""
    path = PurePosixPath(relpath)
    if any(part in ("tests", "test", "testing") for part in path.parts[:-1]):
        return True
    words = set(identifier_words(path.stem))
    return path.stem == "conftest" or bool(words & _EVALUATION_WORDS)


def named_for_inference(relpath: str) -> bool:
    """`predict.py`, `serve_embeddings.py`, `transcribe_app.py`, `nb/inference.ipynb`, or any
    module of an `inference/` or `serving/` package."""
    path = PurePosixPath(relpath)
    if set(identifier_words(path.stem)) & _INFERENCE_NAME_WORDS:
        return True
    return any(part.lower() in _INFERENCE_PACKAGES for part in path.parts[:-1])


def training_module_name(dotted: str) -> bool:
    """A module whose name says it trains: `train`, `src.train.loop`, `finetune_lora`."""
    return any(_TRAINING_MODULE_RE.match(part) for part in dotted.split(".") if part)


def _entry_name(name: str) -> bool:
    words = identifier_words(name)
    return bool(set(words) & _ENTRY_WORDS) and not set(words) & _METADATA_WORDS


def _last_words(node: cst.CSTNode) -> set[str]:
    """Words of the last name of `opt`, `self.optimizer_g`, `trainer`, `self.optimizers()`."""
    if isinstance(node, cst.Call):
        node = node.func
    dotted = dotted_name(node)
    if dotted is None:
        return set()
    return set(identifier_words(dotted.rsplit(".", 1)[-1]))


@dataclass
class EntryPoint:
    """An inference entry point: the node reported and how the message names it."""

    node: cst.CSTNode
    label: str
    order: int


@dataclass
class ImportStatement:
    """One import statement, as the rules compare it with training modules and libraries."""

    node: cst.Import | cst.ImportFrom
    modules: list[str]  # absolute dotted names; relative ones start with dots
    names: list[str] = field(default_factory=list)  # what a `from ... import` takes


class ModuleRoles(Analysis):  # pylint: disable=too-many-instance-attributes
    """Training steps, inference entry points and imports of one module."""

    @classmethod
    def may_find(cls, source: Source) -> bool:
        return may_have_roles(source)

    @classmethod
    def may_find_in(cls, source: Source, facts: CodeFacts) -> bool:
        return may_have_roles_in(source, facts)

    def __init__(self, context: FileContext):
        super().__init__(context)
        self.training_steps: list[tuple[cst.CSTNode, str]] = []
        self.entry_points: list[EntryPoint] = []
        self.imports: list[ImportStatement] = []
        self.has_route = False
        self._order = 0
        self._class_depth = 0
        self._function_stack: list[str] = []
        self._defs: dict[str, tuple[cst.FunctionDef, int]] = {}
        self._handlers: list[tuple[str, cst.CSTNode, int]] = []  # Gradio fn by name
        self.training_functions: set[str] = set()
        self._main_branches: list[tuple[cst.If, int]] = []
        self._streamlit_seen = False

    # -- structure ---------------------------------------------------------------------------

    def _next(self) -> int:
        self._order += 1
        return self._order

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._class_depth += 1

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._class_depth -= 1

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        order = self._next()
        name = node.name.value
        self._function_stack.append(name)
        if self._class_depth:
            return
        self._defs.setdefault(name, (node, order))
        route = next((d for d in node.decorators if _is_route(d.decorator)), None)
        if route is not None:
            self.has_route = True
            self.entry_points.append(EntryPoint(node.name, f"the web route `{name}()`", order))
        elif _entry_name(name):
            self.entry_points.append(EntryPoint(node.name, f"`{name}()`", order))

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._function_stack.pop()

    def visit_If(self, node: cst.If) -> None:
        order = self._next()
        if self._class_depth:
            return
        if _is_main_test(node.test):
            self._main_branches.append((node, order))
            return
        mode = _cli_mode(node.test)
        if mode is not None:
            label = f"the `{mode}` mode (`if {code_of(node.test).strip()}:`)"
            self.entry_points.append(EntryPoint(node, label, order))

    # -- calls -------------------------------------------------------------------------------

    def visit_Call(self, node: cst.Call) -> None:
        step = self._training_step(node)
        if step is not None and not self._in_estimator_api():
            self.training_steps.append((node, step))
            self.training_functions.update(self._function_stack)
        if self.context.imports is not None:
            self._ui_entry(node)

    def _in_estimator_api(self) -> bool:
        """`ChurnModel.fit` wrapping `self.clf.fit(...)`: a model class's own training API,
        like a LightningModule's `training_step`, makes it a model module, not a script that
        trains."""
        return bool(self._class_depth and self._function_stack) and (
            self._function_stack[-1] in _ESTIMATOR_METHODS
        )

    def _training_step(self, node: cst.Call) -> str | None:
        """How a training step shows in a message (`loss.backward()`), or None."""
        # the call is written out only for a step: code generation costs more than the test
        if (call_name(node, self.context.imports) or "") in _TRAIN_FUNCTIONS:
            return f"{code_of(node.func).strip()}()"
        if not isinstance(node.func, cst.Attribute):
            return None
        if _updates_weights(node.func.attr.value, node.func.value, node):
            shown = code_of(node.func).strip()
            return f"{shown}(...)" if node.args else f"{shown}()"
        return None

    def _ui_entry(self, node: cst.Call) -> None:
        """A Gradio demo's function, or the first Streamlit call of a Streamlit app."""
        qualified = call_name(node, self.context.imports) or ""
        if qualified.startswith("streamlit.") and not self._streamlit_seen:
            self._streamlit_seen = True
            self.entry_points.append(EntryPoint(node, "the Streamlit app", self._next()))
            return
        gradio = self.context.imports.imports_module("gradio")
        is_interface = qualified in ("gradio.Interface", "gradio.ChatInterface")
        if not (is_interface or (gradio and method_name(node) in _GRADIO_HANDLERS)):
            return
        given = keyword(node, "fn")
        if given is None and node.args and node.args[0].keyword is None:
            given = node.args[0]
        if given is None:
            return
        if isinstance(given.value, cst.Name):
            self._handlers.append((given.value.value, node, self._next()))
        elif is_interface:
            self.entry_points.append(EntryPoint(node, "the Gradio demo", self._next()))

    # -- imports -----------------------------------------------------------------------------

    def visit_Import(self, node: cst.Import) -> None:
        modules = [d for d in (dotted_name(a.name) for a in node.names) if d]
        self.imports.append(ImportStatement(node, modules))

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        dots = "." * len(node.relative)
        base = dotted_name(node.module) if node.module is not None else ""
        names = []
        if not isinstance(node.names, cst.ImportStar):
            names = [d for d in (dotted_name(a.name) for a in node.names) if d]
        self.imports.append(ImportStatement(node, [dots + (base or "")], names))

    # -- the whole module ----------------------------------------------------------------------

    def leave_Module(self, original_node: cst.Module) -> None:
        for name, call, order in self._handlers:
            found = self._defs.get(name)
            if found is not None and not any(e.node is found[0].name for e in self.entry_points):
                label = f"`{name}()` (the Gradio demo's function)"
                self.entry_points.append(EntryPoint(found[0].name, label, found[1]))
            elif found is None:
                self.entry_points.append(EntryPoint(call, "the Gradio demo", order))
        for branch, order in self._main_branches:
            if _loads_and_predicts(branch, self):
                label = "the `__main__` branch, which loads a checkpoint and predicts"
                self.entry_points.append(EntryPoint(branch, label, order))
        self.entry_points.sort(key=lambda e: e.order)

    @property
    def trains(self) -> bool:
        return bool(self.training_steps)

    @property
    def serves(self) -> bool:
        return bool(self.entry_points)


def _updates_weights(method: str, receiver: cst.BaseExpression, node: cst.Call) -> bool:
    """`loss.backward()`, `opt.step()`, `scaler.step(optimizer)`, `model.fit(...)`,
    `trainer.train()`; not `model.train()` (a mode switch), `env.step(a)` or `scaler.fit(X)`."""
    if method == "backward":
        return True
    if method == "step":
        words = _last_words(receiver).union(*(_last_words(a.value) for a in node.args))
        return bool(words & _OPTIMIZER_WORDS)
    if method in _FIT_METHODS:
        return not _last_words(receiver) & _PREPROCESSING_WORDS
    if method == "train":
        return "trainer" in _last_words(receiver)
    return False


def _is_route(decorator: cst.BaseExpression) -> bool:
    if isinstance(decorator, cst.Call):
        decorator = decorator.func
    return (
        isinstance(decorator, cst.Attribute)
        and decorator.attr.value in _ROUTE_METHODS
        and (isinstance(decorator.value, (cst.Name, cst.Attribute)))
    )


def _is_main_test(test: cst.BaseExpression) -> bool:
    if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1:
        return False
    sides = (test.left, test.comparisons[0].comparator)
    names = {dotted_name(s) for s in sides}
    return "__name__" in names and "__main__" in {string_value(s) for s in sides}


def _cli_mode(test: cst.BaseExpression) -> str | None:
    """`args.predict`, `args.mode == "predict"`, `mode in ("infer", "serve")`: the mode."""
    if isinstance(test, (cst.Name, cst.Attribute)):
        name = (dotted_name(test) or "").rsplit(".", 1)[-1]
        return f"--{name}" if _entry_name(name) else None
    if isinstance(test, cst.Comparison):
        for node in (test.left, *(c.comparator for c in test.comparisons)):
            values = [string_value(node)]
            if isinstance(node, (cst.Tuple, cst.List, cst.Set)):
                values = [string_value(e.value) for e in node.elements]
            for value in values:
                if value is not None and value.lower() in _ENTRY_WORDS:
                    return value
    if isinstance(test, cst.BooleanOperation):
        return _cli_mode(test.left) or _cli_mode(test.right)
    return None


class _BranchCalls(BatchedVisitor):
    """What a `__main__` branch does itself: load weights, predict, train, or hand over to
    CLI modes (which are the entry points then)."""

    def __init__(self, roles: ModuleRoles):
        super().__init__()
        self.context = roles.context
        self.training_functions = roles.training_functions
        self.steps = {id(node) for node, _ in roles.training_steps}
        self.entries = {id(entry.node) for entry in roles.entry_points}
        self.loads = self.predicts = self.trains = self.has_modes = False

    def visit_If(self, node: cst.If) -> None:
        self.has_modes = self.has_modes or id(node) in self.entries

    def visit_Call(self, node: cst.Call) -> None:
        method = method_name(node)
        qualified = call_name(node, self.context.imports) or ""
        if method in _LOAD_METHODS or qualified in _LOAD_FUNCTIONS:
            self.loads = True
        # `model.eval()`, `torch.no_grad()` after loading weights: predictions follow.
        if method in _PREDICT_METHODS or qualified in _PREDICTING_CALLS or method == "eval":
            self.predicts = True
        if id(node) in self.steps:
            self.trains = True
        if isinstance(node.func, cst.Name):
            if node.func.value in self.training_functions:
                self.trains = True
            elif _entry_name(node.func.value):
                self.predicts = True


def _loads_and_predicts(branch: cst.If, roles: ModuleRoles) -> bool:
    calls = _BranchCalls(roles)
    walk(branch.body, [calls])  # read-only: libcst's own visit rebuilds every node
    return calls.loads and calls.predicts and not (calls.trains or calls.has_modes)


def position_of(module: cst.Module, node: cst.CSTNode, context: FileContext) -> tuple:
    """(line, column, cell) of a node, in the file's own coordinates."""
    start = context.start_of(module, node)
    cell, line = context.locate(start.line)
    return line, start.column + 1, cell


def line_of(module: cst.Module, node: cst.CSTNode, context: FileContext) -> str:
    """`line 88`, or `cell 3, line 4` in a notebook: where a node is, for a message."""
    line, _, cell = position_of(module, node, context)
    return f"cell {cell}, line {line}" if cell is not None else f"line {line}"


def is_notebook(context: FileContext) -> bool:
    return context.source.kind is FileKind.NOTEBOOK

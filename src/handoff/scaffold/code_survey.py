"""What the research repo's Python code and notebooks hold for the new package: candidate model
classes, checkpoint-loading calls and hardcoded batch sizes, and the string literal a finding
points at (with its parents, for `key_names`).

Each file is loaded and parsed the way the check does (`sources`, `parsing`: a notebook's
cells as one module, a cell that does not parse skipped alone) and walked once
(`traversal.walk`, with the check's own `ImportMap`); positions and parents are resolved only
for modules something is reported from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

import libcst as cst
import libcst.matchers as m
from libcst.metadata import CodeRange, MetadataWrapper, ParentNodeProvider, PositionProvider

from handoff.checks.path.endpoints import classify_endpoint
from handoff.checks.path.locations import classify_path
from handoff.checks.support import (
    BatchedVisitor,
    ImportMap,
    call_name,
    code_of,
    dotted_name,
    identifier_words,
    int_value,
    is_string,
    keyword,
    method_name,
    string_value,
    target_names,
)
from handoff.parsing import parse
from handoff.scaffold.migration_types import CheckpointLoad, InitParam, ModelClass, Place
from handoff.sources import Source, SourceError, load_source
from handoff.traversal import walk

MODEL_BASES = {
    "torch.nn.Module",
    "torch.nn.modules.module.Module",
    "nn.Module",
    "pytorch_lightning.LightningModule",
    "pytorch_lightning.core.LightningModule",
    "lightning.LightningModule",
    "lightning.pytorch.LightningModule",
    "lightning.pytorch.core.LightningModule",
    "pl.LightningModule",
    "L.LightningModule",
    "LightningModule",
}
CHECKPOINT_CALLS = {
    "torch.load",
    "torch.jit.load",
    "safetensors.torch.load_file",
    "safetensors.torch.load",
    "joblib.load",
    "pickle.load",
    "pickle.loads",
}
CHECKPOINT_METHODS = {"load_state_dict", "from_pretrained", "load_from_checkpoint"}
_OPTION_METHODS = {"add_argument", "option"}
# Words that put a batch size on the inference side rather than training.
INFERENCE_WORDS = {"eval", "test", "val", "valid", "validation", "infer", "inference"}
INFERENCE_WORDS |= {"predict", "prediction", "serve", "serving", "predictor"}


@dataclass(frozen=True)
class BatchSize:
    """A batch size written in the code; `words` are the name it goes by (for the inference
    or training side)."""

    value: int
    place: Place
    origin: str
    words: tuple[str, ...]

    @property
    def for_inference(self) -> bool:
        return bool(INFERENCE_WORDS.intersection(self.words))


@dataclass
class CodeModule:
    """One parsed module of a file (a notebook parsed cell by cell has several) and where it
    starts in the file's code; positions and parents on demand."""

    module: cst.Module
    offset: int
    imports: ImportMap = field(default_factory=ImportMap)
    _metadata: tuple[Mapping, Mapping] | None = None

    def positions(self) -> Mapping[cst.CSTNode, CodeRange]:
        return self._resolve()[0]

    def parents(self) -> Mapping[cst.CSTNode, cst.CSTNode]:
        return self._resolve()[1]

    def _resolve(self) -> tuple[Mapping, Mapping]:
        if self._metadata is None:
            wrapper = MetadataWrapper(self.module, unsafe_skip_copy=True)
            found = wrapper.resolve_many([PositionProvider, ParentNodeProvider])
            self._metadata = (found[PositionProvider], found[ParentNodeProvider])
        return self._metadata


@dataclass
class CodeFile:
    """A loaded and parsed code file; `path` is relative to the research repo."""

    path: str
    source: Source
    modules: list[CodeModule]
    _string_index: dict[tuple[int | None, int], list[tuple]] | None = None

    def place(self, module: CodeModule, node: cst.CSTNode) -> Place:
        start = module.positions()[node].start
        cell, line = self.source.locate(start.line + module.offset)
        return Place(self.path, line, start.column + 1, cell)

    def string_at(self, line: int, column: int, cell: int | None):
        """(module, literal) of the outermost string literal starting at the position, or
        else containing it on its first line; None when there is none."""
        starts = self._strings().get((cell, line), [])
        exact = [(m, n) for m, n, start, _ in starts if start == column]
        inside = [(m, n) for m, n, start, end in starts if start <= column < end]
        return (exact or inside or [None])[0]

    def _strings(self) -> dict[tuple[int | None, int], list[tuple]]:
        """(cell, line) -> (module, literal, first column, end column) of each outermost
        string literal starting on that line; built once per file."""
        if self._string_index is None:
            self._string_index = {}
            for module in self.modules:
                parents = module.parents()
                for node, where in module.positions().items():
                    if not is_string(node) or is_string(parents.get(node)):
                        continue
                    place = self.source.locate(where.start.line + module.offset)
                    one_line = where.end.line == where.start.line
                    end = where.end.column + 1 if one_line else 10**9
                    item = (module, node, where.start.column + 1, end)
                    self._string_index.setdefault(place, []).append(item)
        return self._string_index


def load_code_file(root: Path, relpath: str, display: str) -> CodeFile:
    """Load and parse one file; SourceError or OSError when it cannot be read at all."""
    path = root / relpath
    source = load_source(path, relpath, path.read_bytes())
    if source.code is None:
        raise SourceError("not Python code")
    parsed = parse(source)
    return CodeFile(display, source, [CodeModule(mod, offset) for mod, offset in parsed.modules])


# --- the survey: one walk per module --------------------------------------------------------


@dataclass
class ClassFound:
    """A class definition, before the repo-wide question of whether it is a model."""

    file: CodeFile
    module: CodeModule
    node: cst.ClassDef
    import_path: str | None
    bases: tuple[str, ...] = ()


class _Survey(BatchedVisitor):
    """Classes, checkpoint loads and batch sizes of one module, as nodes (placed later)."""

    def __init__(self, imports: ImportMap):
        super().__init__()
        self.imports = imports
        self.classes: list[cst.ClassDef] = []
        self.loads: list[tuple[cst.Call, str]] = []
        self.batch_sizes: list[tuple[cst.CSTNode, int, str, tuple[str, ...]]] = []

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.classes.append(node)

    def visit_Call(self, node: cst.Call) -> None:
        qualified = call_name(node, self.imports) or ""
        method = method_name(node)
        if qualified in CHECKPOINT_CALLS:
            self.loads.append((node, qualified))
        elif method in CHECKPOINT_METHODS:
            self.loads.append((node, f".{method}()"))
        given = keyword(node, "batch_size")
        if given is not None and int_value(given.value) is not None:
            callee = method or qualified.rpartition(".")[2]
            words = ("batch", "size", *identifier_words(callee))
            self._batch(given.value, f"`batch_size=` in `{callee}(...)`", words)
        default = keyword(node, "default")
        if (method or qualified) in _OPTION_METHODS and default is not None:
            for arg in node.args:
                option = string_value(arg.value) if arg.keyword is None else None
                words = tuple(identifier_words(option or ""))
                if option and option.startswith("-") and words[-2:] == ("batch", "size"):
                    self._batch(default.value, f"`{option}` default", words)
                    break

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._named(target.target, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._named(node.target, node.value)

    def visit_DictElement(self, node: cst.DictElement) -> None:
        key = string_value(node.key)
        words = tuple(identifier_words(key or ""))
        if words[-2:] == ("batch", "size"):
            self._batch(node.value, f'`"{key}":`', words)

    def _named(self, target: cst.BaseExpression, value: cst.BaseExpression) -> None:
        for name in target_names(target):
            words = tuple(identifier_words(name))
            if words[-2:] == ("batch", "size"):
                self._batch(value, f"`{name}`", words)

    def _batch(self, node: cst.CSTNode, origin: str, words: tuple[str, ...]) -> None:
        value = int_value(node)
        if value is not None and value > 0:
            self.batch_sizes.append((node, value, origin, words))


@dataclass
class Survey:
    """What every code file of the repo holds for the new package."""

    model_classes: list[ModelClass] = field(default_factory=list)
    checkpoint_loads: list[CheckpointLoad] = field(default_factory=list)
    batch_sizes: list[BatchSize] = field(default_factory=list)


def survey(files: list[CodeFile]) -> Survey:
    found = Survey()
    classes: list[ClassFound] = []
    for file in files:
        for module in file.modules:
            visitor = _Survey(module.imports)
            walk(module.module, [module.imports, visitor])
            for call, name in visitor.loads:
                found.checkpoint_loads.append(CheckpointLoad(name, file.place(module, call)))
            for node, value, origin, words in visitor.batch_sizes:
                place = file.place(module, node)
                found.batch_sizes.append(BatchSize(value, place, origin, words))
            for node in visitor.classes:
                bases = tuple(module.imports.qualify(b.value) or "" for b in node.bases)
                classes.append(ClassFound(file, module, node, import_path(file), bases))
    found.model_classes = _model_classes(classes)
    return found


def import_path(file: CodeFile) -> str | None:
    """`models/resnet.py` -> models.resnet, relative to the repo (where `--model` looks the
    file up); None for a notebook or a path that is not a module name."""
    if not file.path.endswith(".py"):
        return None
    parts = file.path[: -len(".py")].split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    if not parts or not all(p.isidentifier() for p in parts):
        return None
    return ".".join(parts)


def _inherits(base: str, model: ClassFound, child: ClassFound, local: set[str]) -> bool:
    """Whether `base`, as qualified in `child`'s module, names the model class `model`: a bare
    name is the class of that name in the same file, else one imported relatively; a
    dotted one matches the model's module path. `local`: the class names of `child`'s file."""
    prefix, _, name = base.rpartition(".")
    if name != model.node.name.value:
        return False
    if not prefix:
        return model.file is child.file or name not in local
    module = model.import_path or ""
    return bool(module) and (prefix == module or module.endswith(f".{prefix}"))


def _model_classes(classes: list[ClassFound]) -> list[ModelClass]:
    """Subclasses of a model base, directly or through classes of the repo (to a fixpoint)."""
    local: dict[int, set[str]] = {}
    for found in classes:
        local.setdefault(id(found.file), set()).add(found.node.name.value)
    models: list[ClassFound] = []
    changed = True
    while changed:
        changed = False
        for found in classes:
            if any(found is m for m in models):
                continue
            names = local[id(found.file)]
            if any(
                base in MODEL_BASES or any(_inherits(base, m, found, names) for m in models)
                for base in found.bases
            ):
                models.append(found)
                changed = True
    models.sort(key=lambda c: (c.file.path, c.file.place(c.module, c.node).line))
    builds = {name for c in models for name in _called_names(c.node)}
    return [
        ModelClass(
            name=c.node.name.value,
            module=c.import_path,
            place=c.file.place(c.module, c.node),
            bases=tuple(code_of(b.value) for b in c.node.bases),
            init_params=_init_params(c.node),
            part=c.node.name.value in builds,
        )
        for c in models
    ]


def _called_names(node: cst.ClassDef) -> set[str]:
    names = set()
    for call in m.findall(node.body, m.Call()):
        dotted = dotted_name(call.func)  # type: ignore[attr-defined]
        if dotted:
            names.add(dotted.rpartition(".")[2])
    return names


def _init_params(node: cst.ClassDef) -> tuple[InitParam, ...] | None:
    body = node.body.body if isinstance(node.body, cst.IndentedBlock) else ()
    init = next(
        (s for s in body if isinstance(s, cst.FunctionDef) and s.name.value == "__init__"), None
    )
    if init is None:
        return None
    params = init.params
    listed: list[tuple[str, cst.Param]] = [("", p) for p in params.posonly_params]
    listed += [("", p) for p in params.params]
    if isinstance(params.star_arg, cst.Param):
        listed.append(("*", params.star_arg))
    listed += [("", p) for p in params.kwonly_params]
    if params.star_kwarg is not None:
        listed.append(("**", params.star_kwarg))
    if listed and not listed[0][0]:
        listed = listed[1:]  # self
    return tuple(
        InitParam(
            star + param.name.value,
            code_of(param.annotation.annotation) if param.annotation else None,
            _default(param.default),
        )
        for star, param in listed
    )


def _default(node: cst.BaseExpression | None) -> str | None:
    """A default as written, unless it holds a machine-specific path or endpoint."""
    if node is None:
        return None
    for string in m.findall(node, m.SimpleString() | m.ConcatenatedString() | m.FormattedString()):
        text = string_value(string) or ""
        if classify_path(text, bare_ok=True) or classify_endpoint(text):
            return "<machine-specific: set from config>"
    return code_of(node)

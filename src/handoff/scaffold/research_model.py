"""`--model module:Class --weights FILE`: the research model's class and checkpoint, wired into
the generated package in place of the example model.

The module's source file is copied into the package as `architecture.py` (so the package
installs and runs without the research repo) and the checkpoint into `weights/`; the config
names the class and records the checkpoint's sha256. handoff never imports or unpickles
either: the class is found by parsing the file, and the package loads the checkpoint with
`torch.load(..., weights_only=True)`.
"""

from __future__ import annotations

import ast
import hashlib
import re
from pathlib import Path, PurePosixPath

from handoff.scaffold.context import ModelWiring
from handoff.scaffold.errors import ScaffoldError
from handoff.scaffold.render import RenderedFile

ARCHITECTURE_MODULE = "architecture"
EXAMPLE_CLASS = "ExampleClassifier"
EXAMPLE_WEIGHTS = "weights/example.pt"
WEIGHTS_DIR = "weights"


def example_wiring(package: str) -> ModelWiring:
    return ModelWiring(f"{package}.example_model:{EXAMPLE_CLASS}", EXAMPLE_WEIGHTS)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def module_file(module: str, base: Path) -> Path:
    """`pkg.net` -> base/pkg/net.py (or base/pkg/net/__init__.py); `path/to/net.py` as it is.
    The module is looked up as a file, never imported: importing research code runs it."""
    if module.endswith(".py"):
        candidates = [base / module]
    elif re.fullmatch(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*", module):
        stem = base.joinpath(*module.split("."))
        candidates = [stem.with_suffix(".py"), stem / "__init__.py"]
    else:
        raise ScaffoldError(f"--model {module!r}: give module:Class or path/to/file.py:Class")
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise ScaffoldError(
        f"--model: no file for module {module!r} under {base} (looked for"
        f" {', '.join(str(c) for c in candidates)})"
    )


def _check_class(source: str, class_name: str, where: Path) -> None:
    try:
        tree = ast.parse(source, filename=str(where))
    except SyntaxError as exc:
        raise ScaffoldError(f"--model: {where}:{exc.lineno}: cannot parse: {exc.msg}") from None
    defined = {n.name for n in tree.body if isinstance(n, ast.ClassDef)}
    if class_name not in defined:
        known = ", ".join(sorted(defined)) or "none"
        raise ScaffoldError(
            f"--model: {where} defines no top-level class {class_name!r} (classes: {known})"
        )


def wire_research_model(
    spec: str, weights: Path, package: str, base: Path
) -> tuple[ModelWiring, list[RenderedFile]]:
    """The wiring for `--model spec --weights FILE` and the two files it adds to the package."""
    module, sep, class_name = spec.rpartition(":")
    if not sep or not module or not class_name.isidentifier():
        raise ScaffoldError(f"--model {spec!r}: expected module:Class (e.g. models.resnet:ResNet)")
    source_file = module_file(module, base)
    try:
        source = source_file.read_text(encoding="utf-8")
        checkpoint = weights.read_bytes()
    except (OSError, UnicodeDecodeError) as exc:
        raise ScaffoldError(f"--model/--weights: cannot read {exc}") from None
    _check_class(source, class_name, source_file)
    weights_path = f"{WEIGHTS_DIR}/{weights.name}"
    wiring = ModelWiring(
        class_path=f"{package}.{ARCHITECTURE_MODULE}:{class_name}",
        weights=weights_path,
        weights_sha256=sha256_of(checkpoint),
        example=False,
    )
    files = [
        RenderedFile(
            PurePosixPath("src", package, f"{ARCHITECTURE_MODULE}.py"), source.encode("utf-8")
        ),
        RenderedFile(PurePosixPath(weights_path), checkpoint),
    ]
    return wiring, files

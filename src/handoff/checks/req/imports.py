"""What code imports, recorded as facts for REQ003, and which distribution provides a module.

`ImportFacts` reads Python's own tree of every Python file and notebook (no libcst: it runs on
every code file, so it must be cheap) and records, per import,
`[module, line, column, cell, optional]`: the top-level module, where it is, and whether it is
optional by design (in the body of a `try` whose handler catches ImportError or
ModuleNotFoundError, or under `if TYPE_CHECKING:`). Relative imports are never recorded.
"""

from __future__ import annotations

import ast
import functools
import sys
from importlib.metadata import packages_distributions
from typing import Iterator

from packaging.utils import canonicalize_name

from handoff.checks.base import TreeAnalysis
from handoff.import_positions import BLOCK_FIELDS, character_column, code_lines

IMPORTS_FACT = "imports"

# Import names whose distribution is named differently, for the research stack. Several
# distributions may provide one module (opencv-python and its headless build); any declared
# one counts.
IMPORT_TO_DISTRIBUTIONS: dict[str, tuple[str, ...]] = {
    "cv2": (
        "opencv-python",
        "opencv-python-headless",
        "opencv-contrib-python",
        "opencv-contrib-python-headless",
    ),
    "sklearn": ("scikit-learn",),
    "skimage": ("scikit-image",),
    "PIL": ("Pillow", "pillow-simd"),
    "yaml": ("PyYAML",),
    "bs4": ("beautifulsoup4",),
    "dateutil": ("python-dateutil",),
    "dotenv": ("python-dotenv",),
    "jose": ("python-jose",),
    "jwt": ("PyJWT",),
    "magic": ("python-magic",),
    "multipart": ("python-multipart",),
    "serial": ("pyserial",),
    "usb": ("pyusb",),
    "Crypto": ("pycryptodome",),
    "OpenSSL": ("pyOpenSSL",),
    "google.protobuf": ("protobuf",),
    "attr": ("attrs",),
    "faiss": ("faiss-cpu", "faiss-gpu"),
    "hydra": ("hydra-core",),
    "omegaconf": ("omegaconf",),
    "open_clip": ("open-clip-torch",),
    "clip": ("openai-clip", "clip"),
    "sentencepiece": ("sentencepiece",),
    "pydantic_settings": ("pydantic-settings",),
    "git": ("GitPython",),
    "docx": ("python-docx",),
    "pptx": ("python-pptx",),
    "fitz": ("PyMuPDF",),
    "Levenshtein": ("python-Levenshtein", "levenshtein"),
    "tensorflow_datasets": ("tensorflow-datasets",),
    "tensorflow_hub": ("tensorflow-hub",),
    "tflite_runtime": ("tflite-runtime",),
    "detectron2": ("detectron2",),
    "mmcv": ("mmcv", "mmcv-full", "mmcv-lite"),
    "torch_geometric": ("torch-geometric", "torch_geometric"),
    "ogb": ("ogb",),
    "lightgbm": ("lightgbm",),
    "gym": ("gym",),
    "wandb": ("wandb",),
    "pytorch_lightning": ("pytorch-lightning",),
    "lightning": ("lightning",),
    "lightning_fabric": ("lightning-fabric", "lightning"),
    "umap": ("umap-learn",),
    "Bio": ("biopython",),
    "rdkit": ("rdkit", "rdkit-pypi"),
    "igraph": ("python-igraph", "igraph"),
    "zmq": ("pyzmq",),
    "win32api": ("pywin32",),
    "kaggle": ("kaggle",),
    "ruamel": ("ruamel.yaml",),
    "typing_extensions": ("typing-extensions",),
    "google.cloud": ("google-cloud-storage", "google-cloud-bigquery", "google-cloud-aiplatform"),
    "iterstrat": ("iterative-stratification",),
    "transformers": ("transformers",),
    "huggingface_hub": ("huggingface-hub",),
    "safetensors": ("safetensors",),
    "onnxruntime": ("onnxruntime", "onnxruntime-gpu"),
    "tensorrt": ("tensorrt",),
    "pkg_resources": ("setuptools",),
    "grpc": ("grpcio",),
    "websocket": ("websocket-client",),
    "markdown": ("Markdown",),
    "slugify": ("python-slugify",),
}
# Modules a hosted notebook platform provides (Colab, Kaggle): no manifest can declare them.
PLATFORM_MODULES = ("google.colab", "kaggle_secrets", "kaggle_datasets", "kaggle_web_client")
# Modules a build backend provides while setup.py runs.
BUILD_TIME = frozenset({"setuptools", "pkg_resources", "distutils", "wheel"})


@functools.lru_cache(maxsize=1)
def _installed() -> dict[str, list[str]]:
    try:
        return packages_distributions()
    except Exception:  # pylint: disable=broad-exception-caught  # a broken environment
        return {}


def is_stdlib(module: str) -> bool:
    return module in sys.stdlib_module_names or module == "__future__"


def distributions_for(module: str, dotted: str = "") -> list[str]:
    """The canonical names of the distributions that may provide `module` (top level;
    `dotted` is the full import, for namespace packages such as `google.protobuf`): the
    curated map, the installed environment's `packages_distributions()`, and the module's own
    name, best guess first."""
    found: list[str] = []
    for key in (_namespace_key(dotted), module):
        if key:
            found += IMPORT_TO_DISTRIBUTIONS.get(key, ())
    found += _installed().get(module, [])
    found.append(module)
    names: list[str] = []
    for name in found:
        canonical = canonicalize_name(name)
        if canonical not in names:
            names.append(canonical)
    return names


def _namespace_key(dotted: str) -> str | None:
    parts = dotted.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 else None


_IMPORT_ERRORS = ("ImportError", "ModuleNotFoundError")


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return False  # a bare `except:` hides any failure, not an optional dependency
    names = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(_last_name(n) in _IMPORT_ERRORS for n in names)


def _last_name(node: ast.expr) -> str:
    """`ImportError` of `ImportError` and of `builtins.ImportError`."""
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def _optional_bodies(node: ast.stmt) -> list[ast.stmt]:
    """The statements of `node` whose imports are optional by design: the body of a `try`
    that catches ImportError, or of `if TYPE_CHECKING:`."""
    if isinstance(node, (ast.Try, getattr(ast, "TryStar", ast.Try))):
        if any(_catches_import_error(h) for h in node.handlers):
            return node.body
    elif isinstance(node, ast.If) and _last_name(node.test) == "TYPE_CHECKING":
        return node.body
    return []


def _imports(tree: ast.Module) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Every import statement of `tree` in the order written, and whether it is optional;
    only statement blocks are descended, never expressions."""
    pending: list[tuple[ast.AST, bool]] = [(tree, False)]
    while pending:
        node, optional = pending.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node, optional
            continue
        inside = {id(s) for s in _optional_bodies(node)} if isinstance(node, ast.stmt) else ()
        children: list[tuple[ast.AST, bool]] = []
        for name in BLOCK_FIELDS:
            for child in getattr(node, name, None) or ():
                children.append((child, optional or id(child) in inside))
        pending.extend(reversed(children))


class ImportFacts(TreeAnalysis):
    """Records every absolute import of the file (fact `imports`) from Python's own tree."""

    def visit_tree(self, tree: ast.Module) -> None:
        code = self.context.source.code or ""
        lines: list[str] | None = None
        for node, optional in _imports(tree):
            if isinstance(node, ast.ImportFrom):
                if node.level or node.module is None:
                    continue
                modules = [node.module]
            else:
                modules = [alias.name for alias in node.names]
            for full in modules:
                top = full.split(".", 1)[0]
                if is_stdlib(top) or full.startswith(PLATFORM_MODULES):
                    continue
                if lines is None:
                    lines = code_lines(code)
                line_in_code = node.lineno + self.context.line_offset
                column = character_column(lines, line_in_code, node.col_offset) + 1
                cell, line = self.context.locate(node.lineno)
                self.context.record(IMPORTS_FACT, [top, full, line, column, cell, optional])

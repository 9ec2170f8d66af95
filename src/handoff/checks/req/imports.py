"""What code imports, recorded as facts for REQ003, and which distribution provides a module.

`ImportFacts` rides the traversal of every Python file and notebook and records, per import,
`[module, line, column, cell, optional]`: the top-level module, where it is, and whether it is
optional by design (in the body of a `try` whose handler catches ImportError or
ModuleNotFoundError, or under `if TYPE_CHECKING:`). Relative imports are never recorded.
"""

# libcst visitors inherit seven classes and have one method per node type they visit.
# pylint: disable=too-many-ancestors

from __future__ import annotations

import functools
import sys
from importlib.metadata import packages_distributions

import libcst as cst
from packaging.utils import canonicalize_name

from handoff.checks.base import Analysis, BatchedVisitor
from handoff.checks.support import dotted_name
from handoff.traversal import walk

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


def _catches_import_error(handler: cst.ExceptHandler) -> bool:
    if handler.type is None:
        return False  # a bare `except:` hides any failure, not an optional dependency
    names = (
        [e.value for e in handler.type.elements]
        if isinstance(handler.type, cst.Tuple)
        else [handler.type]
    )
    return any(
        (dotted_name(n) or "").rsplit(".", 1)[-1] in ("ImportError", "ModuleNotFoundError")
        for n in names
    )


def _is_type_checking(test: cst.BaseExpression) -> bool:
    return (dotted_name(test) or "").rsplit(".", 1)[-1] == "TYPE_CHECKING"


class _ImportNodes(BatchedVisitor):
    """Every import statement under a node, for marking a block optional."""

    def __init__(self) -> None:
        super().__init__()
        self.found: set[int] = set()

    def visit_Import(self, node: cst.Import) -> None:
        self.found.add(id(node))

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self.found.add(id(node))


class ImportFacts(Analysis):
    """Records every absolute import of the file (fact `imports`), positioned at the end of
    the walk, and only when there is one."""

    def __init__(self, context):
        super().__init__(context)
        self._optional: set[int] = set()
        self._seen: list[tuple[cst.CSTNode, str, str, bool]] = []

    def _mark_optional(self, block: cst.CSTNode) -> None:
        collector = _ImportNodes()
        walk(block, [collector])  # read-only: libcst's own visit rebuilds every node
        self._optional |= collector.found

    def visit_Try(self, node: cst.Try) -> None:
        if any(_catches_import_error(h) for h in node.handlers):
            self._mark_optional(node.body)

    def visit_If(self, node: cst.If) -> None:
        if _is_type_checking(node.test):
            self._mark_optional(node.body)

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            full = dotted_name(alias.name)
            if full:
                self._add(node, full)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if node.relative or node.module is None:
            return
        full = dotted_name(node.module)
        if full:
            self._add(node, full)

    def _add(self, node: cst.CSTNode, full: str) -> None:
        top = full.split(".", 1)[0]
        if not is_stdlib(top) and not full.startswith(PLATFORM_MODULES):
            self._seen.append((node, top, full, id(node) in self._optional))

    def leave_Module(self, original_node: cst.Module) -> None:
        if not self._seen:
            return
        for node, top, full, optional in self._seen:
            start = self.context.start_of(original_node, node)
            cell, line = self.context.locate(start.line)
            self.context.record(IMPORTS_FACT, [top, full, line, start.column + 1, cell, optional])

"""When DOC applies: the project is a model, not a tool or a library.

A project is a model when its documentation is a model card, when its own code imports a
machine-learning framework (not optionally: an import under `try/except ImportError` is a
library's optional support), when its own manifests declare one as a main dependency, when it
ships weights or its documentation links to them (a weights file, a Hugging Face model
repository: a release whose weights are hosted elsewhere), or, for a project with no code or
only numerical code (a README, a pyproject, a numpy/pandas script that blends predictions),
when its documentation speaks of a model and of training or using it, or of a method that
learns representations. Code, manifests and
weights under tests, examples, fixtures, benchmarks, docs and templates folders are left out: a
linter whose test fixtures import torch (handoff itself) or a library whose examples train a
model is not a model.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Iterable, Mapping

from handoff.checks.base import RepoContext
from handoff.checks.doc.documents import Document
from handoff.checks.doc.vocabulary import words
from handoff.checks.req.imports import IMPORTS_FACT, distributions_for
from handoff.checks.req.project import project_of

# Top-level modules of ML frameworks, model toolkits and inference runtimes.
ML_MODULES = frozenset(
    {
        "torch",
        "torchvision",
        "torchaudio",
        "torchtext",
        "tensorflow",
        "keras",
        "tf_keras",
        "tflite_runtime",
        "jax",
        "flax",
        "haiku",
        "optax",
        "sklearn",
        "xgboost",
        "lightgbm",
        "catboost",
        "transformers",
        "diffusers",
        "peft",
        "sentence_transformers",
        "timm",
        "open_clip",
        "clip",
        "whisper",
        "ultralytics",
        "detectron2",
        "mmdet",
        "mmseg",
        "mmcv",
        "pytorch_lightning",
        "lightning",
        "fastai",
        "onnx",
        "onnxruntime",
        "tensorrt",
        "openvino",
        "vllm",
        "llama_cpp",
        "ctranslate2",
        "mxnet",
        "paddle",
        "torch_geometric",
        "dgl",
        "stable_baselines3",
        "speechbrain",
        "nemo",
        "espnet",
        "fairseq",
        "spacy",
        "gensim",
        "statsmodels",
        "prophet",
    }
)
# A package named after the framework it builds on (`pytorch_tabnet`, `torch_scatter`,
# `tensorflow_hub`, `keras_cv`, `jax_md`) is a toolkit of that framework.
_FRAMEWORK_NAMED = re.compile(r"^(py)?(torch|tensorflow|tf|keras|jax)_\w+$|^\w+_(py)?torch$")


def is_ml_module(module: str) -> bool:
    return module in ML_MODULES or bool(_FRAMEWORK_NAMED.match(module))


# A code-less project (a model release: a README and a pyproject) is a model when its
# documentation speaks of a model and of training or using it.
MODEL_WORDS = words(
    r"\bmodels?\b|\bcheckpoints?\b|\bweights\b|\bnetworks?\b|\bpolic(y|ies)\b|\bagents?\b"
    r"|\bclassifiers?\b|\bdetectors?\b|\bregressors?\b|\bestimators?\b|\bpredictors?\b"
    r"|\b(py)?torch\b|\btensorflow\b|\bkeras\b|\bjax\b|\bscikit-learn\b|\bsklearn\b"
    r"|\btransformers\b|\bdiffusers\b|\bonnx\w*|\bxgboost\b|\blightgbm\b|\bcatboost\b"
    r"|模型|\bModell\w*"
)
ML_WORDS = words(
    r"\btrain(ed|ing)?\b|\bfine-?tun\w*|\binference\b|\bpredict\w*|\bpre-?trained\b"
    r"|\bepochs?\b|\bdata ?sets?\b|训练|推理|Training|trainiert|Vorhersage"
)
# A method that learns representations from data is a model, whatever it calls itself ("the
# algorithm learns continuous representations for nodes", "the representation learned by",
# "feature learning"); a search over "learned embeddings" uses them.
LEARNED_REPRESENTATIONS = words(
    r"\blearn(s|ing)\b(?!\s+more\b)[^.\n]{0,40}\b(representations?|embeddings?)\b"
    r"|\b(representations?|embeddings?)\b[^.\n]{0,30}\blearn(ed|t)\s+(by|with|from|using)\b"
    r"|\b(feature|representation) learning\b"
)
# Weight and exported-model files.
WEIGHT_SUFFIXES = frozenset(
    {
        ".pt",
        ".pth",
        ".ckpt",
        ".safetensors",
        ".onnx",
        ".h5",
        ".keras",
        ".tflite",
        ".pb",
        ".gguf",
        ".pdparams",
        ".mlmodel",
        ".engine",
        ".joblib",
    }
)
WEIGHT_NAMES = frozenset({"pytorch_model.bin", "tf_model.h5", "model.bin", "saved_model.pb"})
# A download link to a weights file in the documentation: a model release.
WEIGHT_LINK = re.compile(
    r"\.(" + "|".join(sorted(suffix[1:] for suffix in WEIGHT_SUFFIXES)) + r")(\?.*)?$", re.I
)
# A model repository on the Hugging Face Hub (not its docs, spaces, datasets or course): where
# a release's weights are hosted.
HUB_MODEL_LINK = re.compile(
    r"^https?://(www\.)?huggingface\.co/(?!(docs|spaces|datasets|learn|blog|papers|models|tasks"
    r"|join|pricing|settings|api|course|organizations)/)[\w.-]+/[\w.-]+"
    r"(/(tree|blob|resolve)/\S*)?/?$",
    re.I,
)
# The numerical stack: code that imports nothing else (a script that blends prediction files)
# is no tool or library of its own, its documentation says what the project is.
NUMERICAL_MODULES = frozenset(
    {"numpy", "pandas", "polars", "scipy", "matplotlib", "seaborn", "pyarrow", "tqdm", "h5py"}
)
# Folders whose code does not make the project a model: tests, examples and documentation, and
# template trees (a project generator's templates are the code of the projects it generates).
NOT_MODEL_CODE = frozenset(
    {
        "tests",
        "test",
        "testing",
        "fixtures",
        "examples",
        "example",
        "benchmarks",
        "docs",
        "doc",
        "templates",
    }
)


def is_model_code_path(relpath: str) -> bool:
    """Project code, not a test, an example, a fixture or documentation."""
    pure = PurePosixPath(relpath)
    if any(part.lower() in NOT_MODEL_CODE for part in pure.parent.parts):
        return False
    name = pure.name
    return not (name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py")


def _declared_framework(repo: RepoContext, files: Mapping[str, str]) -> str | None:
    """An ML framework among the main dependencies of the project's own manifests."""
    frameworks = {name for module in ML_MODULES for name in distributions_for(module)[:1]}
    for manifest in project_of(repo).manifests:
        local = files.get(manifest.path)
        if local is None or not is_model_code_path(local):
            continue
        for requirement in manifest.requirements:
            if requirement.section == "main" and requirement.name in frameworks:
                return f"`{requirement.written_name}` declared in {manifest.path}"
    return None


def _documentation_text(documents: Iterable[Document]) -> str:
    return "\n".join(
        block.text for d in documents for section in d.sections for block in section.blocks
    )


def _describes_model(text: str) -> bool:
    """Documentation that talks about a model and how it is trained or used."""
    if LEARNED_REPRESENTATIONS.search(text):
        return True
    return bool(MODEL_WORDS.search(text) and ML_WORDS.search(text))


def _weights_link(documents: Iterable[Document]) -> str | None:
    """The first address in the documentation where the weights are hosted."""
    for document in documents:
        for url in document.links:
            if WEIGHT_LINK.search(url) or HUB_MODEL_LINK.match(url):
                return url
    return None


def _files_signal(
    files: Mapping[str, str], imports: Mapping[str, set[str]]
) -> tuple[str | None, bool]:
    """A weights file among the project's own files, and whether it has code of a tool or
    a library (anything but a purely numerical script)."""
    code = False
    for relpath, local in files.items():
        pure = PurePosixPath(local)
        if not is_model_code_path(local):
            continue
        if pure.suffix.lower() in WEIGHT_SUFFIXES or pure.name.lower() in WEIGHT_NAMES:
            return f"the weights file {relpath}", code
        if pure.suffix.lower() in (".py", ".ipynb"):
            code = code or not NUMERICAL_MODULES.issuperset(imports.get(relpath) or {""})
    return None, code


def model_signal(
    repo: RepoContext, files: Mapping[str, str], documents: list[Document], has_card: bool
) -> str | None:
    """Why the project is a model, or None when it is not one. `files` maps each file of the
    project (relative to the root) to its path inside the project's folder."""
    if has_card:
        return "a model card"
    imports: dict[str, set[str]] = {}  # third-party modules each file of project code imports
    for relpath, fact in repo.facts(IMPORTS_FACT):
        local = files.get(relpath)
        if local is None or not is_model_code_path(local):
            continue
        imports.setdefault(relpath, set()).add(fact[0])
        if is_ml_module(fact[0]) and not fact[5]:  # [module, ..., optional]
            return f"`import {fact[0]}` in {relpath}"
    signal, code = _files_signal(files, imports)
    signal = signal or _declared_framework(repo, files)
    if signal is None and (link := _weights_link(documents)) is not None:
        signal = f"a link to the weights at {link} in the documentation"
    if signal is None and not code and _describes_model(_documentation_text(documents)):
        signal = "documentation of a model, and no code beyond the numerical stack"
    return signal

"""DOC008 environment: the documentation does not give both the library versions (the
framework's and key libraries', a pinned install line, a lock file or an environment file
that pins them, a pinned Docker image) and the random seeds used (or that inference has no
randomness)."""

from __future__ import annotations

import re

from handoff.checks.doc.passages import Passages
from handoff.checks.doc.project import DocProject
from handoff.checks.doc.rule import DocRule
from handoff.checks.doc.vocabulary import words

_LIBRARIES = (
    r"(py)?torch|tensorflow(-gpu)?|keras|jax(lib)?|flax|transformers|diffusers|timm|torchvision"
    r"|torchaudio|torchtext|onnx|onnxruntime(-gpu)?|tensorrt|cuda|cudnn|numpy|scikit-learn|sklearn"
    r"|xgboost|lightgbm|catboost|pandas|scipy|vllm|accelerate|peft|trl|lightning"
    r"|pytorch[- ]lightning|paddlepaddle|paddle|mxnet|dgl|torch[-_]geometric|pyg|rdkit(-pypi)?"
    r"|opencv(-python)?(-headless)?|librosa|spacy|sentence-transformers|datasets|tokenizers"
    r"|triton|fairseq|detectron2|mmcv(-full)?|mmdet(ection)?|ultralytics|gym|gymnasium"
    r"|stable[-_]baselines3|bitsandbytes|deepspeed|openvino|nemo_toolkit|speechbrain|espnet"
    r"|(openai-)?whisper|safetensors|huggingface[-_]hub|xformers|flash[-_]attn|ctranslate2"
    r"|faiss(-cpu|-gpu)?|statsmodels|tensorflow-hub|jax\[\w+\]"
)
# A library and its version: `torch==2.1.0`, "PyTorch 2.1", "CUDA 11.8", a table row
# `Package: torch | Version: 2.1.0`, an image tag `pytorch/pytorch:2.1.0-cuda11.8`.
VERSIONED_LIBRARY = words(
    rf"(?<![\w-])({_LIBRARIES})(?![\w-])[\s=<>~:|@\"'`]{{0,5}}(version|ver\.?|v)?"
    r"[\s=<>~:|\"'`]{0,4}"
    r"v?\d+\.\d+"
)
PINNED_IMAGE = re.compile(r"\b[\w.-]+/[\w.-]+:v?\d+\.\d+[\w.-]*")
# A lock file named in the documentation pins the environment.
LOCK_FILE = words(r"\b[\w-]*\.lock\b|\bconda-lock\b|\bpylock\.\w+\.toml\b")
# A conda environment file named there gives versions only if it states them: many list
# packages unpinned, and one that is not in the project states nothing.
ENVIRONMENT_FILE = words(r"\b(environment[\w-]*\.ya?ml)\b")
# How seeds are set or which were used: "seed 42", "seeds 0, 1 and 2", "random seed fixed to",
# "we fix the seed", `torch.manual_seed(42)`, `--seed 2023`; not a "seed dataset".
_SEED_WORD = (
    r"\bseeds?\b(?!\s+(data(set)?s?|words?|sets?|examples?|prompts?|questions?|tasks?|pairs?"
    r"|instructions?|points?|nodes?|atoms?|images?|corpus|lexicon|list|terms?|queries|documents?"
    r"|samples?|phrases?|sentences?|texts?|files?))"
)
SEED = words(
    rf"{_SEED_WORD}\s*(=|:|of|is|are|was|were|values?)?\s*`?\d"
    rf"|\brandom[ _-]{_SEED_WORD}[^.\n]{{0,30}}(\d|\bfix\w*|\bset\b)"
    rf"|{_SEED_WORD}[^.\n]{{0,30}}\b(fixed|set to|set via|set with|set by)\b"
    r"|\b(fix(ed|es)?|set(s|ting)?|same)\s+(the\s+|a\s+|all\s+)?(random\s+)?seeds?\b"
    r"|\b(set_seed|manual_seed|set_random_seed|seed_everything|set_determinism)\s*\("
    r"|\brandom\.seed\s*\(|--seed(?![\w-])|\bseed\s*[:=]\s*\d|PYTHONHASHSEED"
    # a seed option with a qualifier, given a value: `--random_seed=7`, `--data-seed 3`
    r"|--[\w-]*[_-]seed[= ]\s*\d"
    # scikit-learn's name for a seed
    r"|\brandom_state\s*=\s*\d"
    # a random generator made from a number: JAX's key, NumPy's generator
    r"|\b(PRNGKey|random\.key|default_rng|RandomState)\s*\(\s*\d"
    r"|随机种子|种子\s*[:：=]?\s*`?\d|Zufalls(start)?wert|\bSeed\w*\s*[:=]?\s*\d"
)
# Inference that needs no seed, said so.
NO_RANDOMNESS = words(
    r"\bno randomness\b|\bnot random\b|\b(is|are|fully|entirely) deterministic\b"
    r"|\bdeterministic (outputs?|inference|predictions?|results)\b|keine Zufälligkeit"
    r"|\bdeterministisch\b|没有随机性|确定性的"
)


def _texts(passages: Passages):
    """Every sentence, table row, code line and comment: versions and seeds count wherever
    they are written (a training seed is the seed of the weights handed over)."""
    for passage in passages.texts:
        yield passage.text
    for snippet in passages.snippets:
        for line in snippet.lines:
            yield line.text
            if line.comment:
                yield line.comment


def versions_evidence(passages: Passages, pinned: frozenset[str] = frozenset()) -> str | None:
    """The first statement of versions (`pinned`: the names of the project's environment
    files that state versions)."""
    for text in _texts(passages):
        if VERSIONED_LIBRARY.search(text) or PINNED_IMAGE.search(text) or LOCK_FILE.search(text):
            return text
        if any(m.group(1).lower() in pinned for m in ENVIRONMENT_FILE.finditer(text)):
            return text
    return None


def seeds_evidence(passages: Passages) -> str | None:
    for text in _texts(passages):
        if SEED.search(text) or NO_RANDOMNESS.search(text):
            return text
    return None


class Environment(DocRule):
    """DOC008: one finding, saying which half is missing."""

    code = "DOC008"
    headings = words(
        r"install|requirements|environment|setup|dependenc|安装|环境|依赖|Installation"
    )

    def missing(self, project: DocProject) -> str | None:
        versions = (
            project.locked
            or versions_evidence(project.passages, project.pinned_environments) is not None
        )
        seeds = seeds_evidence(project.passages) is not None
        if versions and seeds:
            return None
        if not versions and not seeds:
            return (
                "the documentation gives neither library versions nor seeds: document the"
                " versions of the framework and key libraries (a pinned install line, a lock"
                " file or a Docker image tag) and the random seeds used"
            )
        if not versions:
            return (
                "the documentation gives no library versions: document the versions of the"
                " framework and key libraries (a pinned install line, a lock file or a Docker"
                " image tag); a Python version or `pip install -r requirements.txt` is not"
                " enough"
            )
        return (
            "the documentation gives no random seed: document the seeds the weights and"
            " results came from and how to set them, or say that inference has no randomness"
        )

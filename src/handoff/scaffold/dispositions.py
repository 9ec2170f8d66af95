"""Where each kind of finding lives in the generated package, or what is left to move.

One entry per rule (a family's default where every rule of it ends up in the same place).
The texts are templates: `{pkg}` is the package's import name and `{cmd}` its command,
`{key}`/`{env}` the config key a finding became and its environment variable, `{secret}` the
environment variable a secret is read from instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from handoff.findings import Finding

# Where a finding in a dependency manifest sits: a dependency, or the repo's own tooling.
DEPENDENCY = "dependency"
TOOLING = "tooling"


@dataclass(frozen=True)
class Disposition:
    """What the package does instead of the finding's code, and what the engineer still
    has to do; either may be None."""

    now_lives_in: str | None
    left_to_move: str | None = None

    def filled(self, **fields: str) -> Disposition:
        return Disposition(
            self.now_lives_in.format(**fields) if self.now_lives_in else None,
            self.left_to_move.format(**fields) if self.left_to_move else None,
        )


_CONFIG_KEY = Disposition("config key `{key}` (set `{env}`)")
_DEVICE = Disposition(
    "config key `device` (`auto`, override with `{env}`), resolved at run time by"
    " `src/{pkg}/device.py`, which honours CUDA_VISIBLE_DEVICES"
)
_LOCAL_WEIGHTS = Disposition(
    "`src/{pkg}/model.py` loads local weights checked against their sha256; hub access is off",
    "download the weights once and pass them to `handoff scaffold --weights FILE`, which"
    " copies them into the package",
)
_PINNED = Disposition("`pyproject.toml` pins every dependency of the package")
_TRAINING_STAYS = Disposition(
    None, "training stays in the research repo: make it reproducible there"
)

_BY_RULE = {
    "PATH002": Disposition(
        "nothing to carry: the package finds its files through config and its own folder,"
        " never the working directory"
    ),
    "DEV002": Disposition(
        _DEVICE.now_lives_in,
        "choose the GPUs where the package runs (the scheduler, or `CUDA_VISIBLE_DEVICES=1"
        " {cmd} predict ...`), not in code",
    ),
    "SEC": Disposition(
        "`.env.example` names `{secret}` (never a value); the package reads it from the"
        " environment",
        "revoke the committed credential: it stays in the research repo's history",
    ),
    "REQ003": Disposition(
        _PINNED.now_lives_in, "if the model code imports it, add it to `pyproject.toml`, pinned"
    ),
    "REQ006": Disposition("the package's dependencies are inference-only"),
    "REQ008": Disposition(
        _PINNED.now_lives_in, "if the package needs it, pin a version past the advisory"
    ),
    "NET003": Disposition(
        "the package predicts on the inputs given to `{cmd} predict`",
        "the dataset download belongs to training: it stays in the research repo",
    ),
    "NET004": Disposition(
        _LOCAL_WEIGHTS.now_lives_in,
        "download the file once and ship it: weights through `--weights FILE`, any other file"
        " under a `paths` key",
    ),
    "REPRO001": Disposition(
        "`src/{pkg}/model.py` checks the weights' sha256, then loads them with"
        " `torch.load(..., weights_only=True)`",
        "if the checkpoint pickles a whole model, save its state_dict once and pass that to"
        " `--weights`",
    ),
    "REPRO002": Disposition(
        "the golden-output tests fix the seed and record it with device, dtype and torch"
        " version",
        _TRAINING_STAYS.left_to_move,
    ),
    "REPRO003": _TRAINING_STAYS,
    "SEP001": Disposition(
        "`src/{pkg}/inference.py` (batched prediction in eval mode) behind `{cmd} predict`",
        "move the predict path's preprocessing and postprocessing into `preprocess.py` and"
        " `postprocess.py`; the training loop stays in the research repo",
    ),
    "SEP002": Disposition(
        "the package imports no training code",
        "bring only the model class (`--model module:Class`), not the training module around it",
    ),
    "SEP003": Disposition(
        "`{cmd} predict INPUT --output OUT` (`src/{pkg}/cli.py`) is the inference entry point"
    ),
    "HO001": Disposition(
        None,
        "handoff could not parse this file, so nothing in it was carried over: fix it and run"
        " `handoff scaffold --from` again",
    ),
    "HO004": Disposition(None, "too large to check: review it by hand"),
    "HO": Disposition("nothing to carry: a handoff suppression comment"),
    "PATH": _CONFIG_KEY,
    "DEV": _DEVICE,
    "REQ": _PINNED,
    "NET": _LOCAL_WEIGHTS,
    "QUAL": Disposition(
        "`.pre-commit-config.yaml` runs handoff, black and isort on the package",
        "format the model code you bring (black, isort)",
    ),
    "DOC": Disposition(
        "the package README states the inference assumptions; `bench/` fills in its resource"
        " figures",
        "fill in what the README template leaves open from what the research knows",
    ),
}

_IMPORT_PATH = Disposition(
    "the package imports only installed code",
    "code imported from a folder on one machine: install it as a pinned dependency, or copy"
    " the modules the model needs into `src/{pkg}/`",
)
_COLAB_DRIVE = Disposition(
    "data and weights come from `paths` config keys and `--weights`",
    "copy the files the model needs off Google Drive: weights through `--weights FILE`, data"
    " to a place a `paths` key names",
)
_LOCAL_DEPENDENCY = Disposition(
    _PINNED.now_lives_in,
    "a dependency installed from one machine's folder: publish it to an index or copy the"
    " code the model needs into `src/{pkg}/`",
)
_TOOLING_SETTING = Disposition(
    "nothing to carry: a setting of the research repo's own tooling (tests, formatters, its"
    " conda environment), not of the inference code"
)
_MULTI_GPU = Disposition(
    _DEVICE.now_lives_in,
    "multi-GPU `DataParallel` is not carried over: run one package process per GPU",
)


_UNREAD_VALUE = Disposition(
    None,
    "handoff could not read the value here: add a `paths` or `endpoints` key for it by hand",
)


_PATH002_BY_MESSAGE = (
    (("sys.path", "site.addsitedir", "setting PYTHONPATH", "PYTHONPATH"), _IMPORT_PATH),
    (("drive.mount",), _COLAB_DRIVE),
)


def disposition_for(finding: Finding, manifest_role: str | None, keyed: bool) -> Disposition:
    """The template for `finding`; `manifest_role`: DEPENDENCY or TOOLING when it sits in a
    dependency manifest; `keyed`: it became a config key."""
    rule, family = finding.rule, finding.family
    special = None
    if family == "PATH" and manifest_role:
        special = _LOCAL_DEPENDENCY if manifest_role == DEPENDENCY else _TOOLING_SETTING
    elif rule in ("PATH001", "PATH003", "PATH004") and not keyed:
        special = _UNREAD_VALUE
    elif rule == "PATH002":
        starts = (d for prefixes, d in _PATH002_BY_MESSAGE if finding.message.startswith(prefixes))
        special = next(starts, None)
    elif rule == "DEV001" and "device_ids" in finding.message:
        special = _MULTI_GPU
    fallback = Disposition(None, f"handoff has no migration rule for {rule}: review it by hand")
    return special or _BY_RULE.get(rule) or _BY_RULE.get(family) or fallback

"""Training-only libraries: what an inference module has no reason to import."""

from __future__ import annotations

import re

from handoff.checks.sep.roles import ImportStatement, training_module_name

# Optimizers, experiment trackers, hyperparameter search and training loops. mlflow (it also
# serves models), accelerate, datasets and `pytorch_lightning` itself (a LightningModule is a
# model) are used at inference time too.
TRAINING_LIBRARIES = (
    "torch.optim",
    "wandb",
    "tensorboard",
    "torch.utils.tensorboard",
    "tensorboardX",
    "optuna",
    "comet_ml",
    "neptune",
    "ray.tune",
    "hyperopt",
)
TRAINING_CLASSES = frozenset(
    {f"{lib}.Trainer" for lib in ("lightning", "pytorch_lightning", "lightning.pytorch")}
    | {f"transformers.{name}" for name in ("Trainer", "TrainingArguments", "Seq2SeqTrainer")}
    | {"transformers.Seq2SeqTrainingArguments", "trl.SFTTrainer"}
)


def _library(qualified: str) -> bool:
    if qualified in TRAINING_CLASSES:
        return True
    return any(qualified == lib or qualified.startswith(lib + ".") for lib in TRAINING_LIBRARIES)


def training_import(statement: ImportStatement) -> str | None:
    """Why the import brings in training code: `torch.optim`, `the training module train`."""
    for module in statement.modules:
        absolute = module.lstrip(".")
        qualified = [f"{absolute}.{n}" if absolute else n for n in statement.names] or [absolute]
        for name in qualified:
            if _library(name):
                return f"the training-only library `{name}`"
        if absolute and training_module_name(absolute) and not _library_root(absolute):
            return f"the training module `{module}`"
        for name in statement.names:  # `from . import train`, `from src import finetune`
            if _MODULE_NAME_RE.match(name) and not _library_root(absolute):
                return f"the training module `{module}{'' if module.endswith('.') else '.'}{name}`"
    return None


# A lowercase name that is a training module, not a function (`train_test_split`).
_MODULE_NAME_RE = re.compile(r"^(train|training|trainer|finetune|fine_tune)$")


def _library_root(dotted: str) -> bool:
    """`pytorch_lightning.trainer`, `transformers.trainer`: a library's own training module,
    reported only for the classes above."""
    return dotted.split(".", 1)[0] in ("lightning", "pytorch_lightning", "transformers", "trl")

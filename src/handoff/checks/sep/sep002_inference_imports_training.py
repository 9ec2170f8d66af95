"""SEP002 inference-imports-training: an inference module imports the repo's training code
or a training-only library."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Iterable

from handoff.checks.base import RepoContext, Report
from handoff.checks.sep.facts import (
    IMPORTS,
    TRAINING_IMPORTS,
    TRAINS,
    RecordedFactsCheck,
    RecordedRoles,
)
from handoff.checks.sep.roles import training_module_name

_HINT = (
    "import only the model, its preprocessing and the weights loader, and keep training code"
    " out of the serving path (see `handoff explain SEP002`)"
)


class InferenceImportsTraining(RecordedFactsCheck):
    """SEP002: an inference module's imports of a training-only library or of a module named
    for training (`from train import ...`), and of a repo module that trains although its
    name does not say so (`from node_clf import GAT`, where node_clf.py runs the training
    loop). Repo-level, since the last needs every file's facts."""

    code = "SEP002"
    analyses = (RecordedRoles,)

    def check(self, repo: RepoContext) -> Iterable[Report]:
        for relpath, (why, line, column, cell) in repo.facts(TRAINING_IMPORTS):
            yield Report(
                f"this inference module imports {why}, which the serving environment then"
                f" needs; {_HINT}",
                line=line,
                column=column,
                cell=cell,
                path=relpath,
            )
        training = dict(repo.facts(TRAINS))
        files = {relpath for relpath, _ in repo.files}
        for relpath, (modules, names, line, column, cell) in repo.facts(IMPORTS):
            for module in modules:
                if training_module_name(module.lstrip(".")):
                    continue  # the file-level check reports it
                target = _resolve(relpath, module, names, files)
                if target is not None and target in training and target != relpath:
                    yield Report(
                        f"this inference module imports `{module}` ({target}), which trains"
                        f" a model ({training[target]}); {_HINT}",
                        line=line,
                        column=column,
                        cell=cell,
                        path=relpath,
                    )
                    break


def _resolve(importer: str, module: str, names: list[str], files: set[str]) -> str | None:
    """The repo file an import names: relative to the importing file, else under one of
    its folders (where a script's own folder or the repo root is on sys.path)."""
    folder = PurePosixPath(importer).parent
    level = len(module) - len(module.lstrip("."))
    dotted = module.lstrip(".")
    if level:
        bases = [folder.parents[level - 2] if level > 1 else folder]
    else:
        bases = [folder, *folder.parents]
    for base in bases:
        candidates = []
        stem = base.joinpath(*dotted.split(".")) if dotted else base
        candidates += [f"{stem}.py", f"{stem}/__init__.py"]
        candidates += [f"{stem}/{name}.py" for name in names]
        for candidate in candidates:
            normal = candidate.removeprefix("./")
            if normal in files:
                return normal
    return None

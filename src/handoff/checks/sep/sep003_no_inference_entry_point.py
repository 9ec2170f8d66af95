"""SEP003 no-inference-entry-point: the repo trains a model and has no standalone way to
get predictions from it."""

from __future__ import annotations

from typing import Iterable

from handoff.checks.base import RepoContext, Report
from handoff.checks.sep.facts import SERVES, TRAINS, RecordedFactsCheck, RecordedRoles


class NoInferenceEntryPoint(RecordedFactsCheck):
    """SEP003: one finding, at line 1 of the first training module (a script before a
    notebook)."""

    code = "SEP003"
    analyses = (RecordedRoles,)  # what each code file does, recorded as facts

    def check(self, repo: RepoContext) -> Iterable[Report]:
        if any(True for _ in repo.facts(SERVES)):
            return
        training = sorted(
            dict(repo.facts(TRAINS)).items(),
            key=lambda item: (item[0].endswith(".ipynb"), item[0]),
        )
        if not training:
            return
        relpath, step = training[0]
        others = f" and {len(training) - 1} more modules" if len(training) > 1 else ""
        yield Report(
            f"this repo trains a model ({step} in {relpath}{others}) but has no standalone"
            " inference entry point: predictions only come from a notebook or the training"
            " script; add a predict module or CLI (generate one with `handoff scaffold`)",
            line=1,
            cell=1 if relpath.endswith(".ipynb") else None,
            path=relpath,
        )

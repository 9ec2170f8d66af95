"""REQ006 training-dependency-in-inference-manifest: experiment tracking and tuning packages
in what the inference service installs."""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Iterable

from packaging.utils import canonicalize_name

from handoff.checks.base import RepoContext, Report
from handoff.checks.req.project import ProjectCheck, project_of, report_at
from handoff.manifests import Requirement

# requirements-inference.txt, requirements_serve.txt, serving-requirements.in,
# requirements/inference.txt, ...
_INFERENCE_WORDS = r"(?:inference|infer|serve|serving|deploy|deployment|predict)"
_INFERENCE_FILE = re.compile(rf"(?:^|[-_.]){_INFERENCE_WORDS}(?:[-_.]|$)", re.I)
_INFERENCE_GROUPS = re.compile(rf"^{_INFERENCE_WORDS}$", re.I)


def inference_file(relpath: str) -> bool:
    pure = PurePosixPath(relpath)
    if pure.suffix.lower() not in (".txt", ".in"):
        return False
    return _INFERENCE_FILE.search(pure.stem) is not None


def _in_inference(requirement: Requirement) -> bool:
    if requirement.section in ("extra", "group") and requirement.group:
        return _INFERENCE_GROUPS.match(requirement.group) is not None
    return requirement.section == "main" and inference_file(requirement.path)


class TrainingDependencyInInferenceManifest(ProjectCheck):
    """REQ006: at the line in an inference manifest (a requirements file named for inference
    or serving, an `inference`/`serve` extra or group) that declares a training-only package
    (option `training-packages`)."""

    code = "REQ006"

    def check(self, repo: RepoContext) -> Iterable[Report]:
        training = {canonicalize_name(n) for n in self.options.get("training-packages", ())}
        seen: set[tuple[str, int, int]] = set()
        project = project_of(repo)
        for manifest in project.declaring:
            for requirement in manifest.own_requirements:
                key = (requirement.path, requirement.line, requirement.column)
                if requirement.name not in training or key in seen:
                    continue
                if not project.reported(requirement.path):
                    continue
                if not _in_inference(requirement):
                    continue
                seen.add(key)
                where = (
                    f"the `{requirement.group}` {requirement.section}"
                    if requirement.section in ("extra", "group")
                    else requirement.path
                )
                yield report_at(
                    requirement,
                    f"`{requirement.written_name}` is a training tool, but {where} is what"
                    " the inference service installs: move it to a training or dev"
                    " requirements file (see `handoff explain REQ006`)",
                )

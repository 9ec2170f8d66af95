"""The documentation of the checked project, read once per run for every DOC rule.

Which project: the folder every checked file is in (the project root for `handoff check`, the
example's folder for `handoff check examples/cifar-resnet`). A subfolder without a README of
its own is part of a project whose documentation was not checked (`handoff check src`), and a
run whose files leave out a README that is there (pre-commit passing the staged code files)
did not look at the documentation: in both cases DOC says nothing.

Which files count: the README at the top of that folder (`README`, `README.md`, `.rst`,
`.txt`, `.markdown`, any case), every `.md`/`.rst`/`.txt` file under its `docs/` (not a
requirements file for the docs build), and `MODEL_CARD.md` there or in `docs/`. READMEs of
other subfolders, notebooks, docstrings and config files do not.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import PurePosixPath

from handoff.checks.base import RepoContext
from handoff.checks.doc.documents import Document
from handoff.checks.doc.gate import model_signal
from handoff.checks.doc.passages import Passages
from handoff.checks.doc.reader import read_document
from handoff.checks.req.project import checked_folder, is_project_file, project_of
from handoff.manifests import Requirement
from handoff.sources import is_requirements_file

log = logging.getLogger("handoff")

README_SUFFIXES = ("", ".md", ".markdown", ".rst", ".txt")
DOC_SUFFIXES = frozenset({".md", ".markdown", ".rst", ".txt"})
MODEL_CARD_NAME = "model_card.md"


@dataclass
class DocProject:
    """The project's documentation, and whether DOC applies to it."""

    folder: str  # "." for the project root
    readme: Document | None
    model_card: Document | None  # MODEL_CARD.md, else a README that is a Hugging Face card
    documents: list[Document] = field(default_factory=list)  # the README first
    model: str | None = None  # why the project is a model; None: DOC does not apply
    locked: bool = False  # a lock file pins the environment
    # the names (lowercased) of its conda environment files that state versions
    pinned_environments: frozenset[str] = frozenset()

    @property
    def home(self) -> str:
        """Where a missing part is reported: the README, else the model card, else the first
        file of docs/."""
        if self.readme is not None:
            return self.readme.path
        if self.model_card is not None:
            return self.model_card.path
        return self.documents[0].path if self.documents else self.folder

    @cached_property
    def passages(self) -> Passages:
        return Passages(self.documents)


def _inside(folder: str, relpath: str) -> str | None:
    """`relpath` relative to `folder`, or None when it is not under it."""
    if folder == ".":
        return relpath
    prefix = folder.rstrip("/") + "/"
    return relpath[len(prefix) :] if relpath.startswith(prefix) else None


def is_readme(local: str) -> bool:
    pure = PurePosixPath(local)
    return (
        len(pure.parts) == 1
        and pure.stem.lower() == "readme"
        and pure.suffix.lower() in README_SUFFIXES
    )


def is_documentation(local: str) -> bool:
    pure = PurePosixPath(local)
    if is_readme(local):
        return True
    in_docs = len(pure.parts) > 1 and pure.parts[0].lower() == "docs"
    if pure.name.lower() == MODEL_CARD_NAME and (len(pure.parts) == 1 or in_docs):
        return True
    return in_docs and pure.suffix.lower() in DOC_SUFFIXES and not is_requirements_file(pure)


def might_be_documentation(relpath: str) -> bool:
    """Documentation of some checked folder: a README at any depth, a file under a docs/
    folder, a model card (the folder DOC judges is only known once every file is listed).
    Asked of every file, so string tests first."""
    parts = relpath.split("/")
    name = parts[-1]
    if is_readme(name) or name.lower() == MODEL_CARD_NAME:
        return True
    if not any(part.lower() == "docs" for part in parts[:-1]):
        return False
    pure = PurePosixPath(relpath)
    return pure.suffix.lower() in DOC_SUFFIXES and not is_requirements_file(pure)


def judged_from(relpath: str) -> bool:
    """The files DOC's findings depend on: the documentation, and the manifests that tell
    whether the project is a model (the code counts through the imports it records)."""
    return might_be_documentation(relpath) or is_project_file(relpath)


def _readme_on_disk(repo: RepoContext, folder: str) -> bool:
    try:
        return any(is_readme(name) for name in os.listdir(repo.root / folder))
    except OSError:
        return False


# Which README is *the* README when there are several: Markdown first.
_README_PREFERENCE = (".md", ".markdown", ".rst", ".txt", "")


def _order(local: str) -> tuple[int, int, str]:
    """The README first, then the model card, then docs/ in path order."""
    pure = PurePosixPath(local)
    if is_readme(local):
        return (0, _README_PREFERENCE.index(pure.suffix.lower()), local)
    return (1 if pure.name.lower() == MODEL_CARD_NAME else 2, 0, local)


def read_project(repo: RepoContext) -> DocProject | None:
    """The checked project's documentation, or None when the run did not cover it."""
    folder = checked_folder(repo)
    files = {
        relpath: local
        for relpath, _ in repo.files
        if (local := _inside(folder, relpath)) is not None
    }
    doc_files = sorted(
        (f for f in files.items() if is_documentation(f[1])), key=lambda f: _order(f[1])
    )
    has_readme = any(is_readme(local) for _, local in doc_files)
    if not has_readme and (folder != "." or _readme_on_disk(repo, folder)):
        return None
    documents = []
    for relpath, _ in doc_files:
        source = repo.load(relpath)
        if source is not None:
            documents.append(read_document(relpath, source.text))
    readme = next((d for d in documents if is_readme(files[d.path])), None)
    card = next(
        (d for d in documents if PurePosixPath(d.path).name.lower() == MODEL_CARD_NAME), None
    )
    if card is None and readme is not None and readme.is_model_card:
        card = readme
    project = DocProject(folder, readme, card, documents)
    project.model = model_signal(repo, files, documents, card is not None)
    manifests = project_of(repo)
    project.locked = any(lock.path in files for lock in manifests.locks)
    project.pinned_environments = frozenset(
        PurePosixPath(manifest.path).name.lower()
        for manifest in manifests.manifests
        if manifest.format == "conda"
        and manifest.path in files
        and any(states_version(r) for r in manifest.requirements)
    )
    if project.model is None:
        log.debug("DOC: %s is not a model (no ML import, weights or model card)", folder)
    else:
        log.debug("DOC: %s is a model: %s", folder, project.model)
    return project


def states_version(requirement: Requirement) -> bool:
    """A library requirement that names its version: pinned, or conda's `=1.13` (1.13.*). (A
    Python version says nothing of the libraries.)"""
    if requirement.name == "python":
        return False
    return requirement.pinned or (requirement.version_text or "").startswith("=")


def doc_project(repo: RepoContext) -> DocProject | None:
    """The project's documentation, read by the first DOC rule that asks."""
    return repo.shared(DocProject, lambda: read_project(repo))

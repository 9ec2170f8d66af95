"""DOC001 missing-readme: a model with no README at the project root."""

from __future__ import annotations

from typing import Iterable

from handoff.checks.base import RepoCheck, RepoContext, Report
from handoff.checks.doc.project import doc_project, judged_from, might_be_documentation
from handoff.checks.req.imports import ImportFacts


class MissingReadme(RepoCheck):
    """DOC001: once, at the project folder. With no docs/ and no model card either, it is
    the only DOC finding (eight missing parts of nothing say nothing more)."""

    code = "DOC001"
    analyses = (ImportFacts,)

    @classmethod
    def reads(cls, relpath: str) -> bool:
        return might_be_documentation(relpath)

    @classmethod
    def depends_on(cls, relpath: str) -> bool:
        return judged_from(relpath)

    def check(self, repo: RepoContext) -> Iterable[Report]:
        project = doc_project(repo)
        if project is None or project.model is None or project.readme is not None:
            return
        if project.documents:
            others = ", ".join(d.path for d in project.documents[:3])
            more = f" and {len(project.documents) - 3} more" if len(project.documents) > 3 else ""
            where = f"; {others}{more} cannot stand in for it: a README is what is read first"
        else:
            where = ""
        yield Report(
            "this model has no README at the project root"
            f"{where}: write a README.md that says what the model takes and returns, how to"
            " run inference, its default settings, batch size, resource figures and"
            " environment (see `handoff explain DOC001`)",
            path=project.folder,
        )

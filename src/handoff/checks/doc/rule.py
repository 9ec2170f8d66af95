"""The shape every DOC part rule shares: find the project's documentation, stay silent when
DOC does not apply, report a missing part once, at the most relevant heading of the README."""

from __future__ import annotations

import re
from typing import Callable, ClassVar, Iterable

from handoff.checks.base import RepoCheck, RepoContext, Report
from handoff.checks.doc.documents import Document
from handoff.checks.doc.passages import Passages, Purpose, section_purpose
from handoff.checks.doc.project import DocProject, doc_project, judged_from, might_be_documentation
from handoff.checks.req.imports import ImportFacts

# Where a finding about how to run the model goes, when the README has such a heading.
USAGE_HEADINGS = re.compile(
    r"inferen|predict|usage|how to use|(quick|fast) ?start|getting started|\bdemo\b|deploy|serving"
    r"|推理|预测|使用|用法|快速|Inferenz|Vorhersage|Verwendung|Nutzung|Schnellstart",
    re.I,
)


def heading_line(document: Document, pattern: re.Pattern[str] | None) -> int:
    """The line of the first heading that matches and is not about training ("Training
    results" is no place for a missing latency), else 1."""
    if pattern is not None:
        for section in document.sections:
            if not section.titles or section_purpose(section) is Purpose.TRAINING:
                continue
            if pattern.search(section.title):
                return section.line
    return 1


class DocRule(RepoCheck):
    """A documentation part: one finding per project when it is missing. Subclasses set
    `code`, `headings` (where the finding goes), and either `evidence` (the passage that
    documents the part, or None) with `what_to_write`, or their own `missing`."""

    analyses = (ImportFacts,)  # the gate reads which ML frameworks the code imports
    headings: ClassVar[re.Pattern[str] | None] = USAGE_HEADINGS
    evidence: ClassVar[Callable[[Passages], str | None]]
    what_to_write: ClassVar[str] = ""

    @classmethod
    def reads(cls, relpath: str) -> bool:
        return might_be_documentation(relpath)

    @classmethod
    def depends_on(cls, relpath: str) -> bool:
        return judged_from(relpath)

    def check(self, repo: RepoContext) -> Iterable[Report]:
        project = doc_project(repo)
        if project is None or project.model is None or not project.documents:
            return  # not a model, or DOC001 alone (nothing to read)
        message = self.missing(project)
        if message is None:
            return
        home = next((d for d in project.documents if d.path == project.home), None)
        line = heading_line(home, self.headings) if home is not None else 1
        yield Report(f"{message} (see `handoff explain {self.code}`)", line=line, path=project.home)

    def missing(self, project: DocProject) -> str | None:
        """What to write when the part is missing; None when it is documented."""
        if type(self).evidence(project.passages) is not None:
            return None
        return self.what_to_write

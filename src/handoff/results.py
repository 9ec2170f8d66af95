"""What a run produces: each file's result (what the engine and the cache pass around) and the
run's `Result` (what reports render). Reports import these types, never the API."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handoff import __version__
from handoff.catalog import Catalog
from handoff.config import Config
from handoff.findings import Finding, Severity
from handoff.sources import FileKind
from handoff.suppressions import Suppression

# A notebook cell's place in the .ipynb file: SARIF regions (startLine, startColumn, ...).
CellRegion = dict[str, int]


@dataclass
class FileResult:
    """What checking one file produced; cached as JSON between runs (`handoff.cache`)."""

    relpath: str
    kind: FileKind
    findings: list[Finding] = field(default_factory=list)
    suppressions: list[Suppression] = field(default_factory=list)
    # Facts node checks recorded for repo-level checks: name -> JSON-able values.
    facts: dict[str, list[Any]] = field(default_factory=dict)
    cell_regions: list[CellRegion] | None = None  # a notebook with findings: its cells' places
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # internal errors: exit 2
    checked: bool = False
    skipped: str | None = None  # why it was not checked ("binary", "too-large"), if so


@dataclass
class Result:
    """The findings of one run, after suppressions and the baseline.

    `severities` is the severity every enabled rule ran at (catalog or configured), and
    `cell_regions` where each notebook cell with a finding sits in its file, so reports
    neither recompute the one nor read notebooks again for the other.
    """

    root: Path
    config: Config
    catalog: Catalog
    findings: list[Finding]
    files: int
    errors: list[str] = field(default_factory=list)
    suppressed: int = 0
    baselined: int = 0
    severities: dict[str, Severity] = field(default_factory=dict)
    cell_regions: dict[str, list[CellRegion]] = field(default_factory=dict)
    baseline: Path | None = None  # the baseline file applied, if any
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> files (or folders)
    paths: tuple[Path, ...] = ()  # the paths checked, as given

    def shown_path(self, path: Path) -> str:
        """A path as the user knows it: relative to the project root when inside it."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)

    def cell_region(self, finding: Finding) -> CellRegion | None:
        """Where a notebook finding's cell sits in the .ipynb file, if known."""
        regions = self.cell_regions.get(finding.path) or []
        cell = finding.cell or 0
        return dict(regions[cell - 1]) if 0 < cell <= len(regions) else None

    @property
    def failing(self) -> list[Finding]:
        return [f for f in self.findings if f.severity.rank >= self.config.fail_on.rank]

    @property
    def version(self) -> str:
        return __version__

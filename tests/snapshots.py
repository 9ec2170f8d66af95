"""Golden reports: the findings of every corpus and the bundled example, as JSON.

A refactoring must not change what handoff reports. `python tests/snapshots.py` rewrites the
files under tests/data/snapshots after a deliberate change in findings; the test compares.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from handoff.api import check

HERE = Path(__file__).parent
REPO = HERE.parent
SNAPSHOTS = HERE / "data" / "snapshots"
TARGETS = {
    "example": REPO / "examples" / "cifar-resnet",
    **{p.name: p for p in sorted((HERE / "fixtures").iterdir()) if p.is_dir()},
}
# What the refactoring promises to keep; `fix` is filled from the catalog by design.
FIELDS = ("rule", "severity", "path", "cell", "line", "column", "end_line", "end_column")


def report(target: Path) -> list[dict]:
    result = check([target], isolated=True, jobs=1)
    rows = [
        {**{key: getattr(f, key) for key in FIELDS}, "message": f.message} for f in result.findings
    ]
    for row in rows:
        row["severity"] = str(row["severity"].value)
    return sorted(rows, key=lambda r: json.dumps(r, sort_keys=True))


def snapshot_path(name: str) -> Path:
    return SNAPSHOTS / f"{name}.json"


def main() -> None:
    SNAPSHOTS.mkdir(parents=True, exist_ok=True)
    names = sys.argv[1:] or list(TARGETS)
    for name in names:
        rows = report(TARGETS[name])
        snapshot_path(name).write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
        print(f"{name}: {len(rows)} findings")


if __name__ == "__main__":
    main()

"""Precision and recall of a rule family on a labelled fixture corpus.

Labels live with the code they describe: a line ending in a comment `# expect: CODE` (several:
`# expect: SEC001, PATH001`) must yield that finding on that line. Files where a comment is
impossible (JSON, notebooks) are labelled in the corpus's `labels.txt`, one `path:line CODE`
or `path:cell_N:line CODE` per line. Every other finding of the family is a false positive.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from handoff.api import Overrides, check

EXPECT_RE = re.compile(r"#\s*expect:\s*([A-Z]+\d{3}(?:\s*,\s*[A-Z]+\d{3})*)")


@dataclass
class Score:
    true_positives: int
    false_positives: list[str] = field(default_factory=list)
    false_negatives: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positives + len(self.false_positives)
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + len(self.false_negatives)
        return self.true_positives / expected if expected else 1.0

    def report(self) -> str:
        return (
            f"precision {self.precision:.3f}, recall {self.recall:.3f}, "
            f"tp {self.true_positives}\nfalse positives:\n  "
            + "\n  ".join(self.false_positives)
            + "\nfalse negatives:\n  "
            + "\n  ".join(self.false_negatives)
        )


def expected_labels(corpus: Path, family: str) -> Counter:
    labels: Counter = Counter()
    for path in sorted(corpus.rglob("*")):
        if not path.is_file() or path.name == "labels.txt":
            continue
        rel = path.relative_to(corpus).as_posix()
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError:
            continue
        if path.suffix in (".ipynb", ".json"):
            continue
        for number, line in enumerate(lines, start=1):
            match = EXPECT_RE.search(line)
            if match:
                for code in re.split(r"\s*,\s*", match.group(1)):
                    if code.startswith(family):
                        labels[(rel, None, number, code)] += 1
    labels_file = corpus / "labels.txt"
    if labels_file.exists():
        for raw in labels_file.read_text(encoding="utf-8").splitlines():
            raw = raw.split("#", 1)[0].strip()
            if not raw:
                continue
            where, code = raw.split()
            parts = where.split(":")
            cell = int(parts[1].removeprefix("cell_")) if len(parts) == 3 else None
            if code.startswith(family):
                labels[(parts[0], cell, int(parts[-1]), code)] += 1
    return labels


def score_family(corpus: Path, family: str) -> Score:
    """Check the corpus with the family's rules only and compare with its labels. Findings
    are matched on (path, cell, line, code); several on one line count once per label."""
    result = check([corpus], isolated=True, overrides=Overrides(select=(family,)), jobs=1)
    found: Counter = Counter()
    for finding in result.findings:
        if finding.rule.startswith(family):
            found[(finding.path, finding.cell, finding.line, finding.rule)] += 1
    expected = expected_labels(corpus, family)
    score = Score(true_positives=0)
    for key in set(found) | set(expected):
        hits = min(found[key], expected[key])
        score.true_positives += hits
        where = f"{key[0]}:{'cell_%s:' % key[1] if key[1] else ''}{key[2]} {key[3]}"
        score.false_positives += [where] * (found[key] - hits)
        score.false_negatives += [where] * (expected[key] - hits)
    score.false_positives.sort()
    score.false_negatives.sort()
    return score


def expected_by_project(corpus: Path) -> dict[str, set[str]]:
    """A corpus labelled per project (`expected.yaml`: `repos: {folder: {expected: [CODE,
    ...]}}`): the codes each folder should get."""
    data = yaml.safe_load((corpus / "expected.yaml").read_text(encoding="utf-8"))
    return {name: set(entry.get("expected") or ()) for name, entry in data["repos"].items()}


def score_projects(corpus: Path, family: str) -> dict[str, Score]:
    """Check each project folder of the corpus alone, with the family's rules only, and score
    each rule: a finding of the rule in a folder whose labels list it is a true positive
    (once per folder, wherever it is reported), one in a folder whose labels do not is a false
    positive, a listed code with no finding a false negative."""
    expected = expected_by_project(corpus)
    scores: dict[str, Score] = {}
    for name, codes in sorted(expected.items()):
        result = check(
            [corpus / name], isolated=True, overrides=Overrides(select=(family,)), jobs=1
        )
        assert not result.errors, result.errors
        found = {f.rule for f in result.findings if f.rule.startswith(family)}
        for code in found | codes:
            score = scores.setdefault(code, Score(true_positives=0))
            if code in found and code in codes:
                score.true_positives += 1
            elif code in found:
                score.false_positives.append(name)
            else:
                score.false_negatives.append(name)
    return scores


def projects_report(scores: dict[str, Score]) -> str:
    return "\n".join(
        f"{code}: precision {s.precision:.2f}, recall {s.recall:.2f}, tp {s.true_positives},"
        f" fp {s.false_positives}, fn {s.false_negatives}"
        for code, s in sorted(scores.items())
    )


def assert_labels_cover(
    corpus: Path, codes: list[str], missing: int, documented: int, projects: int = 15
) -> None:
    """Both sides of every code are labelled: at least `missing` folders expect it (the part
    is missing there) and at least `documented` folders do not."""
    expected = expected_by_project(corpus)
    assert len(expected) >= projects
    for code in codes:
        assert sum(code in found for found in expected.values()) >= missing, code
        assert sum(code not in found for found in expected.values()) >= documented, code


def assert_project_scores(
    corpus: Path, family: str, precision: dict[str, float], recall: dict[str, float]
) -> None:
    """Each code of `precision` scores at least its precision and its recall on the corpus."""
    scores = score_projects(corpus, family)
    report = projects_report(scores)
    for code in precision:
        assert scores[code].precision >= precision[code], report
        assert scores[code].recall >= recall[code], report

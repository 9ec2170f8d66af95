"""This run against an older result file.

Per batch size measured in both, two metrics: p50 latency (lower is better) and throughput
(higher is better). A change worse than the threshold, in percent of the old value, is a
regression; better by more than the threshold, an improvement. A batch size that ran before
and runs out of memory now is a regression too; one not measured now, or only now, is reported.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from .report import SCHEMA, SCHEMA_VERSION, Report
from .sweep import OK, OUT_OF_MEMORY

# Facts that make two runs measure different things when they differ.
COMPARABLE_ENVIRONMENT = (
    "device_name",
    "dtype",
    "torch",
    "cuda_runtime",
    "gpu_driver",
    "torch_threads",
    "cudnn_benchmark",
    "tf32_matmul",
    "tf32_cudnn",
    "float32_matmul_precision",
)


class CompareError(Exception):
    """The older result file cannot be read or is not a benchmark result."""


@dataclass(frozen=True)
class Change:
    """One metric of one batch size, before and after."""

    batch_size: int
    metric: str
    unit: str
    old: float
    new: float
    lower_is_better: bool

    @property
    def worse_by_percent(self) -> float:
        """How much worse, in percent of the old value; negative when better."""
        change = 100.0 * (self.new - self.old) / self.old
        return change if self.lower_is_better else -change


@dataclass(frozen=True)
class Comparison:
    """Every change, and the batch sizes that cannot be compared, with the reason."""

    threshold_percent: float
    changes: tuple[Change, ...]
    out_of_memory_now: tuple[int, ...]
    not_measured_now: tuple[int, ...]
    new_batch_sizes: tuple[int, ...]
    environment_differences: tuple[str, ...]

    @property
    def regressions(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.worse_by_percent > self.threshold_percent)

    @property
    def improvements(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.worse_by_percent < -self.threshold_percent)

    @property
    def regressed(self) -> bool:
        return bool(self.regressions or self.out_of_memory_now)


def load_report(path: Path) -> Report:
    """A result file written by this harness, checked enough to be compared."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CompareError(f"{path}: cannot read it ({error})") from error
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise CompareError(
            f"{path}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from error
    problem = next(_schema_problems(document), None)
    if problem:
        raise CompareError(f"{path}: not a benchmark result file: {problem}")
    return document


def _schema_problems(document: Any) -> Iterator[str]:
    """What keeps `document` from being compared, most fundamental first."""
    if not isinstance(document, dict) or document.get("schema") != SCHEMA:
        yield f'expected a JSON object with "schema": "{SCHEMA}"'
        return
    version = document.get("schema_version")
    if not _positive(version, integer=True):
        yield "schema_version must be a positive integer"
    elif version > SCHEMA_VERSION:
        yield f"schema_version {version} is newer than this harness reads ({SCHEMA_VERSION})"
    if not isinstance(document.get("environment"), dict):
        yield "environment must be an object"
    results = document.get("results")
    if not isinstance(results, list):
        yield "results must be a list"
        return
    seen: set[int] = set()
    for index, entry in enumerate(results):
        for problem in _entry_problems(entry, seen):
            yield f"results[{index}]: {problem}"


def _entry_problems(entry: Any, seen: set[int]) -> Iterator[str]:
    if not isinstance(entry, dict):
        yield "must be an object"
        return
    size = entry.get("batch_size")
    if not _positive(size, integer=True):
        yield "batch_size must be a positive integer"
    elif size in seen:
        yield f"batch size {size} appears twice"
    else:
        seen.add(size)
    if not isinstance(entry.get("status"), str):
        yield "status must be a string"
    elif entry["status"] == OK:
        latency = entry.get("latency_ms")
        if not isinstance(latency, dict) or not _positive(latency.get("p50")):
            yield "latency_ms.p50 must be a positive number"
        if not _positive(entry.get("throughput_per_s")):
            yield "throughput_per_s must be a positive number"


def _positive(value: Any, integer: bool = False) -> bool:
    kinds = (int,) if integer else (int, float)
    return isinstance(value, kinds) and not isinstance(value, bool) and value > 0


def compare_reports(old: Report, new: Report, threshold_percent: float) -> Comparison:
    old_by_size = {entry["batch_size"]: entry for entry in old["results"]}
    new_by_size = {entry["batch_size"]: entry for entry in new["results"]}
    old_ok = {size for size, entry in old_by_size.items() if entry["status"] == OK}
    new_ok = {size for size, entry in new_by_size.items() if entry["status"] == OK}
    changes: list[Change] = []
    for size in sorted(old_ok & new_ok):
        before, after = old_by_size[size], new_by_size[size]
        changes.append(
            Change(
                size,
                "p50 latency",
                "ms",
                before["latency_ms"]["p50"],
                after["latency_ms"]["p50"],
                lower_is_better=True,
            )
        )
        changes.append(
            Change(
                size,
                "throughput",
                "items/s",
                before["throughput_per_s"],
                after["throughput_per_s"],
                lower_is_better=False,
            )
        )
    out_of_memory_now = sorted(
        size for size in old_ok if new_by_size.get(size, {}).get("status") == OUT_OF_MEMORY
    )
    return Comparison(
        threshold_percent=threshold_percent,
        changes=tuple(changes),
        out_of_memory_now=tuple(out_of_memory_now),
        not_measured_now=tuple(sorted(old_ok - new_ok - set(out_of_memory_now))),
        new_batch_sizes=tuple(sorted(new_ok - old_ok)),
        environment_differences=tuple(
            environment_differences(old["environment"], new["environment"])
        ),
    )


def environment_differences(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    return [
        f"{key}: {old.get(key)} -> {new.get(key)}"
        for key in COMPARABLE_ENVIRONMENT
        if old.get(key) != new.get(key)
    ]


def describe(comparison: Comparison, old_name: str) -> list[str]:
    """The comparison as lines of text, regressions first."""
    threshold = comparison.threshold_percent
    lines = [f"Compared with {old_name} (threshold {threshold:g}%):"]
    labelled = [(change, "REGRESSION") for change in comparison.regressions]
    labelled += [(change, "improvement") for change in comparison.improvements]
    labelled += [
        (change, "within threshold")
        for change in comparison.changes
        if abs(change.worse_by_percent) <= threshold
    ]
    for change, label in labelled:
        signed = 100.0 * (change.new - change.old) / change.old
        lines.append(
            f"  {label}: batch {change.batch_size} {change.metric} "
            f"{_number(change.old, change.unit)} -> {_number(change.new, change.unit)} "
            f"{change.unit} ({signed:+.1f}%)"
        )
    for size in comparison.out_of_memory_now:
        lines.append(f"  REGRESSION: batch {size} ran before and is out of memory now")
    for size in comparison.not_measured_now:
        lines.append(f"  not measured now: batch {size}")
    for size in comparison.new_batch_sizes:
        lines.append(f"  new: batch {size} (nothing to compare with)")
    for difference in comparison.environment_differences:
        lines.append(f"  note: the environment differs, {difference}")
    count = len(comparison.regressions) + len(comparison.out_of_memory_now)
    lines.append(
        f"{count} regression(s) beyond {threshold:g}%"
        if count
        else f"No regression beyond {threshold:g}%."
    )
    return lines


def _number(value: float, unit: str) -> str:
    return f"{value:,.3f}" if unit == "ms" else f"{value:,.1f}"

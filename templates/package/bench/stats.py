"""Latency statistics from raw per-call samples, in pure Python.

Conventions, stated once because every figure in the reports depends on them:
- std is the sample standard deviation (n - 1 in the denominator; 0 for a single sample);
- percentiles interpolate linearly between closest ranks (NumPy's default "linear" method,
  Hyndman and Fan type 7): the q-th percentile of sorted x[0..n-1] sits at rank
  h = (n - 1) * q / 100 and is x[floor(h)] + (h - floor(h)) * (x[floor(h) + 1] - x[floor(h)]);
- throughput is batch_size / mean latency: the items a sustained run processes per second.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Sequence

PERCENTILES = (50, 90, 95, 99)


@dataclass(frozen=True)
class LatencySummary:  # pylint: disable=too-many-instance-attributes
    """One batch size's steady-state latency, all times in milliseconds."""

    iterations: int
    mean_ms: float
    std_ms: float
    cv_percent: float
    min_ms: float
    max_ms: float
    p50_ms: float
    p90_ms: float
    p95_ms: float
    p99_ms: float
    throughput_per_s: float


def percentiles(samples: Sequence[float], points: Sequence[int] = PERCENTILES) -> dict[int, float]:
    """The integer percentiles `points` (1 to 99) of `samples`, linear interpolation (type 7)."""
    if not samples:
        raise ValueError("percentiles of no samples")
    if any(not 1 <= point <= 99 for point in points):
        raise ValueError(f"percentiles must be between 1 and 99, got {list(points)}")
    if len(samples) == 1:
        return {point: float(samples[0]) for point in points}
    # "inclusive" is type 7: cut point i of 100 sits at rank (n - 1) * i / 100.
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {point: cuts[point - 1] for point in points}


def summarize(samples_ms: Sequence[float], batch_size: int) -> LatencySummary:
    """The summary of per-call latencies `samples_ms` for calls on `batch_size` items."""
    if not samples_ms:
        raise ValueError("no latency samples to summarize")
    if batch_size < 1:
        raise ValueError(f"batch size must be positive, got {batch_size}")
    mean = statistics.fmean(samples_ms)
    std = statistics.stdev(samples_ms) if len(samples_ms) > 1 else 0.0
    ranks = percentiles(samples_ms)
    return LatencySummary(
        iterations=len(samples_ms),
        mean_ms=mean,
        std_ms=std,
        cv_percent=100.0 * std / mean if mean > 0 else 0.0,
        min_ms=float(min(samples_ms)),
        max_ms=float(max(samples_ms)),
        p50_ms=ranks[50],
        p90_ms=ranks[90],
        p95_ms=ranks[95],
        p99_ms=ranks[99],
        throughput_per_s=batch_size / (mean / 1000.0) if mean > 0 else 0.0,
    )

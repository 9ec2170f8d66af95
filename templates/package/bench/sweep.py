"""The batch-size sweep, generic over two callables: one builds a batch of a given size, the
other runs the model on it. Nothing here knows the package being measured.

For each batch size, in increasing order:
1. build the batch once, so warm-up and measurement see exactly the same shapes;
2. time the first call on its own (lazy initialisation, autotuning, allocator growth);
3. run the warm-up calls;
4. time calls one by one until both the minimum count and the minimum duration are reached,
   counting the times the OS took the CPU away from the process meanwhile;
5. read the peak memory since the reset at the start of this batch size.
Out-of-memory ends the sweep: a larger batch would not fit either. It is recorded, not raised.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Callable, Protocol, TypeVar

import torch

from .memory import MemoryPeak, MemoryProbe
from .stats import LatencySummary, summarize
from .timing import Timer

Batch = TypeVar("Batch")

OK = "ok"
OUT_OF_MEMORY = "out_of_memory"

# RuntimeError texts of allocators that do not raise torch.OutOfMemoryError (older CUDA
# paths, MPS, the CPU allocator when the system refuses memory).
OUT_OF_MEMORY_TEXTS = ("out of memory", "can't allocate memory")


@dataclass(frozen=True)
class SweepConfig:
    """How long to measure each batch size: both minimums must be met."""

    batch_sizes: tuple[int, ...]
    warmup: int = 10
    min_iterations: int = 50
    min_seconds: float = 1.0

    def __post_init__(self) -> None:
        if not self.batch_sizes:
            raise ValueError("give at least one batch size")
        if any(size < 1 for size in self.batch_sizes):
            raise ValueError(f"batch sizes must be positive, got {list(self.batch_sizes)}")
        if self.warmup < 0:
            raise ValueError(f"warm-up iterations must be 0 or more, got {self.warmup}")
        if self.min_iterations < 1:
            raise ValueError(f"minimum iterations must be 1 or more, got {self.min_iterations}")
        if self.min_seconds < 0:
            raise ValueError(f"minimum seconds must be 0 or more, got {self.min_seconds}")


@dataclass(frozen=True)
class BatchResult:  # pylint: disable=too-many-instance-attributes
    """One batch size: its status, its first call, its raw samples and their summary."""

    batch_size: int
    status: str
    first_call_ms: float | None = None
    warmup_iterations: int = 0
    samples_ms: tuple[float, ...] = ()
    summary: LatencySummary | None = None
    memory: MemoryPeak | None = None
    error: str | None = None
    # Times the OS preempted the process during the timed calls (None: not measurable here).
    # Many mean the calls waited for a CPU: on a busy machine a pool of intra-op threads
    # stalls whenever one of them is descheduled, and the latencies say so, not the model.
    context_switches: int | None = None


class SweepObserver(Protocol):
    """Told how the sweep goes (a progress bar, a log); it must not slow the timed calls."""

    def batch_started(self, batch_size: int) -> None: ...

    def measuring(self, batch_size: int, fraction_done: float) -> None: ...

    def batch_finished(self, result: BatchResult) -> None: ...


class SilentObserver:
    """For callers that show nothing (tests, scripts)."""

    def batch_started(self, batch_size: int) -> None:
        """Nothing to show."""

    def measuring(self, batch_size: int, fraction_done: float) -> None:
        """Nothing to show."""

    def batch_finished(self, result: BatchResult) -> None:
        """Nothing to show."""


def is_out_of_memory(error: BaseException) -> bool:
    if isinstance(error, torch.cuda.OutOfMemoryError):
        return True
    text = str(error).lower()
    return isinstance(error, RuntimeError) and any(part in text for part in OUT_OF_MEMORY_TEXTS)


def run_sweep(
    make_batch: Callable[[int], Batch],
    call: Callable[[Batch], object],
    config: SweepConfig,
    timer: Timer,
    memory: MemoryProbe,
    observer: SweepObserver | None = None,
) -> list[BatchResult]:
    """Measure `call(make_batch(size))` for each batch size of `config`, smallest first."""
    observer = observer or SilentObserver()
    results: list[BatchResult] = []
    for batch_size in sorted(config.batch_sizes):
        observer.batch_started(batch_size)
        try:
            result = _measure(batch_size, make_batch, call, config, timer, memory, observer)
        except RuntimeError as error:  # torch.OutOfMemoryError is a RuntimeError
            if not is_out_of_memory(error):
                raise
            result = BatchResult(batch_size, OUT_OF_MEMORY, error=_first_line(error))
        if result.status == OUT_OF_MEMORY:
            # Outside the except block: the traceback, and the batch its frames hold, are gone.
            memory.release()
            result = replace(result, memory=memory.peak())
        results.append(result)
        observer.batch_finished(result)
        if result.status == OUT_OF_MEMORY:
            break
    return results


def _measure(
    batch_size: int,
    make_batch: Callable[[int], Batch],
    call: Callable[[Batch], object],
    config: SweepConfig,
    timer: Timer,
    memory: MemoryProbe,
    observer: SweepObserver,
) -> BatchResult:
    memory.reset()
    batch = make_batch(batch_size)

    def run() -> object:
        return call(batch)

    timer.synchronize()
    first_call_ms = timer.time_call(run)
    for _ in range(config.warmup):
        timer.time_call(run)
    switches = involuntary_context_switches()
    samples = _timed_calls(run, batch_size, config, timer, observer)
    after = involuntary_context_switches()
    return BatchResult(
        batch_size=batch_size,
        status=OK,
        first_call_ms=first_call_ms,
        warmup_iterations=config.warmup,
        samples_ms=tuple(samples),
        summary=summarize(samples, batch_size),
        memory=memory.peak(),
        context_switches=after - switches if after is not None and switches is not None else None,
    )


def involuntary_context_switches() -> int | None:
    """How often the OS has taken the CPU from this process (all its threads) so far; None
    where there is no getrusage (Windows)."""
    try:
        import resource  # pylint: disable=import-outside-toplevel  # POSIX only
    except ImportError:
        return None
    return resource.getrusage(resource.RUSAGE_SELF).ru_nivcsw


def _timed_calls(
    run: Callable[[], object],
    batch_size: int,
    config: SweepConfig,
    timer: Timer,
    observer: SweepObserver,
) -> list[float]:
    """Per-call latencies until both minimums are met; the bookkeeping between calls stays
    outside the timed region."""
    samples: list[float] = []
    min_ns = config.min_seconds * 1e9
    start = time.perf_counter_ns()
    while True:
        samples.append(timer.time_call(run))
        by_count = len(samples) / config.min_iterations
        by_time = (time.perf_counter_ns() - start) / min_ns if min_ns else 1.0
        done = min(by_count, by_time)
        observer.measuring(batch_size, min(done, 1.0))
        if done >= 1.0:
            return samples


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return f"{type(error).__name__}: {text.splitlines()[0] if text else 'no message'}"

"""Timers for one call: the host clock on a CPU, CUDA events on a GPU.

A GPU runs kernels asynchronously, so the host clock around a call measures only the launch;
CUDA events recorded on the device's stream before and after the call, then synchronised,
measure what the device did. On a CPU, `time.perf_counter_ns` is the finest monotonic clock.
"""

from __future__ import annotations

import time
from typing import Callable, Protocol, TypeVar

import torch

Result = TypeVar("Result")

NS_PER_MS = 1_000_000


class Timer(Protocol):
    """How long one call takes, in milliseconds."""

    name: str

    def time_call(self, call: Callable[[], object]) -> float: ...

    def synchronize(self) -> None: ...


class CpuTimer:
    """`time.perf_counter_ns` around the call: nothing runs after the call returns."""

    name = "perf_counter_ns"

    def time_call(self, call: Callable[[], object]) -> float:
        start = time.perf_counter_ns()
        call()
        return (time.perf_counter_ns() - start) / NS_PER_MS

    def synchronize(self) -> None:
        """Nothing is pending on a CPU."""


class CudaTimer:
    """CUDA events on the device's current stream, synchronised after every call, so each
    sample is one call's latency with no queued work from the previous one."""

    name = "cuda_events"

    def __init__(self, device: torch.device) -> None:
        self.device = device
        self._start = torch.cuda.Event(enable_timing=True)
        self._end = torch.cuda.Event(enable_timing=True)

    def time_call(self, call: Callable[[], object]) -> float:
        # The model's kernels go to the current stream of *its* device, which need not be
        # the current device: record the events there.
        stream = torch.cuda.current_stream(self.device)
        self._start.record(stream)
        call()
        self._end.record(stream)
        self._end.synchronize()
        return self._start.elapsed_time(self._end)

    def synchronize(self) -> None:
        torch.cuda.synchronize(self.device)


def timer_for(device: torch.device) -> Timer:
    """CUDA events on a CUDA device, the host clock everywhere else."""
    return CudaTimer(device) if device.type == "cuda" else CpuTimer()


def wall_time(timer: Timer, call: Callable[[], Result]) -> tuple[Result, float]:
    """`call()` and its wall-clock duration in ms, with the device idle before and after
    (for one-off steps such as loading the model, which mix host and device work)."""
    timer.synchronize()
    start = time.perf_counter_ns()
    result = call()
    timer.synchronize()
    return result, (time.perf_counter_ns() - start) / NS_PER_MS

"""Peak memory of one batch size: the CUDA caching allocator's peaks on a GPU (reset before
each batch size), the process's GPU memory as the driver sees it (NVML, when nvidia-ml-py is
installed), and the process's peak resident set size on the host.

The host peak cannot be reset: it is the process's peak so far, so it only grows along a
sweep. Sizes are in MiB."""

from __future__ import annotations

import gc
import os
import sys
from dataclasses import dataclass
from typing import Any, Protocol

import torch

from .nvml import load_nvml

MIB = 2**20


@dataclass(frozen=True)
class MemoryPeak:
    """What one batch size used, in MiB; None where the platform cannot tell."""

    gpu_allocated_mib: float | None = None
    gpu_reserved_mib: float | None = None
    nvml_process_mib: float | None = None
    rss_peak_mib: float | None = None


class MemoryProbe(Protocol):
    """Peak memory of one device, reset between batch sizes."""

    def reset(self) -> None: ...

    def peak(self) -> MemoryPeak: ...

    def release(self) -> None: ...


def peak_rss_mib() -> float | None:
    """The process's peak resident set size so far: getrusage on Unix, psutil elsewhere."""
    try:
        import resource  # pylint: disable=import-outside-toplevel
    except ImportError:  # Windows
        return _psutil_peak_mib()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # ru_maxrss is in KiB on Linux and BSD, in bytes on macOS.
    return peak / MIB if sys.platform == "darwin" else peak / 1024


def _psutil_peak_mib() -> float | None:
    try:
        import psutil  # pylint: disable=import-outside-toplevel
    except ImportError:
        return None
    info = psutil.Process().memory_info()
    # Windows reports the peak working set; elsewhere only the current RSS is known.
    return getattr(info, "peak_wset", info.rss) / MIB


class CpuMemory:
    """Host memory only."""

    def reset(self) -> None:
        """The peak RSS of a process cannot be reset."""

    def peak(self) -> MemoryPeak:
        return MemoryPeak(rss_peak_mib=peak_rss_mib())

    def release(self) -> None:
        gc.collect()


class CudaMemory:
    """The caching allocator's peaks for one device, plus NVML and host RSS."""

    def __init__(self, device: torch.device) -> None:
        self.device = device
        self._nvml = NvmlProcessMemory.open(device)

    def reset(self) -> None:
        torch.cuda.synchronize(self.device)
        torch.cuda.reset_peak_memory_stats(self.device)

    def peak(self) -> MemoryPeak:
        torch.cuda.synchronize(self.device)
        return MemoryPeak(
            gpu_allocated_mib=torch.cuda.max_memory_allocated(self.device) / MIB,
            gpu_reserved_mib=torch.cuda.max_memory_reserved(self.device) / MIB,
            nvml_process_mib=self._nvml.used_mib() if self._nvml else None,
            rss_peak_mib=peak_rss_mib(),
        )

    def release(self) -> None:
        """Give cached blocks back after an out-of-memory error, so the report and the next
        process see the device as it is."""
        gc.collect()
        torch.cuda.empty_cache()


class NvmlProcessMemory:
    """This process's memory on one GPU according to the driver (the CUDA context and every
    allocator included), found by the device's UUID so CUDA_VISIBLE_DEVICES cannot mislead
    it. Current usage when read: after a batch size, the allocator's cache holds the peak."""

    def __init__(self, nvml: Any, handle: Any) -> None:
        self._nvml = nvml
        self._handle = handle

    @classmethod
    def open(cls, device: torch.device) -> NvmlProcessMemory | None:
        """None when nvidia-ml-py is not installed or NVML cannot see the device."""
        nvml = load_nvml()
        if nvml is None:
            return None
        try:
            uuid = str(torch.cuda.get_device_properties(device).uuid)
            if not uuid.startswith(("GPU-", "MIG-")):
                uuid = f"GPU-{uuid}"
            # Bytes: older nvidia-ml-py releases accept nothing else, newer ones both.
            return cls(nvml, nvml.nvmlDeviceGetHandleByUUID(uuid.encode()))
        except (nvml.NVMLError, AttributeError, RuntimeError):
            return None

    def used_mib(self) -> float | None:
        try:
            processes = self._nvml.nvmlDeviceGetComputeRunningProcesses(self._handle)
        except self._nvml.NVMLError:
            return None
        # In a container with its own PID namespace the driver reports host PIDs: no match.
        for process in processes:
            if process.pid == os.getpid() and process.usedGpuMemory is not None:
                return process.usedGpuMemory / MIB
        return None


def memory_probe_for(device: torch.device) -> MemoryProbe:
    return CudaMemory(device) if device.type == "cuda" else CpuMemory()

"""What a benchmark ran on: without it two result files cannot be compared honestly.

Every switch that changes kernel choice or precision (cuDNN autotuning and determinism, TF32,
float32 matmul precision, thread counts) is recorded next to the hardware and versions."""

from __future__ import annotations

import os
import platform
from pathlib import Path
from typing import Any

import torch

from .nvml import driver_version

CPUINFO = Path("/proc/cpuinfo")


def cpu_model() -> str:
    """The CPU's marketing name where Linux tells it, else what `platform` knows."""
    try:
        for line in CPUINFO.read_text(encoding="utf-8", errors="replace").splitlines():
            key, _, value = line.partition(":")
            if key.strip() in ("model name", "Hardware") and value.strip():
                return value.strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def precision_flags() -> dict[str, Any]:
    """cuDNN and TF32 switches; they are global, so read them as the benchmark ran."""
    return {
        "cudnn_benchmark": torch.backends.cudnn.benchmark,
        "cudnn_deterministic": torch.backends.cudnn.deterministic,
        "deterministic_algorithms": torch.are_deterministic_algorithms_enabled(),
        "tf32_matmul": torch.backends.cuda.matmul.allow_tf32,
        "tf32_cudnn": torch.backends.cudnn.allow_tf32,
        "float32_matmul_precision": torch.get_float32_matmul_precision(),
    }


def gpu_facts(device: torch.device) -> dict[str, Any]:
    properties = torch.cuda.get_device_properties(device)
    return {
        "device_name": properties.name,
        "gpu_capability": f"{properties.major}.{properties.minor}",
        "gpu_memory_mib": properties.total_memory / 2**20,
        "gpu_count": torch.cuda.device_count(),
        "gpu_driver": driver_version(),
        "cuda_visible_devices": os.environ.get("CUDA_VISIBLE_DEVICES"),
    }


def load_average() -> float | None:
    """The 1-minute load average (runnable processes), where the OS reports one."""
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return None


def collect_environment(device: torch.device, dtype: str) -> dict[str, Any]:
    """Read before the sweep: the load average then is the machine's other work."""
    cpu = cpu_model()
    facts: dict[str, Any] = {
        "device": str(device),
        "device_type": device.type,
        "device_name": cpu,
        "dtype": dtype,
        "torch": torch.__version__,
        "cuda_runtime": torch.version.cuda,
        "cudnn": torch.backends.cudnn.version() if torch.backends.cudnn.is_available() else None,
        "cpu_model": cpu,
        "cpu_count": os.cpu_count(),
        "torch_threads": torch.get_num_threads(),
        "torch_interop_threads": torch.get_num_interop_threads(),
        "load_average": load_average(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
    if device.type == "cuda":
        facts.update(gpu_facts(device))
    facts.update(precision_flags())
    return facts

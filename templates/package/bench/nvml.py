"""NVML, the driver's view of the GPUs, when nvidia-ml-py (imported as `pynvml`) is installed.

It is optional: without it the report lacks the driver version and the per-process GPU
memory, and says so with None."""

from __future__ import annotations

from types import ModuleType


def load_nvml() -> ModuleType | None:
    """The initialised pynvml module, or None when it is missing or NVML cannot start
    (no driver, no GPU)."""
    try:
        import pynvml  # pylint: disable=import-outside-toplevel
    except ImportError:
        return None
    try:
        pynvml.nvmlInit()
    except pynvml.NVMLError:
        return None
    return pynvml


def driver_version() -> str | None:
    nvml = load_nvml()
    if nvml is None:
        return None
    version = nvml.nvmlSystemGetDriverVersion()
    # Older nvidia-ml-py releases return bytes.
    return version.decode() if isinstance(version, bytes) else str(version)

"""Resolve the configured device at run time: nothing here assumes a GPU, or GPU 0."""

from __future__ import annotations

import re

import torch

_CUDA_INDEX = re.compile(r"cuda:(\d+)")


class DeviceError(Exception):
    """The configured device does not exist on this machine."""


def _mps_available() -> bool:
    backend = getattr(torch.backends, "mps", None)
    return bool(backend and backend.is_available())


def _current_cuda() -> torch.device:
    # Indexes count the devices CUDA_VISIBLE_DEVICES leaves visible; the current one is
    # what the launcher (or torch.cuda.set_device) chose, not necessarily the first.
    return torch.device("cuda", torch.cuda.current_device())


def resolve_device(spec: str) -> torch.device:
    """`auto` | `cpu` | `cuda` | `cuda:N` | `mps` -> a device that exists here.

    `auto` takes CUDA when a device is visible, then Apple's MPS, else the CPU. An explicit
    accelerator that is missing is an error, not a silent fallback to the CPU: a deployment
    that expects a GPU should fail loudly without one."""
    spec = spec.strip().lower()
    if spec == "auto":
        if torch.cuda.is_available():
            return _current_cuda()
        return torch.device("mps") if _mps_available() else torch.device("cpu")
    if spec == "cpu":
        return torch.device("cpu")
    if spec == "mps":
        if not _mps_available():
            raise DeviceError("device mps: Apple's MPS backend is not available here")
        return torch.device("mps")
    indexed = _CUDA_INDEX.fullmatch(spec)
    if spec == "cuda" or indexed:
        if not torch.cuda.is_available():
            raise DeviceError(f"device {spec}: no CUDA device is visible on this machine")
        if not indexed:
            return _current_cuda()
        index, count = int(indexed.group(1)), torch.cuda.device_count()
        if index >= count:
            raise DeviceError(
                f"device {spec}: only {count} CUDA device(s) visible (CUDA_VISIBLE_DEVICES"
                " renumbers them from 0)"
            )
        return torch.device("cuda", index)
    raise DeviceError(f"device {spec!r}: expected auto, cpu, cuda, cuda:<index> or mps")


def configure_threads(num_threads: int) -> None:
    """0 keeps torch's default (one thread per core)."""
    if num_threads > 0:
        torch.set_num_threads(num_threads)

"""Batched prediction: eval mode, no autograd, the batch moved to the model's device."""

from __future__ import annotations

from collections.abc import Iterator

import torch
from torch import nn


def predict_batch(model: nn.Module, batch: torch.Tensor) -> torch.Tensor:
    """The model's raw outputs for one preprocessed batch (on the model's device)."""
    parameter = next(model.parameters(), None)
    if parameter is not None:
        batch = batch.to(device=parameter.device, dtype=parameter.dtype, non_blocking=True)
    if model.training:
        model.eval()
    with torch.inference_mode():
        return model(batch)


def chunks(batch: torch.Tensor, batch_size: int) -> Iterator[torch.Tensor]:
    yield from torch.split(batch, batch_size)


def predict(model: nn.Module, batch: torch.Tensor, batch_size: int) -> torch.Tensor:
    """Outputs for any number of items, `batch_size` at a time, gathered on the CPU."""
    return torch.cat(
        [predict_batch(model, part).float().cpu() for part in chunks(batch, batch_size)]
    )

"""How fast is `handoff check`, and how much memory does it take?

Builds a synthetic research repo (clean modules, messy training scripts, notebooks and
configs) in a temporary directory, then checks it serially, in a process pool, and again with a warm
results cache, and prints files per second and peak memory. Targets: >= 200 files/s serial on a clean-heavy repo and
< 300 MB peak resident memory for 2,000 files on a 2-core machine.

    python benchmarks/check_speed.py [--files 2000] [--jobs 2]
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from pathlib import Path

from handoff.api import check

CLEAN = '''\
"""Utilities for {name}."""
import math
from dataclasses import dataclass


@dataclass
class Stats{i}:
    mean: float
    std: float

    def zscore(self, value: float) -> float:
        return (value - self.mean) / self.std if self.std else 0.0


def cosine_schedule(step: int, total: int, base_lr: float = 0.1) -> float:
    return 0.5 * base_lr * (1 + math.cos(math.pi * step / total))


def chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]
'''

MESSY = """\
import os
import torch
import torch.nn as nn

os.environ["CUDA_VISIBLE_DEVICES"] = "{gpu}"
DATA = "/home/researcher/data/run{i}"
device = torch.device("cuda:{gpu}")


class Net{i}(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(128, 10)

    def forward(self, x):
        return self.fc(x)


def train(loader):
    model = Net{i}().cuda()
    opt = torch.optim.Adam(model.parameters())
    for x, y in loader:
        loss = nn.functional.cross_entropy(model(x.to(device)), y.to(device))
        opt.zero_grad()
        loss.backward()
        opt.step()
    torch.save(model.state_dict(), os.path.join(DATA, "model.pt"))
"""


def notebook(i: int) -> str:
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": [f"# Experiment {i}\n"]},
        {
            "cell_type": "code",
            "execution_count": 1,
            "metadata": {},
            "outputs": [{"output_type": "stream", "name": "stdout", "text": ["ok\n"]}],
            "source": ["import torch\n", "!nvidia-smi\n", "x = torch.randn(4, 4).to('cuda:0')\n"],
        },
    ]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def build_repo(root: Path, files: int) -> None:
    (root / ".git").mkdir()
    for i in range(files):
        kind = i % 10
        folder = root / f"pkg{i % 20}"
        folder.mkdir(exist_ok=True)
        if kind < 7:
            (folder / f"util_{i}.py").write_text(CLEAN.format(name=f"module {i}", i=i))
        elif kind < 9:
            (folder / f"train_{i}.py").write_text(MESSY.format(i=i, gpu=i % 4))
        else:
            (folder / f"explore_{i}.ipynb").write_text(notebook(i))
    (root / "config.yaml").write_text("data: /mnt/shared/data\nlr: 0.1\n")


def measure(root: Path, jobs: int, cache: bool = False) -> tuple[float, int, int]:
    start = time.perf_counter()
    result = check([root], isolated=True, jobs=jobs, cache=cache)
    return time.perf_counter() - start, result.files, len(result.findings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        build_repo(root, args.files)
        runs = [("cold", 1, False), ("cold", args.jobs, False)]
        runs += [("fill cache", args.jobs, True), ("warm cache", args.jobs, True)]
        for label, jobs, cache in runs:
            seconds, files, findings = measure(root, jobs, cache)
            print(
                f"{label:>10}, jobs={jobs}: {files} files in {seconds:.2f}s"
                f" = {files / seconds:.0f} files/s, {findings} findings"
            )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak resident memory: {peak_mb:.0f} MB (main), {children_mb:.0f} MB (largest worker)")


if __name__ == "__main__":
    main()

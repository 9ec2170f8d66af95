"""Does the scaffolded package's benchmark harness (templates/package/bench) report the same
CPU latency as `torch.utils.benchmark.Timer`? Target: within 2%.

Both time the same MLP (a few ms per call) on the same batch, for several batch sizes. The
harness times every call on its own with `time.perf_counter_ns`; Timer times blocks of calls
and divides, so its mean (total time over calls) is the reference for the harness's mean;
Timer's median is a median of block means, not of calls, and is not comparable to a per-call
p50. The two alternate in many short repeats, so drift in a shared machine's load hits both
alike. Reported: the median over repeats of the paired relative difference (the verdict), and
the difference between each tool's least disturbed repeat. A no-op call shows the harness's
fixed cost per timed call.

    python benchmarks/harness_overhead.py [--batch-sizes 1 8 32] [--repeats 61] [--seconds 0.1]
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import statistics
import sys
from functools import partial
from pathlib import Path

import torch
from torch.utils.benchmark import Timer

# The harness is a template tree, not an installed package; its modules are plain Python.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "templates" / "package"))
environment = importlib.import_module("bench.environment")
memory = importlib.import_module("bench.memory")
sweep = importlib.import_module("bench.sweep")
timing = importlib.import_module("bench.timing")

TARGET_PERCENT = 2.0


def make_model(width: int) -> torch.nn.Module:
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Linear(width, 2 * width),
        torch.nn.ReLU(),
        torch.nn.Linear(2 * width, 2 * width),
        torch.nn.ReLU(),
        torch.nn.Linear(2 * width, 10),
    )
    return model.eval()


def predict(model: torch.nn.Module, batch: torch.Tensor) -> torch.Tensor:
    """What the generated package's predict_batch does."""
    with torch.inference_mode():
        return model(batch)


def harness_ms(call, batch, seconds: float) -> tuple[float, float]:
    """Mean and median latency of `call(batch)` (ms) as the harness measures them."""
    config = sweep.SweepConfig((1,), warmup=10, min_iterations=20, min_seconds=seconds)
    result = sweep.run_sweep(
        lambda size: batch, call, config, timing.CpuTimer(), memory.CpuMemory()
    )[0]
    return result.summary.mean_ms, result.summary.p50_ms


def timer_ms(call, batch, seconds: float, threads: int) -> tuple[float, float]:
    """Mean and median latency of `call(batch)` (ms) according to torch.utils.benchmark."""
    timer = Timer(stmt="call(batch)", globals={"call": call, "batch": batch}, num_threads=threads)
    timer.timeit(10)  # the same warm-up as the harness gets
    measurement = timer.blocked_autorange(min_run_time=seconds)
    return measurement.mean * 1e3, measurement.median * 1e3


def percent(value: float, reference: float) -> float:
    return 100.0 * (value - reference) / reference


def compare(call, batch, repeats: int, seconds: float, threads: int) -> dict[str, float]:
    """Both tools' mean latency over alternating repeats: the median run, the paired
    difference (median over repeats), and the least disturbed run of each (noise only ever
    adds time, so the minimum is the closest to the undisturbed cost)."""
    pairs = []
    for repeat in range(repeats):
        if repeat % 2:
            timer = timer_ms(call, batch, seconds, threads)
            harness = harness_ms(call, batch, seconds)
        else:
            harness = harness_ms(call, batch, seconds)
            timer = timer_ms(call, batch, seconds, threads)
        pairs.append((harness[0], timer[0], harness[1]))
    best_harness = min(h for h, _, _ in pairs)
    best_timer = min(t for _, t, _ in pairs)
    return {
        "harness": statistics.median(h for h, _, _ in pairs),
        "timer": statistics.median(t for _, t, _ in pairs),
        "paired_diff": statistics.median(percent(h, t) for h, t, _ in pairs),
        "best_harness": best_harness,
        "best_timer": best_timer,
        "best_diff": percent(best_harness, best_timer),
        "harness_p50": statistics.median(p50 for _, _, p50 in pairs),
    }


def describe_machine(threads: int) -> str:
    load = (
        ", ".join(f"{value:.2f}" for value in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    )
    return (
        f"{environment.cpu_model()}, {os.cpu_count()} logical CPUs, load average {load}; "
        f"torch {torch.__version__} on {threads} thread(s); Python {platform.python_version()}, "
        f"{platform.platform()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch-sizes", nargs="+", type=int, default=[1, 8, 32])
    parser.add_argument("--repeats", type=int, default=61, help="alternating repeats per size")
    parser.add_argument("--seconds", type=float, default=0.1, help="timed seconds per repeat")
    parser.add_argument("--threads", type=int, default=1, help="torch threads, for both tools")
    parser.add_argument("--width", type=int, default=1024, help="MLP input width")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    model = make_model(args.width)
    print(describe_machine(args.threads))
    print(f"MLP {args.width}-{2 * args.width}-{2 * args.width}-10, float32, inference_mode; ")
    print(f"{args.repeats} alternating repeats of >= {args.seconds:g} s per tool and batch size\n")
    print(
        f"{'batch':>5}  {'harness mean':>12}  {'Timer mean':>10}  {'paired diff':>11}  "
        f"{'best harness':>12}  {'best Timer':>10}  {'diff':>7}  within {TARGET_PERCENT:g}%"
    )
    for batch_size in args.batch_sizes:
        row = compare(
            partial(predict, model),
            torch.rand(batch_size, args.width),
            args.repeats,
            args.seconds,
            args.threads,
        )
        within = abs(row["paired_diff"]) <= TARGET_PERCENT
        print(
            f"{batch_size:>5}  {row['harness']:>9.3f} ms  {row['timer']:>7.3f} ms  "
            f"{row['paired_diff']:>+10.2f}%  {row['best_harness']:>9.3f} ms  "
            f"{row['best_timer']:>7.3f} ms  {row['best_diff']:>+6.2f}%  {'yes' if within else 'NO'}"
        )
    noop = compare(lambda batch: None, None, 3, min(args.seconds, 0.2), args.threads)
    print(
        f"\nno-op call: the harness's fixed cost per timed call is {noop['harness_p50'] * 1e6:.0f} ns"
        f" (median sample); Timer's loop costs {noop['best_timer'] * 1e6:.0f} ns per call"
    )


if __name__ == "__main__":
    main()

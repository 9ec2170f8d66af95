"""The benchmark's record: one JSON document (raw samples included, schema versioned) and the
markdown table made from it. The table and the plot read only the JSON document, so they can
be rebuilt from any saved result file."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Sequence

from .stats import PERCENTILES
from .sweep import OK, BatchResult, SweepConfig

SCHEMA = "handoff-bench"
# Bump on any change a reader of older files must know about (renamed or retyped keys).
SCHEMA_VERSION = 1

Report = dict[str, Any]


@dataclass(frozen=True)
class RunInfo:
    """What the sweep does not know about its own run."""

    package: str
    timer: str
    seed: int
    model_load_ms: float


def build_report(
    results: Sequence[BatchResult],
    environment: dict[str, Any],
    config: SweepConfig,
    run: RunInfo,
    created: datetime | None = None,
) -> Report:
    created = created or datetime.now(timezone.utc)
    return {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "created_utc": created.astimezone(timezone.utc).isoformat(timespec="seconds"),
        "package": run.package,
        "environment": environment,
        "settings": {
            "batch_sizes": sorted(config.batch_sizes),
            "warmup": config.warmup,
            "min_iterations": config.min_iterations,
            "min_seconds": config.min_seconds,
            "timer": run.timer,
            "seed": run.seed,
            "std": "sample (n - 1)",
            "percentiles": "linear interpolation between closest ranks (type 7)",
            "throughput": "batch_size / mean latency",
        },
        "model_load_ms": run.model_load_ms,
        # The process's very first call (cold start): the first call of the first batch size.
        "first_call_ms": results[0].first_call_ms if results else None,
        "results": [result_entry(result) for result in results],
    }


def result_entry(result: BatchResult) -> dict[str, Any]:
    summary = result.summary
    memory = result.memory
    return {
        "batch_size": result.batch_size,
        "status": result.status,
        "error": result.error,
        "first_call_ms": result.first_call_ms,
        "warmup_iterations": result.warmup_iterations,
        "iterations": len(result.samples_ms),
        "latency_ms": (
            {
                "mean": summary.mean_ms,
                "std": summary.std_ms,
                "min": summary.min_ms,
                "max": summary.max_ms,
                **{f"p{point}": getattr(summary, f"p{point}_ms") for point in PERCENTILES},
            }
            if summary
            else None
        ),
        "cv_percent": summary.cv_percent if summary else None,
        "throughput_per_s": summary.throughput_per_s if summary else None,
        "memory_mib": (
            {
                "gpu_allocated": memory.gpu_allocated_mib,
                "gpu_reserved": memory.gpu_reserved_mib,
                "nvml_process": memory.nvml_process_mib,
                "rss_peak": memory.rss_peak_mib,
            }
            if memory
            else None
        ),
        "context_switches": result.context_switches,
        "samples_ms": list(result.samples_ms),
    }


def report_json(report: Report) -> str:
    return json.dumps(report, indent=2, allow_nan=False) + "\n"


def measured(report: Report) -> list[dict[str, Any]]:
    """The result entries that completed."""
    return [entry for entry in report["results"] if entry["status"] == OK]


def markdown_table(report: Report) -> str:
    """A one-paragraph description of the run and one table row per batch size."""
    rows = [
        "| Batch | p50 ms | p90 ms | p99 ms | Mean ± std ms | CV % | Items/s | Peak memory MiB |",
        "|------:|-------:|-------:|-------:|--------------:|-----:|--------:|:----------------|",
    ]
    for entry in report["results"]:
        rows.append(_row(entry))
    return f"{describe_run(report)}\n\n" + "\n".join(rows) + "\n"


def describe_run(report: Report) -> str:
    env = report["environment"]
    settings = report["settings"]
    first = report.get("first_call_ms")
    first_text = f"first call {_ms(first)} ms" if first is not None else "no call completed"
    return (
        f"{env['device_name']} (`{env['device']}`), {env['dtype']}, torch {env['torch']}, "
        f"{env['torch_threads']} threads, {report['created_utc']}. "
        f"Model load {_ms(report['model_load_ms'])} ms, {first_text}; then per batch size "
        f"{settings['warmup']} warm-up calls and at least {settings['min_iterations']} timed "
        f"calls over at least {settings['min_seconds']:g} s ({settings['timer']})."
        + busy_machine_warning(env)
    )


def busy_machine_warning(env: dict[str, Any]) -> str:
    """A warning when other work competed for the CPUs the benchmark's threads needed (more
    than half a CPU's worth beyond what they leave free): the latencies then measure the
    wait for a processor as much as the model (with a pool of intra-op threads, one
    descheduled thread stalls the whole call)."""
    load, cpus = env.get("load_average"), env.get("cpu_count")
    if load is None or not cpus or env.get("device_type") != "cpu":
        return ""
    # Half a CPU of slack: the average also holds a little of this process's own start-up.
    if load + env["torch_threads"] <= cpus + 0.5:
        return ""
    return (
        f" The machine was busy: load average {load:.1f} on {cpus} CPUs before the sweep,"
        f" for {env['torch_threads']} torch threads, so the latencies include waits for a CPU"
        " (`context_switches` in the JSON counts them); measure on an idle machine or with"
        " fewer threads (`num_threads` in the config)."
    )


def _row(entry: dict[str, Any]) -> str:
    if entry["status"] != OK:
        reason = entry["status"].replace("_", " ")
        return f"| {entry['batch_size']} | {reason} | | | | | | {_memory(entry)} |"
    latency = entry["latency_ms"]
    cells = [
        str(entry["batch_size"]),
        _ms(latency["p50"]),
        _ms(latency["p90"]),
        _ms(latency["p99"]),
        f"{_ms(latency['mean'])} ± {_ms(latency['std'])}",
        f"{entry['cv_percent']:.1f}",
        f"{entry['throughput_per_s']:,.1f}",
        _memory(entry),
    ]
    return "| " + " | ".join(cells) + " |"


def _ms(value: float) -> str:
    if value < 1:
        return f"{value:.4f}"
    if value < 100:
        return f"{value:.2f}"
    return f"{value:,.0f}"


def _memory(entry: dict[str, Any]) -> str:
    memory = entry.get("memory_mib") or {}
    parts = []
    if memory.get("gpu_allocated") is not None:
        parts.append(f"{memory['gpu_allocated']:,.0f} allocated")
        parts.append(f"{memory['gpu_reserved']:,.0f} reserved")
    if memory.get("nvml_process") is not None:
        parts.append(f"{memory['nvml_process']:,.0f} process (NVML)")
    if memory.get("rss_peak") is not None:
        parts.append(f"{memory['rss_peak']:,.0f} host RSS")
    return ", ".join(parts)

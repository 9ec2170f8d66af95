"""Latency and throughput against batch size, as a PNG, drawn from a report document.

The figure is built with matplotlib's object API on an Agg canvas: no pyplot, no display, no
global backend switch in the caller's process."""

from __future__ import annotations

import io
from typing import Any

from .report import Report, measured
from .sweep import OK

LATENCY_LINES = (("p50", "-"), ("p90", "--"), ("p99", ":"))


def plot_png(report: Report) -> bytes:
    """The PNG bytes of the two panels; raises ImportError when matplotlib is missing."""
    # pylint: disable=import-outside-toplevel
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(10, 4), layout="constrained")
    FigureCanvasAgg(figure)
    latency_axes, throughput_axes = figure.subplots(1, 2)
    entries = measured(report)
    _latency_panel(latency_axes, entries)
    _throughput_panel(throughput_axes, entries)
    failed = [entry for entry in report["results"] if entry["status"] != OK]
    for axes in (latency_axes, throughput_axes):
        _batch_axis(axes, [entry["batch_size"] for entry in report["results"]])
        for entry in failed:
            label = f"{entry['status'].replace('_', ' ')} at {entry['batch_size']}"
            axes.axvline(entry["batch_size"], color="tab:red", linestyle=":", label=label)
    if failed:
        throughput_axes.legend()
    env = report["environment"]
    figure.suptitle(f"{env['device_name']} ({env['device']}), {env['dtype']}, torch {env['torch']}")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    return buffer.getvalue()


def _latency_panel(axes: Any, entries: list[dict[str, Any]]) -> None:
    sizes = [entry["batch_size"] for entry in entries]
    for point, style in LATENCY_LINES:
        values = [entry["latency_ms"][point] for entry in entries]
        axes.plot(sizes, values, style, marker="o", label=point)
    axes.set_ylabel("latency per call (ms)")
    if entries:
        axes.legend()
    else:
        axes.text(0.5, 0.5, "no batch size completed", ha="center", transform=axes.transAxes)


def _throughput_panel(axes: Any, entries: list[dict[str, Any]]) -> None:
    sizes = [entry["batch_size"] for entry in entries]
    throughput = [entry["throughput_per_s"] for entry in entries]
    axes.plot(sizes, throughput, "-", marker="o", color="tab:green")
    axes.set_ylabel("throughput (items/s)")


def _batch_axis(axes: Any, sizes: list[int]) -> None:
    axes.set_xlabel("batch size")
    axes.grid(True, alpha=0.3)
    if sizes:
        # Sweeps double the batch size: a log2 axis spaces them evenly.
        axes.set_xscale("log", base=2)
        axes.set_xticks(sizes, labels=[str(size) for size in sizes])
        axes.minorticks_off()
        # Room on both sides, so a marker or an out-of-memory line is not on the frame.
        axes.set_xlim(min(sizes) / 1.4, max(sizes) * 1.4)

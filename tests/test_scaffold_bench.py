"""The benchmark harness that `handoff scaffold` puts in `bench/`: its templates rendered with
Jinja2 into tmp_path next to a toy package with the generated package's interface, then its
statistics checked against hand-computed values, its sweep run on a real torch model, its
reports, comparisons, README update and command line run for real."""

from __future__ import annotations

import importlib
import io
import json
import os
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest
import torch
from rich.console import Console

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates" / "package" / "bench"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
CUDA = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")

# The generated package's interface, as small as the harness needs it.
TOY_PACKAGE = {
    "__init__.py": "",
    "config.py": """
        from dataclasses import dataclass
        from pathlib import Path


        class ConfigError(Exception):
            pass


        @dataclass(frozen=True)
        class Settings:
            device: str = "cpu"
            dtype: str = "float32"
            batch_size: int = 4
            num_threads: int = 0


        def load_settings(path=None, environ=None):
            if path is not None and not Path(path).is_file():
                raise ConfigError(f"cannot read the config {path}")
            return Settings()
        """,
    "device.py": """
        import torch


        def resolve_device(spec):
            return torch.device("cpu" if spec == "auto" else spec)


        def configure_threads(num_threads):
            if num_threads > 0:
                torch.set_num_threads(num_threads)
        """,
    "model.py": """
        import torch
        from torch import nn


        def load_model(settings, device):
            torch.manual_seed(0)
            model = nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 4))
            return model.to(device).eval()
        """,
    "preprocess.py": """
        import torch


        def example_batch(settings, batch_size, seed=0):
            generator = torch.Generator().manual_seed(seed)
            return torch.rand(batch_size, 16, generator=generator)
        """,
    "inference.py": """
        import torch


        def predict_batch(model, batch):
            with torch.inference_mode():
                return model(batch)
        """,
}


def render_bench(destination: Path, package: str = "toy_pkg") -> Path:
    """The bench/ templates as scaffold renders them: `.j2` through Jinja2, the rest copied."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    target = destination / "bench"
    target.mkdir(parents=True)
    for source in sorted(TEMPLATES.iterdir()):
        if source.suffix == ".j2":
            text = environment.get_template(source.name).render(package=package, project="toy")
            (target / source.stem).write_text(text, encoding="utf-8")
        elif source.suffix == ".py":
            (target / source.name).write_bytes(source.read_bytes())
    return target


@pytest.fixture(scope="module")
def package_root(tmp_path_factory):
    """A folder laid out like a generated package's root: bench/ next to an importable toy_pkg."""
    root = tmp_path_factory.mktemp("generated")
    render_bench(root)
    for name, text in TOY_PACKAGE.items():
        path = root / "toy_pkg" / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    sys.path.insert(0, str(root))
    yield root
    sys.path.remove(str(root))
    for module in [m for m in sys.modules if m.split(".")[0] in ("bench", "toy_pkg")]:
        del sys.modules[module]


@pytest.fixture(scope="module")
def bench(package_root):
    names = (
        "stats",
        "timing",
        "memory",
        "environment",
        "sweep",
        "report",
        "plot",
        "compare",
        "files",
        "progress",
        "cli",
    )
    return SimpleNamespace(**{name: importlib.import_module(f"bench.{name}") for name in names})


def tiny_model():
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(16, 32), torch.nn.ReLU(), torch.nn.Linear(32, 4))


def predict(model, batch):
    with torch.inference_mode():
        return model(batch)


def cpu_sweep(bench, batch_sizes=(1, 4), **config):
    config = {"warmup": 2, "min_iterations": 5, "min_seconds": 0.0, **config}
    model = tiny_model()
    return bench.sweep.run_sweep(
        lambda size: torch.rand(size, 16),
        lambda batch: predict(model, batch),
        bench.sweep.SweepConfig(tuple(batch_sizes), **config),
        bench.timing.CpuTimer(),
        bench.memory.CpuMemory(),
    )


def sample_report(bench, results=None, p50_scale=1.0):
    """A report from a real CPU sweep, with latencies scaled to fake a faster/slower run."""
    results = results if results is not None else cpu_sweep(bench, (1, 4))
    report = bench.report.build_report(
        results,
        bench.environment.collect_environment(torch.device("cpu"), "float32"),
        bench.sweep.SweepConfig(tuple(r.batch_size for r in results), 2, 5, 0.0),
        bench.report.RunInfo("toy_pkg", "perf_counter_ns", 0, 12.5),
    )
    for entry in bench.report.measured(report):
        entry["latency_ms"]["p50"] *= p50_scale
        entry["throughput_per_s"] /= p50_scale
    return report


# ---------------------------------------------------------------- statistics


def test_summary_of_one_to_ten_ms_matches_hand_computed_values(bench):
    summary = bench.stats.summarize([float(v) for v in range(1, 11)], batch_size=4)
    assert summary.iterations == 10
    assert summary.mean_ms == pytest.approx(5.5)
    # Sample std: sum of squared deviations 82.5, over n - 1 = 9.
    assert summary.std_ms == pytest.approx((82.5 / 9) ** 0.5)
    assert summary.cv_percent == pytest.approx(100 * (82.5 / 9) ** 0.5 / 5.5)
    assert (summary.min_ms, summary.max_ms) == (1.0, 10.0)
    # Type 7: rank h = 9 * q / 100; p90 at h = 8.1 -> 9 + 0.1 * (10 - 9).
    assert summary.p50_ms == pytest.approx(5.5)
    assert summary.p90_ms == pytest.approx(9.1)
    assert summary.p95_ms == pytest.approx(9.55)
    assert summary.p99_ms == pytest.approx(9.91)
    # 4 items every 5.5 ms.
    assert summary.throughput_per_s == pytest.approx(4 / 0.0055)


def test_percentiles_sort_their_input_and_interpolate_between_ranks(bench):
    # Sorted: 1, 2, 3, 4; h = 3 * q / 100.
    ranks = bench.stats.percentiles([4.0, 1.0, 3.0, 2.0], (25, 50, 90, 99))
    assert ranks[25] == pytest.approx(1.75)
    assert ranks[50] == pytest.approx(2.5)
    assert ranks[90] == pytest.approx(3.7)
    assert ranks[99] == pytest.approx(3.97)


def test_percentiles_agree_with_numpy_linear_method(bench):
    numpy = pytest.importorskip("numpy")  # matplotlib's dependency; not one of handoff's own
    values = [0.31, 0.29, 0.5, 0.33, 0.3, 1.9, 0.28, 0.35, 0.41, 0.32, 0.3]
    ranks = bench.stats.percentiles(values)
    for point, value in ranks.items():
        assert value == pytest.approx(numpy.percentile(values, point, method="linear"))


def test_a_single_sample_has_no_spread(bench):
    summary = bench.stats.summarize([2.0], batch_size=1)
    assert (summary.std_ms, summary.cv_percent) == (0.0, 0.0)
    assert summary.p50_ms == summary.p99_ms == 2.0
    assert summary.throughput_per_s == pytest.approx(500.0)


@pytest.mark.parametrize(
    "samples, batch_size, message",
    [([], 1, "no latency samples"), ([1.0], 0, "batch size must be positive")],
)
def test_summary_refuses_what_it_cannot_describe(bench, samples, batch_size, message):
    with pytest.raises(ValueError, match=message):
        bench.stats.summarize(samples, batch_size)


def test_percentiles_outside_one_to_ninety_nine_are_refused(bench):
    with pytest.raises(ValueError, match="between 1 and 99"):
        bench.stats.percentiles([1.0, 2.0], (0, 50))


# ---------------------------------------------------------------- timing and sweep


def test_cpu_timer_measures_a_sleep(bench):
    elapsed = bench.timing.CpuTimer().time_call(lambda: time.sleep(0.02))
    assert 20.0 <= elapsed < 2000.0


def test_wall_time_returns_the_result_and_its_duration(bench):
    result, elapsed = bench.timing.wall_time(bench.timing.CpuTimer(), lambda: time.sleep(0.01) or 7)
    assert result == 7
    assert elapsed >= 10.0


def test_cpu_devices_get_the_host_clock_and_host_memory(bench):
    assert isinstance(bench.timing.timer_for(torch.device("cpu")), bench.timing.CpuTimer)
    assert isinstance(bench.memory.memory_probe_for(torch.device("cpu")), bench.memory.CpuMemory)


def test_sweep_on_a_torch_model_gives_positive_consistent_figures(bench):
    results = cpu_sweep(bench, (4, 1))
    assert [r.batch_size for r in results] == [1, 4]
    for result in results:
        summary = result.summary
        assert result.status == bench.sweep.OK
        assert result.first_call_ms > 0
        assert result.warmup_iterations == 2
        assert len(result.samples_ms) == summary.iterations == 5
        assert all(sample > 0 for sample in result.samples_ms)
        assert summary.throughput_per_s == pytest.approx(result.batch_size / summary.mean_ms * 1e3)
        assert summary.min_ms <= summary.p50_ms <= summary.p90_ms <= summary.p95_ms
        assert summary.p95_ms <= summary.p99_ms <= summary.max_ms
        assert result.memory.rss_peak_mib > 0
        assert result.memory.gpu_allocated_mib is None
        if sys.platform != "win32":  # getrusage counts the preemptions of the timed calls
            assert isinstance(result.context_switches, int) and result.context_switches >= 0


def test_warm_up_and_timed_calls_all_see_the_one_batch_of_each_size(bench):
    built, seen = [], []

    def make_batch(size):
        built.append(size)
        return torch.zeros(size, 3)

    bench.sweep.run_sweep(
        make_batch,
        lambda batch: seen.append((id(batch), tuple(batch.shape))),
        bench.sweep.SweepConfig((2, 8), warmup=3, min_iterations=4, min_seconds=0),
        bench.timing.CpuTimer(),
        bench.memory.CpuMemory(),
    )
    assert built == [2, 8]
    # First call + 3 warm-up + 4 timed, per batch size, each on the same tensor.
    assert len(seen) == 16
    assert len(set(seen[:8])) == 1 and seen[0][1] == (2, 3)
    assert len(set(seen[8:])) == 1 and seen[8][1] == (8, 3)


def test_sweep_runs_until_the_minimum_duration_when_it_is_the_longer_bound(bench):
    started = time.perf_counter()
    results = bench.sweep.run_sweep(
        lambda size: size,
        lambda batch: time.sleep(0.002),
        bench.sweep.SweepConfig((1,), warmup=0, min_iterations=1, min_seconds=0.1),
        bench.timing.CpuTimer(),
        bench.memory.CpuMemory(),
    )
    assert time.perf_counter() - started >= 0.1
    assert results[0].summary.iterations > 1
    assert sum(results[0].samples_ms) >= 2.0 * results[0].summary.iterations


def test_sweep_config_refuses_impossible_settings(bench):
    with pytest.raises(ValueError, match="batch sizes must be positive"):
        bench.sweep.SweepConfig((1, 0))
    with pytest.raises(ValueError, match="minimum iterations"):
        bench.sweep.SweepConfig((1,), min_iterations=0)
    with pytest.raises(ValueError, match="at least one batch size"):
        bench.sweep.SweepConfig(())


class Recorder:
    """A sweep observer that keeps what it is told."""

    def __init__(self):
        self.events = []

    def batch_started(self, batch_size):
        self.events.append(("started", batch_size))

    def measuring(self, batch_size, fraction_done):
        assert 0.0 <= fraction_done <= 1.0

    def batch_finished(self, result):
        self.events.append(("finished", result.batch_size, result.status))


def oom_at(limit, error):
    """A model call that runs out of memory from `limit` items on."""

    def call(batch):
        if batch.shape[0] >= limit:
            raise error
        return batch * 2

    return call


def test_out_of_memory_ends_the_sweep_and_is_recorded(bench):
    built, recorder = [], Recorder()
    error = torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 20.00 GiB")
    results = bench.sweep.run_sweep(
        lambda size: built.append(size) or torch.ones(size, 2),
        oom_at(8, error),
        bench.sweep.SweepConfig((2, 4, 8, 16), warmup=1, min_iterations=3, min_seconds=0),
        bench.timing.CpuTimer(),
        bench.memory.CpuMemory(),
        recorder,
    )
    assert [(r.batch_size, r.status) for r in results] == [
        (2, "ok"),
        (4, "ok"),
        (8, "out_of_memory"),
    ]
    assert built == [2, 4, 8]
    oom = results[-1]
    assert oom.error == "OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 GiB"
    assert oom.summary is None and oom.samples_ms == ()
    assert oom.memory.rss_peak_mib > 0
    assert recorder.events[-1] == ("finished", 8, "out_of_memory")


def test_a_runtime_error_saying_out_of_memory_counts_too(bench):
    results = bench.sweep.run_sweep(
        lambda size: torch.ones(size),
        oom_at(4, RuntimeError("CUDA error: out of memory\nCUDA kernel errors might be ...")),
        bench.sweep.SweepConfig((1, 4, 8), warmup=0, min_iterations=1, min_seconds=0),
        bench.timing.CpuTimer(),
        bench.memory.CpuMemory(),
    )
    assert [r.status for r in results] == ["ok", "out_of_memory"]
    assert results[-1].error == "RuntimeError: CUDA error: out of memory"


def test_out_of_memory_while_building_the_batch_is_caught(bench):
    def make_batch(size):
        if size > 1:
            raise torch.cuda.OutOfMemoryError("out of memory")
        return torch.ones(size)

    results = bench.sweep.run_sweep(
        make_batch,
        lambda batch: batch,
        bench.sweep.SweepConfig((1, 2), warmup=0, min_iterations=1, min_seconds=0),
        bench.timing.CpuTimer(),
        bench.memory.CpuMemory(),
    )
    assert [r.status for r in results] == ["ok", "out_of_memory"]


def test_other_errors_are_bugs_and_propagate(bench):
    with pytest.raises(RuntimeError, match="mat1 and mat2 shapes cannot be multiplied"):
        bench.sweep.run_sweep(
            lambda size: torch.ones(size, 3),
            tiny_model(),
            bench.sweep.SweepConfig((1,), warmup=0, min_iterations=1, min_seconds=0),
            bench.timing.CpuTimer(),
            bench.memory.CpuMemory(),
        )


# ---------------------------------------------------------------- environment


def test_environment_records_versions_flags_and_hardware(bench):
    env = bench.environment.collect_environment(torch.device("cpu"), "float32")
    assert env["torch"] == torch.__version__
    assert env["device"] == "cpu" and env["dtype"] == "float32"
    assert env["torch_threads"] == torch.get_num_threads()
    assert env["cudnn_benchmark"] is torch.backends.cudnn.benchmark
    assert env["tf32_matmul"] is torch.backends.cuda.matmul.allow_tf32
    assert env["float32_matmul_precision"] == torch.get_float32_matmul_precision()
    assert env["cpu_model"] and env["device_name"] == env["cpu_model"]
    for key in ("python", "platform", "cuda_runtime", "cudnn", "tf32_cudnn", "cpu_count"):
        assert key in env
    if hasattr(os, "getloadavg"):
        assert env["load_average"] == pytest.approx(os.getloadavg()[0], abs=2.0)


# ---------------------------------------------------------------- reports


def test_json_report_keeps_raw_samples_under_a_versioned_schema(bench):
    report = sample_report(bench)
    document = json.loads(bench.report.report_json(report))
    assert document["schema"] == "handoff-bench" and document["schema_version"] == 1
    assert set(document) >= {
        "created_utc",
        "package",
        "environment",
        "settings",
        "model_load_ms",
        "first_call_ms",
        "results",
    }
    assert document["model_load_ms"] == 12.5
    assert document["first_call_ms"] == document["results"][0]["first_call_ms"]
    assert document["settings"]["batch_sizes"] == [1, 4]
    for entry in document["results"]:
        assert set(entry["latency_ms"]) == {"mean", "std", "min", "max", "p50", "p90", "p95", "p99"}
        assert len(entry["samples_ms"]) == entry["iterations"] == 5
        assert entry["throughput_per_s"] > 0 and entry["cv_percent"] >= 0
        assert entry["memory_mib"]["rss_peak"] > 0


def test_markdown_table_has_one_row_per_batch_size_and_names_out_of_memory(bench):
    results = cpu_sweep(bench, (1, 4))
    results.append(bench.sweep.BatchResult(8, "out_of_memory", error="OutOfMemoryError: ..."))
    table = bench.report.markdown_table(sample_report(bench, results))
    rows = [line for line in table.splitlines() if line.startswith("|")]
    assert rows[0].startswith("| Batch | p50 ms | p90 ms | p99 ms |")
    assert [row.split("|")[1].strip() for row in rows[2:]] == ["1", "4", "8"]
    assert "out of memory" in rows[4]
    assert all(row.count("|") == rows[0].count("|") for row in rows)
    assert "Model load 12.50 ms" in table


@pytest.mark.parametrize(
    "load, threads, busy", [(5.1, 2, True), (2.0, 1, True), (1.0, 1, False), (0.4, 2, False)]
)
def test_a_busy_cpu_is_named_beside_the_table(bench, load, threads, busy):
    """Other work on the CPUs the torch threads need makes the latencies waits for a CPU (on
    the 2-core CI machine, p50 went from 0.3 to 38 ms with 2 threads under a load of 3)."""
    report = sample_report(bench)
    report["environment"].update(load_average=load, cpu_count=2, torch_threads=threads)
    table = bench.report.markdown_table(report)
    warning = f"The machine was busy: load average {load:.1f} on 2 CPUs before the sweep"
    assert (warning in table) is busy
    assert all("context_switches" in entry for entry in report["results"])


def test_plot_is_a_png(bench, tmp_path):
    results = cpu_sweep(bench, (1, 2, 4))
    results.append(bench.sweep.BatchResult(8, "out_of_memory", error="OutOfMemoryError: ..."))
    png = bench.plot.plot_png(sample_report(bench, results))
    assert png.startswith(PNG_MAGIC) and len(png) > 5000


def test_plot_of_a_sweep_where_nothing_fit_is_still_a_png(bench):
    failed = [bench.sweep.BatchResult(1, "out_of_memory", error="OutOfMemoryError: ...")]
    assert bench.plot.plot_png(sample_report(bench, failed)).startswith(PNG_MAGIC)


# ---------------------------------------------------------------- comparison


@pytest.mark.parametrize("scale, regressed", [(1.2, True), (1.05, False), (0.8, False)])
def test_comparison_flags_regressions_beyond_the_threshold(bench, scale, regressed):
    old = sample_report(bench)
    new = json.loads(json.dumps(old))
    for entry in new["results"]:
        entry["latency_ms"]["p50"] *= scale
        entry["throughput_per_s"] /= scale
    comparison = bench.compare.compare_reports(old, new, threshold_percent=10)
    assert comparison.regressed is regressed
    assert len(comparison.regressions) == (4 if regressed else 0)
    assert len(comparison.improvements) == (4 if scale < 0.9 else 0)
    latency = next(c for c in comparison.changes if c.metric == "p50 latency")
    assert latency.worse_by_percent == pytest.approx((scale - 1) * 100)


def test_comparison_reports_missing_new_and_out_of_memory_batch_sizes(bench):
    old = sample_report(bench, cpu_sweep(bench, (1, 2, 4)))
    new_results = cpu_sweep(bench, (2, 8))
    new_results.insert(1, bench.sweep.BatchResult(4, "out_of_memory", error="OutOfMemoryError"))
    new = sample_report(bench, new_results)
    new["environment"]["dtype"] = "float16"
    comparison = bench.compare.compare_reports(old, new, threshold_percent=1e6)
    assert comparison.out_of_memory_now == (4,)
    assert comparison.not_measured_now == (1,)
    assert comparison.new_batch_sizes == (8,)
    assert comparison.regressed and not comparison.regressions
    text = "\n".join(bench.compare.describe(comparison, "old.json"))
    assert "batch 4 ran before and is out of memory now" in text
    assert "not measured now: batch 1" in text
    assert "new: batch 8" in text
    assert "dtype: float32 -> float16" in text


def test_described_comparison_labels_each_change(bench):
    old = sample_report(bench)
    new = json.loads(json.dumps(old))
    new["results"][0]["latency_ms"]["p50"] *= 2
    lines = bench.compare.describe(bench.compare.compare_reports(old, new, 10), "old.json")
    assert lines[0] == "Compared with old.json (threshold 10%):"
    assert lines[1].startswith("  REGRESSION: batch 1 p50 latency") and lines[1].endswith(
        "(+100.0%)"
    )
    assert lines[-1] == "1 regression(s) beyond 10%"


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "cannot read it"),
        ("{not json", "not valid JSON (line 1, column 2"),
        ("[]", 'expected a JSON object with "schema": "handoff-bench"'),
        ('{"schema": "handoff-bench", "schema_version": 99}', "newer than this harness"),
        (
            '{"schema": "handoff-bench", "schema_version": 1, "environment": {}, "results": '
            '[{"batch_size": 1, "status": "ok", "latency_ms": {"p50": -1}}]}',
            "results[0]: latency_ms.p50 must be a positive number",
        ),
        (
            '{"schema": "handoff-bench", "schema_version": 1, "environment": {}, "results": '
            '[{"batch_size": "4", "status": "ok"}]}',
            "results[0]: batch_size must be a positive integer",
        ),
    ],
)
def test_unusable_compare_files_are_named_with_the_reason(bench, tmp_path, content, message):
    path = tmp_path / "old.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(bench.compare.CompareError) as caught:
        bench.compare.load_report(path)
    assert str(caught.value).startswith(str(path))
    assert message in str(caught.value)


# ---------------------------------------------------------------- files


README = "# toy\n\nIntro.\n\n<!-- bench:start -->\nold table\n<!-- bench:end -->\n\nMore.\n"


def test_readme_table_is_replaced_between_the_markers_only(bench, tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(README, encoding="utf-8")
    bench.files.update_readme(readme, "| new | table |\n")
    assert readme.read_text(encoding="utf-8") == README.replace("old table", "| new | table |")


def test_readme_without_markers_is_left_untouched(bench, tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# toy\n<!-- bench:end -->\n<!-- bench:start -->\n", encoding="utf-8")
    before = readme.read_bytes()
    with pytest.raises(bench.files.OutputError, match="no <!-- bench:start --> ... <!-- bench:end"):
        bench.files.update_readme(readme, "table")
    assert readme.read_bytes() == before


def test_readme_line_endings_survive_the_update(bench, tmp_path):
    readme = tmp_path / "README.md"
    readme.write_bytes(README.replace("\n", "\r\n").encode())
    bench.files.update_readme(readme, "table")
    text = readme.read_bytes().decode()
    assert text.startswith("# toy\r\n\r\nIntro.\r\n") and text.endswith("\r\n\r\nMore.\r\n")


def test_atomic_write_keeps_the_mode_and_leaves_no_temporary_file(bench, tmp_path):
    target = tmp_path / "out" / "bench.md"
    bench.files.write_atomic(target, b"one")
    target.chmod(0o640)
    bench.files.write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in target.parent.iterdir()] == ["bench.md"]


# ---------------------------------------------------------------- progress


def test_progress_is_plain_lines_when_not_a_terminal(bench):
    stream = io.StringIO()
    with bench.progress.progress_for(stream) as observer:
        assert isinstance(observer, bench.progress.PlainProgress)
        for result in cpu_sweep(bench, (1, 2)):
            observer.batch_finished(result)
    lines = stream.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines] == ["batch 1", "batch 2"]
    assert "\x1b[" not in stream.getvalue()


def test_progress_bar_on_a_terminal(bench):
    stream = io.StringIO()
    console = Console(file=stream, force_terminal=True, width=100)
    model = tiny_model()
    with bench.progress.RichProgress(console) as observer:
        bench.sweep.run_sweep(
            lambda size: torch.rand(size, 16),
            lambda batch: predict(model, batch),
            bench.sweep.SweepConfig((1, 2), warmup=1, min_iterations=2, min_seconds=0.3),
            bench.timing.CpuTimer(),
            bench.memory.CpuMemory(),
            observer,
        )
    output = stream.getvalue()
    assert "batch 1: p50" in output and "batch 2: p50" in output
    assert "\x1b[" in output


# ---------------------------------------------------------------- the command line


FAST = ["--warmup", "1", "--min-iterations", "3", "--min-seconds", "0"]


def run_main(bench, package_root, argv):
    glue = importlib.import_module("bench.__main__")
    stdout = io.StringIO()
    code = bench.cli.main(argv, glue.build_workload, "toy_pkg", stdout=stdout)
    return code, stdout.getvalue()


def test_cli_writes_json_markdown_and_png(bench, package_root, tmp_path):
    code, output = run_main(
        bench, package_root, [*FAST, "--batch-sizes", "4", "1", "--output", str(tmp_path)]
    )
    assert code == 0, output
    document = json.loads((tmp_path / "bench.json").read_text(encoding="utf-8"))
    assert [entry["batch_size"] for entry in document["results"]] == [1, 4]
    assert document["package"] == "toy_pkg" and document["model_load_ms"] > 0
    assert (tmp_path / "bench.png").read_bytes().startswith(PNG_MAGIC)
    assert "| 4 |" in (tmp_path / "bench.md").read_text(encoding="utf-8")
    assert "Wrote " in output


def test_cli_compare_exit_codes(bench, package_root, tmp_path):
    assert (
        run_main(bench, package_root, [*FAST, "--batch-sizes", "1", "--output", str(tmp_path)])[0]
        == 0
    )
    old = json.loads((tmp_path / "bench.json").read_text(encoding="utf-8"))
    old_path = tmp_path / "old.json"
    old_path.write_text(json.dumps(old), encoding="utf-8")
    argv = [
        *FAST,
        "--batch-sizes",
        "1",
        "--output",
        str(tmp_path / "new"),
        "--compare",
        str(old_path),
    ]
    # The same machine and model: within a generous threshold.
    code, output = run_main(bench, package_root, [*argv, "--threshold", "1000"])
    assert code == 0, output
    assert "No regression beyond 1000%" in output
    # The old run, made 100 times faster, makes this one a regression.
    old["results"][0]["latency_ms"]["p50"] /= 100
    old["results"][0]["throughput_per_s"] *= 100
    old_path.write_text(json.dumps(old), encoding="utf-8")
    code, output = run_main(bench, package_root, [*argv, "--threshold", "10"])
    assert code == 1
    assert "REGRESSION: batch 1 p50 latency" in output


def test_cli_updates_the_readme_table(bench, package_root, tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(README, encoding="utf-8")
    argv = [*FAST, "--batch-sizes", "1", "2", "--output", str(tmp_path / "out")]
    code, _ = run_main(bench, package_root, [*argv, "--update-readme", str(readme)])
    assert code == 0
    text = readme.read_text(encoding="utf-8")
    assert "old table" not in text and "| Batch | p50 ms" in text and "| 2 |" in text
    assert text.startswith("# toy\n\nIntro.\n\n<!-- bench:start -->\n")
    assert text.endswith("<!-- bench:end -->\n\nMore.\n")


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--batch-sizes", "0"], "0 is below the minimum 1"),
        (["--batch-sizes", "four"], "'four' is not a whole number"),
        (["--batch-sizes", "2", "4", "2"], "2 given more than once"),
        (["--min-seconds", "nan"], "must be a finite number >= 0"),
        (["--threshold", "-5"], "must be a finite number >= 0"),
    ],
)
def test_bad_options_are_usage_errors(bench, package_root, capsys, argv, message):
    with pytest.raises(SystemExit) as caught:
        run_main(bench, package_root, argv)
    assert caught.value.code == 2
    assert message in capsys.readouterr().err


def test_bad_compare_file_stops_before_measuring(bench, package_root, tmp_path, capsys):
    broken = tmp_path / "old.json"
    broken.write_text("{", encoding="utf-8")
    code, _ = run_main(
        bench, package_root, ["--compare", str(broken), "--output", str(tmp_path / "o")]
    )
    assert code == 2
    assert f"error: {broken}: not valid JSON" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_an_output_folder_that_cannot_be_made_stops_before_measuring(
    bench, package_root, tmp_path, capsys
):
    blocker = tmp_path / "taken"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    code, output = run_main(bench, package_root, ["--output", str(blocker / "results")])
    assert code == 2 and output == ""
    assert (
        f"error: --output {blocker / 'results'}: cannot create the folder"
        in capsys.readouterr().err
    )


def test_readme_without_markers_stops_before_measuring(bench, package_root, tmp_path, capsys):
    readme = tmp_path / "README.md"
    readme.write_text("# toy\n", encoding="utf-8")
    code, _ = run_main(
        bench, package_root, ["--update-readme", str(readme), "--output", str(tmp_path / "o")]
    )
    assert code == 2
    assert "no <!-- bench:start -->" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_the_package_s_own_errors_are_messages(bench, package_root, tmp_path, capsys):
    code, _ = run_main(bench, package_root, ["--config", str(tmp_path / "missing.yaml")])
    assert code == 2
    assert "error: cannot set up the benchmark: cannot read the config" in capsys.readouterr().err


def test_errors_from_elsewhere_keep_their_traceback(bench):
    def broken(options):
        raise KeyError("a bug")

    with pytest.raises(KeyError):
        bench.cli.main(["--batch-sizes", "1"], broken, "toy_pkg", stdout=io.StringIO())


def run_module(package_root, *argv):
    return subprocess.run(
        [sys.executable, "-m", "bench", *argv],
        cwd=package_root,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "MPLBACKEND": "Agg"},
        check=False,
    )


def test_python_m_bench_from_the_package_root(package_root, tmp_path):
    done = run_module(package_root, "--batch-sizes", "1", "4", "--output", str(tmp_path), *FAST)
    assert done.returncode == 0, done.stderr
    assert {p.name for p in tmp_path.iterdir()} == {"bench.json", "bench.md", "bench.png"}
    # Not a terminal: plain lines, no progress bar.
    assert "batch 1: p50" in done.stdout and "\x1b[" not in done.stdout
    document = json.loads((tmp_path / "bench.json").read_text(encoding="utf-8"))
    for entry in document["results"]:
        assert entry["status"] == "ok" and entry["latency_ms"]["p50"] > 0


def test_python_m_bench_reports_bad_input_without_a_traceback(package_root, tmp_path):
    missing = tmp_path / "nowhere.json"
    done = run_module(package_root, "--compare", str(missing), "--output", str(tmp_path / "o"))
    assert done.returncode == 2
    assert done.stderr.startswith(f"error: {missing}: cannot read it")
    assert "Traceback" not in done.stderr


def test_python_m_bench_without_the_package_installed(tmp_path):
    render_bench(tmp_path, package="not_installed_pkg")
    done = run_module(tmp_path, "--batch-sizes", "1")
    assert done.returncode == 2
    assert (
        "error: cannot import what the benchmark needs (No module named 'not_installed_pkg')"
        in done.stderr
    )
    assert "Traceback" not in done.stderr


# ---------------------------------------------------------------- CUDA, when there is one


@CUDA
def test_cuda_timer_measures_device_work(bench):
    device = torch.device("cuda", torch.cuda.current_device())
    left = torch.rand(2048, 2048, device=device)
    timer = bench.timing.timer_for(device)
    assert isinstance(timer, bench.timing.CudaTimer)
    one = timer.time_call(lambda: left @ left)
    ten = timer.time_call(lambda: [left @ left for _ in range(10)])
    assert 0 < one < ten


@CUDA
def test_cuda_sweep_records_allocator_peaks_and_gpu_facts(bench):
    device = torch.device("cuda", torch.cuda.current_device())
    model = tiny_model().to(device).eval()
    results = bench.sweep.run_sweep(
        lambda size: torch.rand(size, 16, device=device),
        lambda batch: predict(model, batch),
        bench.sweep.SweepConfig((1, 64), warmup=2, min_iterations=5, min_seconds=0),
        bench.timing.timer_for(device),
        bench.memory.memory_probe_for(device),
    )
    for result in results:
        assert result.status == "ok" and result.summary.p50_ms > 0
        assert 0 < result.memory.gpu_allocated_mib <= result.memory.gpu_reserved_mib
    env = bench.environment.collect_environment(device, "float32")
    assert env["device_name"] == torch.cuda.get_device_name(device)
    assert env["cuda_runtime"] == torch.version.cuda and env["gpu_capability"]


@CUDA
def test_a_real_cuda_out_of_memory_ends_the_sweep(bench):
    device = torch.device("cuda", torch.cuda.current_device())
    total = torch.cuda.get_device_properties(device).total_memory
    results = bench.sweep.run_sweep(
        lambda size: torch.empty(size * total, dtype=torch.uint8, device=device),
        lambda batch: batch,
        bench.sweep.SweepConfig((1, 4, 16), warmup=0, min_iterations=1, min_seconds=0),
        bench.timing.timer_for(device),
        bench.memory.memory_probe_for(device),
    )
    assert [r.status for r in results] == ["out_of_memory"]
    assert "OutOfMemoryError" in results[0].error
    assert torch.cuda.memory_allocated(device) < total // 2

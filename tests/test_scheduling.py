"""Spreading files over processes and reusing cached results changes no finding."""

import shutil
from pathlib import Path

import pytest

from handoff import scheduling
from handoff.api import build_plan, check, full_catalog, resolve_config
from handoff.discovery import discover
from handoff.scheduling import chunks

HERE = Path(__file__).parent
CORPORA = {
    "example": HERE.parent / "examples" / "cifar-resnet",
    **{p.name: p for p in sorted((HERE / "fixtures").iterdir()) if p.is_dir()},
}


def test_the_largest_files_go_first_each_in_a_chunk_of_its_own():
    sizes = [10, 900_000, 20, 400_000, 5, 30, 15]
    made = chunks(sizes, workers=2)
    assert made[0] == [1] and made[1] == [3]  # the two big files, one per worker
    assert sorted(i for chunk in made for i in chunk) == list(range(len(sizes)))
    assert made[-1] == [5, 2, 6, 0, 4]  # the small rest together, largest first


def test_a_chunk_never_grows_past_its_file_limit():
    made = chunks([1] * 1000, workers=2)
    assert max(len(chunk) for chunk in made) <= scheduling.MAX_CHUNK_FILES


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_same_findings_serial_parallel_cold_and_warm(name, tmp_path, monkeypatch):
    root = tmp_path / name
    shutil.copytree(CORPORA[name], root)  # the cache is written into the checked folder
    monkeypatch.setattr(scheduling, "PARALLEL_THRESHOLD", 2)  # a pool even for few files
    serial = check([root], isolated=True, jobs=1)
    cold = check([root], isolated=True, jobs=2, cache=True)
    warm = check([root], isolated=True, jobs=2, cache=True)
    assert serial.findings and serial.findings == cold.findings == warm.findings
    assert serial.files == cold.files == warm.files


@pytest.mark.parametrize("threshold", [2, 1000])
def test_every_file_is_reported_done_once(tmp_path, monkeypatch, threshold):
    monkeypatch.setattr(scheduling, "PARALLEL_THRESHOLD", threshold)  # a pool, then none
    for index in range(5):
        (tmp_path / f"m{index}.py").write_text("x = 1\n" * (index + 1))
    catalog = full_catalog()
    root, config = resolve_config([tmp_path], catalog, isolated=True)
    items = discover([tmp_path], root, config.exclude_spec()).files
    heard = []
    plan = build_plan(root, config, catalog)
    results = scheduling.results_for(plan, items, 2, None, lambda *call: heard.append(call))
    assert heard == [(0, 5), (1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]
    assert [r.relpath for r in results] == [i.relpath for i in items]

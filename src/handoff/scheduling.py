"""Which process checks which file, and in what order: unchanged files from the results
cache, the rest in this process or in a pool of workers.

With N jobs, N - 1 worker processes and the parent itself check files: the parent would
otherwise only wait, and one process fewer holds one libcst tree and one copy of the checks
fewer. The workers get the largest files first, in chunks of about equal bytes, so that a
repo of a few big files keeps every process busy to the end instead of leaving one with the
biggest file last; the parent takes the smallest chunk left each time, so it is soon back to
hand the workers more. Each process holds the file it is checking and the results of its
chunk; the parent keeps the results only, never a parsed module or a file's text.

Results come back as each file is done (`iter_results`, and `progress` for a caller that
shows it); `results_for` returns them in the order of the files given.
"""

from __future__ import annotations

import gc
import os
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Callable, Iterator

from handoff.cache import ResultCache
from handoff.discovery import Discovered
from handoff.engine import Plan, check_file
from handoff.results import FileResult

# Below both, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 40  # files
PARALLEL_BYTES = 256 * 1024  # about a second of checking, whatever the number of files
CHUNKS_PER_WORKER = 8  # enough chunks to even out the workers' load, few enough to be cheap
MAX_CHUNK_FILES = 64

# Told (files done, files in all) as files are checked: what a progress bar listens to.
Progress = Callable[[int, int], None]


def _size(item: Discovered) -> int:
    try:
        return item.path.stat().st_size
    except OSError:
        return 0  # it is reported when checked


def chunks(sizes: list[int], workers: int) -> list[list[int]]:
    """Indexes of the files, largest first, cut into chunks of about equal bytes: a big
    file is a chunk of its own, small ones go together."""
    order = sorted(range(len(sizes)), key=lambda i: sizes[i], reverse=True)
    target = max(sum(sizes) / (workers * CHUNKS_PER_WORKER), 1)
    made: list[list[int]] = []
    current: list[int] = []
    current_bytes = 0
    for index in order:
        current.append(index)
        current_bytes += sizes[index]
        if current_bytes >= target or len(current) >= MAX_CHUNK_FILES:
            made.append(current)
            current, current_bytes = [], 0
    if current:
        made.append(current)
    return made


_WORKER_PLAN: Plan | None = None


def _init_worker(plan: Plan) -> None:
    global _WORKER_PLAN  # pylint: disable=global-statement
    _WORKER_PLAN = plan
    _settle()


def _settle() -> None:
    """Move what is alive now (the imported modules, the plan, the compiled patterns) out of
    the cyclic collector's reach: it lives for the whole run, and each full collection would
    scan it all again while files are checked."""
    gc.freeze()


def _check_chunk(items: list[Discovered]) -> list[FileResult]:
    assert _WORKER_PLAN is not None
    return [check_file(_WORKER_PLAN, item) for item in items]


def iter_results(
    plan: Plan, items: list[Discovered], jobs: int | None = None
) -> Iterator[tuple[int, FileResult]]:
    """(index in `items`, result) for every file, as each is done."""
    workers = jobs or os.cpu_count() or 1
    sizes = [_size(item) for item in items] if workers > 1 and len(items) > 1 else []
    if not sizes or (len(items) < PARALLEL_THRESHOLD and sum(sizes) < PARALLEL_BYTES):
        _settle()
        for index, item in enumerate(items):
            yield index, check_file(plan, item)
        return
    left = deque(chunks(sizes, workers))  # largest first
    with ProcessPoolExecutor(workers - 1, initializer=_init_worker, initargs=(plan,)) as pool:
        pending: dict[Future, list[int]] = {}

        def feed() -> None:  # a chunk running and one queued for each worker
            while left and len(pending) < 2 * (workers - 1):
                chunk = left.popleft()
                pending[pool.submit(_check_chunk, [items[i] for i in chunk])] = chunk

        feed()
        _settle()
        while left or pending:
            if left:
                for index in left.pop():
                    yield index, check_file(plan, items[index])
                done = {future for future in pending if future.done()}
            else:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield from zip(pending.pop(future), future.result())
            feed()


def check_files(
    plan: Plan,
    items: list[Discovered],
    jobs: int | None = None,
    progress: Progress | None = None,
    already_done: int = 0,
) -> list[FileResult]:
    """Every file's result, in the order of `items`; `progress` hears of each file as it is
    done, counted after `already_done` files (those the cache answered) of
    `already_done + len(items)`."""
    total = already_done + len(items)
    results: list[FileResult | None] = [None] * len(items)
    for done, (index, result) in enumerate(iter_results(plan, items, jobs), already_done + 1):
        results[index] = result
        if progress is not None:
            progress(done, total)
    return [r for r in results if r is not None]


def results_for(
    plan: Plan,
    items: list[Discovered],
    jobs: int | None,
    cache: ResultCache | None,
    progress: Progress | None = None,
) -> list[FileResult]:
    """Each item's result: from `cache` where the file is unchanged, the rest checked.
    `progress` hears (files done, files in all): first how many the cache answered (all of
    a warm run in one call), then each checked file as it is done."""
    if cache is None:
        if progress is not None:
            progress(0, len(items))
        return check_files(plan, items, jobs, progress)
    cached = {item.relpath: cache.lookup(item) for item in items}
    stale = [item for item in items if cached[item.relpath] is None]
    if progress is not None:
        progress(len(items) - len(stale), len(items))
    fresh = iter(check_files(plan, stale, jobs, progress, len(items) - len(stale)))
    return [cached[item.relpath] or next(fresh) for item in items]

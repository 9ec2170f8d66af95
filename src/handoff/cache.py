"""Results cache: a file whose bytes, relative path and check plan are unchanged since the
last run is not read, parsed or checked again.

Entries live in `<root>/.handoff_cache/`, one JSON file per plan (the enabled rules, their
severities and options, and the code of handoff and its plugins). JSON rather than pickle:
the cache sits inside a repository someone else may have written, and loading it must never
run code. The folder carries its own `.gitignore`, so it never shows up in `git status`.
A missing, corrupt or unwritable cache is no error: the run just checks everything.

A file is recognised as unchanged by its size and modification time (nanoseconds) first, as
git's index does, and read and hashed only when either differs; an entry whose hash still
matches is a hit all the same (a `touch`, a fresh checkout). Like git, this trusts that an
edit changes the size or the time. An edit that keeps both is caught when it lands within
`RACY_NS` of the run that recorded the file (two quick saves in the same clock tick): such a
file's time is not trusted, so the next run hashes it. An edit that restores the old time on
purpose (`touch -r`, some copy tools) with the same size is not seen: delete
`.handoff_cache/` or run without the cache after such a change.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from dataclasses import asdict
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterable

from handoff.discovery import Discovered
from handoff.files import write_text_atomic
from handoff.findings import Finding, Severity
from handoff.results import FileResult
from handoff.sources import FileKind
from handoff.suppressions import Suppression

log = logging.getLogger("handoff")
CACHE_DIR = ".handoff_cache"
FORMAT = 5
# A file modified this close to the run that looked at it may change again within the same
# clock tick without its time moving: its (size, time) is not trusted next run.
RACY_NS = 2_000_000_000


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def folders_on_the_way(relpaths: Iterable[str]) -> list[PurePosixPath]:
    """The root and every folder holding a checked file or above one, in order."""
    folders = {PurePosixPath(".")}
    for relpath in relpaths:
        folders.update(PurePosixPath(relpath).parents)
    return sorted(folders)


def with_config_files(key: str, root: Path, relpaths: Iterable[str], names: frozenset[str]) -> str:
    """`key`, changed by the contents of the files called `names` (other tools'
    configuration) at the root and in every folder on the way to a checked file: results that
    depend on `[tool.black]` are stale when pyproject.toml changes."""
    if not names:
        return key
    basis = hashlib.sha256(key.encode("utf-8"))
    for folder in folders_on_the_way(relpaths):
        for name in sorted(names):
            digest = _digest(root / folder / name)
            if digest is not None:
                basis.update(f"{folder / name}\0{digest}\0".encode("utf-8"))
    return basis.hexdigest()[:20]


def _finding_json(finding: Finding) -> dict[str, Any]:
    return {**asdict(finding), "severity": finding.severity.value}


def _finding(data: dict[str, Any]) -> Finding:
    return Finding(**{**data, "severity": Severity(data["severity"])})


def _to_json(result: FileResult) -> dict[str, Any]:
    return {
        "kind": result.kind.value,
        "checked": result.checked,
        "skipped": result.skipped,
        "notes": result.notes,
        "findings": [_finding_json(f) for f in result.findings],
        "suppressions": [asdict(s) for s in result.suppressions],
        "facts": result.facts,
        "cell_regions": result.cell_regions,
    }


def _from_json(relpath: str, data: dict[str, Any]) -> FileResult:
    findings = [_finding(f) for f in data["findings"]]
    suppressions = [Suppression(**{**s, "codes": tuple(s["codes"])}) for s in data["suppressions"]]
    return FileResult(
        relpath,
        FileKind(data["kind"]),
        findings=findings,
        suppressions=suppressions,
        facts=dict(data["facts"]),
        cell_regions=data["cell_regions"],
        notes=list(data["notes"]),
        checked=bool(data["checked"]),
        skipped=data.get("skipped"),
    )


class ResultCache:
    """Cached file results for one plan, loaded once and saved once per run."""

    def __init__(self, root: Path, plan_key: str):
        self.directory = root / CACHE_DIR
        self.path = self.directory / f"{plan_key}.json"
        self.entries: dict[str, dict[str, Any]] = {}
        self.digests: dict[str, str] = {}
        self.stamps: dict[str, list[int]] = {}  # relpath -> [size, mtime_ns], when trusted
        self.started_ns = time.time_ns()
        self.reused: dict[str, dict[str, Any]] = {}  # relpath -> its entry, for a hit
        self.hits = 0
        self.repo: dict[str, Any] = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("format") == FORMAT and isinstance(data.get("files"), dict):
                self.entries = data["files"]
                self.repo = data.get("repo") or {}
        except (OSError, ValueError, AttributeError):
            pass  # no cache yet, or one we cannot use: check everything

    def lookup(self, item: Discovered) -> FileResult | None:
        try:
            stat = item.path.stat()
        except OSError:
            return None
        stamp = [stat.st_size, stat.st_mtime_ns]
        entry = self.entries.get(item.relpath)
        if entry is not None and entry.get("stamp") == stamp and entry.get("digest"):
            digest = entry["digest"]  # same size and time: not read again
        else:
            digest = _digest(item.path)
            if digest is None:
                return None
        self.digests[item.relpath] = digest
        if stat.st_mtime_ns < self.started_ns - RACY_NS:
            self.stamps[item.relpath] = stamp
        if entry is None or entry.get("digest") != digest:
            return None
        try:
            result = _from_json(item.relpath, entry["result"])
        except (KeyError, TypeError, ValueError):
            return None
        self.hits += 1
        self.reused[item.relpath] = entry
        return result

    def repo_key(
        self, results: list[FileResult], root: Path, depends_on: Callable[[str], bool]
    ) -> str | None:
        """What repo-level findings depend on: the list of files, the facts each recorded,
        and the bytes of the files the repo checks `depends_on`: those checked, and those
        on disk in the folders the checked files are in and above (a manifest or README
        outside the checked paths). None when a file could not be hashed."""
        basis = hashlib.sha256()
        for result in results:
            facts = json.dumps(result.facts, sort_keys=True) if result.facts else ""
            basis.update(f"{result.relpath}\0{result.kind.value}\0{facts}\0".encode("utf-8"))
        for folder in folders_on_the_way(r.relpath for r in results):
            try:
                names = sorted(os.listdir(root / folder))
            except OSError:
                continue
            for name in names:
                relpath = (folder / name).as_posix()
                if not depends_on(relpath) or not (root / relpath).is_file():
                    continue
                digest = self.digests.get(relpath) or _digest(root / relpath)
                if digest is None:
                    return None
                basis.update(f"{relpath}\0{digest}\0".encode("utf-8"))
        return basis.hexdigest()

    def repo_findings(self, key: str | None) -> tuple[list[Finding], set[str]] | None:
        """The repo-level findings of the last run, if nothing they depend on changed, and
        the files they point into whose bytes did change since (a comment added to a line
        with a finding): the lines those findings show are to be read again."""
        if key is None or self.repo.get("key") != key:
            return None
        pointed = self.repo.get("pointed")
        try:
            findings = [_finding(f) for f in self.repo["findings"]]
            changed = {path for path, digest in pointed.items() if self.digests.get(path) != digest}
        except (AttributeError, KeyError, TypeError, ValueError):
            return None
        return findings, changed | {f.path for f in findings if f.path not in pointed}

    def save(
        self, results: list[FileResult], repo: tuple[str | None, list[Finding]] | None = None
    ) -> None:
        files = {}
        for result in results:
            digest = self.digests.get(result.relpath)
            if digest is not None and not result.errors:
                reused = self.reused.get(result.relpath)
                entry = {
                    "digest": digest,
                    "result": reused["result"] if reused else _to_json(result),
                }
                if result.relpath in self.stamps:
                    entry["stamp"] = self.stamps[result.relpath]
                files[result.relpath] = entry
        try:
            self.directory.mkdir(exist_ok=True)
            ignore = self.directory / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# created by handoff\n*\n", encoding="utf-8")
            for stale in self.directory.glob("*.json"):
                if stale != self.path:
                    stale.unlink(missing_ok=True)  # one plan at a time: no unbounded growth
            document: dict[str, Any] = {"format": FORMAT, "files": files}
            if repo is not None and repo[0] is not None:
                key, findings = repo
                pointed = {f.path: self.digests.get(f.path) for f in findings}
                document["repo"] = {
                    "key": key,
                    "pointed": {path: digest for path, digest in pointed.items() if digest},
                    "findings": [_finding_json(f) for f in findings],
                }
            write_text_atomic(self.path, json.dumps(document))
        except OSError as exc:
            log.debug("cannot write the cache in %s: %s", self.directory, exc)

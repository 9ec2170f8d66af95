"""PATH in text: notebook magics, shell scripts, config and manifest files, scanned once per
file for the four PATH rules."""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Iterator

from handoff.checks.path.locations import (
    ENDPOINT,
    MACHINE,
    WORKDIR,
    classify_path,
    workdir_message,
)
from handoff.checks.path.scanning import (
    KEY,
    LOCATION,
    NOHOST,
    ROUTE,
    SKIP,
    TextHit,
    judge,
    name_flags,
    reads_as_prose,
    scan_text,
)
from handoff.checks.support import identifier_words
from handoff.config_values import ConfigValue, config_format, config_value_lines
from handoff.sources import SHELL_SUFFIXES, FileKind, Source, TextOrigin, is_requirements_file

# Files whose paths are by design: CI runners, editor containers, lock files, keys, images.
_SKIPPED_DIRS = (".github/", ".gitlab/", ".circleci/", ".devcontainer/", ".buildkite/")
_SKIPPED_NAMES = {
    ".gitlab-ci.yml", ".travis.yml", "azure-pipelines.yml", "bitbucket-pipelines.yml",
    ".pre-commit-config.yaml", ".pre-commit-hooks.yaml", "poetry.lock", "pipfile.lock",
    "dockerfile", "setup.py", "codecov.yml", ".readthedocs.yaml", ".readthedocs.yml",
}  # fmt: skip
_COMPOSE = re.compile(r"(docker-)?compose[\w.-]*\.ya?ml$")
# A container's entrypoint script runs inside the image: its paths are the image's own.
_ENTRYPOINT = re.compile(r"(docker-)?entrypoint[\w.-]*\.sh$")
_CD_MAGIC = re.compile(r"\s*%cd\s+(?:-\w+\s+)*(?P<target>\S.*?)\s*$")


def text_hits(source: Source) -> list[tuple[int, int | None, int, TextHit]]:
    """(line, cell, column, hit) for the file, one per rule and line (`cp /mnt/a /mnt/b`
    is one finding); computed once per file for the four rules (`FileContext.shared`)."""
    hits, seen = [], set()
    for line, cell, column, hit in _scan(source):
        if (line, cell, hit.code) not in seen:
            seen.add((line, cell, hit.code))
            hits.append((line, cell, column, hit))
    return hits


def _scan(source: Source) -> Iterator[tuple[int, int | None, int, TextHit]]:
    if source.kind is FileKind.NOTEBOOK:
        for line in source.lines:
            if line.origin is TextOrigin.MAGIC:
                for column, hit in _magic_hits(line.text):
                    yield line.line, line.cell, column, hit
        return
    rel = source.relpath.lower()
    name = PurePosixPath(rel).name
    if name in _SKIPPED_NAMES or any(f"/{d}" in f"/{rel}" for d in _SKIPPED_DIRS):
        return
    if config_format(name):
        values = list(config_value_lines(source.text, name))
        container = _container_config(name, values)
        for value in values:
            for hit in _value_hits(value.key, value.value, container):
                yield value.line, None, value.column + hit.start, hit
    elif PurePosixPath(rel).suffix in SHELL_SUFFIXES or is_requirements_file(PurePosixPath(rel)):
        in_container = bool(_ENTRYPOINT.match(name))
        for line in source.lines:
            for hit in scan_text(line.text):
                if not in_container or hit.code == ENDPOINT:
                    yield line.line, None, hit.start + 1, hit


def _magic_hits(text: str) -> Iterator[tuple[int, TextHit]]:
    magic = _CD_MAGIC.match(text)
    if magic:
        target = magic.group("target").strip("\"'")
        found = classify_path(target, bare_ok=True)
        if found is not None and found.code == MACHINE:
            message = workdir_message("%cd", found)
            yield magic.start("target") + 1, TextHit(WORKDIR, 0, target, message)
            return
    body = re.match(r"\s*(?:%%?\w+|!+)?", text)
    offset = body.end() if body else 0
    for hit in scan_text(text[offset:]):
        yield offset + hit.start + 1, hit


# Under these keys a dotted number is a version pin (tensorrt = "10.0.1.6", `- trt=10.0.1.6`),
# not an address; a URL or host:port there (an index URL) is still an endpoint.
_DEPENDENCY_WORDS = {
    "dependencies",
    "dependency",
    "requires",
    "require",
    "requirements",
    "packages",
}
_DOTTED_NUMBER = re.compile(r"[\d.]+")


COMPOSE, KUBERNETES = "compose", "kubernetes"
# In a compose file, the values naming places on the host; every other path in it (a volume's
# target, working_dir, environment, command) is inside the container's own file system.
_COMPOSE_HOST_KEYS = {"source", "device", "env_file", "context", "dockerfile", "file"}
# In a Kubernetes manifest, the volumes that are a node's or a server's folder.
_KUBERNETES_HOST_VOLUMES = {"hostPath", "nfs", "local"}
# A short volume `host:container[:mode]`, the host side kept (a Windows drive keeps its colon).
_VOLUME_SOURCE = re.compile(r"(?:[A-Za-z]:[\\/])?[^:]*(?=:)")


def _container_config(name: str, values: list[ConfigValue]) -> str | None:
    """COMPOSE or KUBERNETES when the file describes containers, whose paths are their own."""
    if _COMPOSE.match(name):
        return COMPOSE
    top = {v.key[0] for v in values if len(v.key) == 1}
    return KUBERNETES if {"apiVersion", "kind"} <= top else None


def _value_hits(key: tuple, value: str, container: str | None = None) -> list[TextHit]:
    names = [k for k in key if isinstance(k, str)]
    if container:
        return _container_value_hits(key, names, value, container)
    hits = _plain_value_hits(names, value, False)
    if len(key) == 2 and key[0] == "defaults" and isinstance(key[1], int):
        # Hydra's defaults list: "/model/resnet@encoder" names a config group, not a folder.
        hits = [h for h in hits if h.code == ENDPOINT]
    if any(set(identifier_words(n)) & _DEPENDENCY_WORDS for n in names):
        hits = [h for h in hits if h.code != ENDPOINT or not _DOTTED_NUMBER.fullmatch(h.text)]
    return hits


def _container_value_hits(
    key: tuple, names: list[str], value: str, container: str
) -> list[TextHit]:
    """A compose file's or a manifest's value: paths only on the host side, endpoints anywhere
    except the services of the file itself (`http://mlflow:5000`)."""
    hits = _plain_value_hits(names, value, True)
    if container == KUBERNETES:
        on_host = bool(_KUBERNETES_HOST_VOLUMES.intersection(names))
        return [h for h in hits if on_host or h.code == ENDPOINT]
    on_host = bool(names) and names[-1] in _COMPOSE_HOST_KEYS
    if names and names[-1] == "volumes" and isinstance(key[-1], int):
        source = _VOLUME_SOURCE.match(value)  # `- /mnt/nas/ckpt:/models`
        if source and source.group(0):
            hits = [h for h in hits if h.code == ENDPOINT]
            hits += _plain_value_hits(names, source.group(0), True)
            on_host = True
    return [h for h in hits if on_host or h.code == ENDPOINT]


def _plain_value_hits(names: list[str], value: str, own_services: bool) -> list[TextHit]:
    flags = name_flags(names[-1]) if names else 0
    if names and names[-1] == "PYTHONPATH":
        prefix = "PYTHONPATH="
        hits = scan_text(prefix + value, shell=False)
        return [TextHit(h.code, h.start - len(prefix), h.text, h.message) for h in hits]
    hits = judge(value, flags | LOCATION)
    if not hits and not flags & SKIP and not reads_as_prose(value):
        hits = scan_text(value, shell=False)
        if flags & ROUTE:
            hits = [h for h in hits if h.code == ENDPOINT]
        if flags & NOHOST:
            hits = [h for h in hits if h.code != ENDPOINT]
        if flags & KEY:  # `monitor: /val/loss`, `tags: [/train/loss]`: names, not places
            hits = [h for h in hits if h.code != MACHINE or classify_path(h.text, known_only=True)]
    if own_services:  # `http://mlflow:5000` names a service the file itself describes
        hits = [h for h in hits if "one network" not in h.message]
    return hits

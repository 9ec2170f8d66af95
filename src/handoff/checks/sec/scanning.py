"""Where secrets sit in text: lines of a file scanned for known-format keys (with their config
key path as context), private key blocks, passwords in URLs, and one report per line."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import PurePosixPath
from typing import Iterator

from handoff.checks.base import Report
from handoff.checks.sec import places as PL
from handoff.checks.sec import values as V
from handoff.checks.sec.wandb_context import WANDB_PREFIX, wandb_key_lines
from handoff.config_values import (
    BinaryValue,
    config_format,
    config_value_lines,
    yaml_decoded_values,
)
from handoff.integrations.detect_secrets import (
    JWT_KIND,
    KeyMatch,
    find_keys,
    key_gate,
    looks_like_key_body,
    private_key_markers,
)
from handoff.sources import FileKind, Source, TextLine, TextOrigin

# Files never scanned for keys: data, not code or configuration.
_DATA_SUFFIXES = {".csv", ".tsv", ".jsonl", ".ndjson", ".svg", ".map", ".lock"}
_URL_CREDENTIALS = re.compile(
    r"\b([a-zA-Z][a-zA-Z0-9+.-]{1,30})://([^\s:/?#@'\"`<>{}\[\]]*):([^\s/?#@'\"`<>]+)@"
    r"([A-Za-z0-9._\[\]-]+|\$\{[^}]*\}|\{[^}]*\})"
)
_NETRC_MACHINE = re.compile(r"(?:^|\s)machine\s+(\S+)")
BASE64_LINE = re.compile(r"^\s*[A-Za-z0-9+/=]{40,}\s*$")
_PEM_END = re.compile(r"-----END [A-Z0-9 ]*-----")
_PEM_HEADER_LINE = re.compile(r"^\s*[\"']?(?:Proc-Type|DEK-Info|Comment|Version|Encryption"
                              r"|Public-Lines|Private-Lines|Hash)\s*:", re.I)  # fmt: skip


def scanned(source: Source) -> bool:
    return PurePosixPath(source.relpath).suffix.lower() not in _DATA_SUFFIXES


def where(line: TextLine) -> str:
    if line.origin is TextOrigin.OUTPUT:
        return " in a notebook output (clear the outputs before committing)"
    if line.origin is TextOrigin.MARKDOWN:
        return " in a markdown cell"
    return ""


def url_passwords(text: str) -> Iterator[tuple[re.Match, str]]:
    """(match, password) for each `scheme://user:password@host` with a real password."""
    for match in _URL_CREDENTIALS.finditer(text):
        password, host = match.group(3), match.group(4)
        if password.isdigit() and len(password) <= 5:  # `host:port@`, not a password
            continue
        if "example" in host.lower() or V.is_placeholder(password):
            continue
        if password == match.group(2):  # `guest:guest@`, `postgres:postgres@`: dev defaults
            continue
        if password.lower() in {"pass", "passwd", "pwd", "secret", "token", "apikey", "key"}:
            continue
        yield match, password


def private_key_spans(lines: list[TextLine]) -> Iterator[tuple[int, int, str]]:
    """(index into `lines`, column, key body) of each private key block with real key
    material after its header, on the same line (a JSON string) or on the lines below."""
    for index, line in enumerate(lines):
        for offset, marker in private_key_markers(line.text):
            rest = line.text[offset + len(marker) :].lstrip("-")
            end = _PEM_END.search(rest)
            body = (rest[: end.start()] if end else rest).strip().strip("\"',").strip()
            if not looks_like_key_body(body):
                body = _body_below(lines, index)
            if body and not _fake_key_body(body):
                yield index, offset + 1, body


# Runs of `A` are zero bytes in base64: the length fields of a key's binary structure
# (every OpenSSH key starts `b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAAB...`).
_ZERO_BYTES = re.compile(r"A{4,}")


def _fake_key_body(body: str) -> bool:
    """A typed-in stand-in for key material (`AAAA...`, `xxxx`, `MIIE...abc` repeated)."""
    collapsed = _ZERO_BYTES.sub("A", body.replace("\\n", ""))
    return len(collapsed) < 16 or V.is_synthetic(collapsed)


def _body_below(lines: list[TextLine], index: int) -> str:
    here = lines[index]
    for line in lines[index + 1 : index + 8]:
        if line.cell != here.cell or line.origin != here.origin:
            return ""
        text = line.text.strip()
        if not text or _PEM_HEADER_LINE.match(text):
            continue
        return text if looks_like_key_body(text) else ""
    return ""


class KeyScan:
    """Known-format keys on each line of a file, each line read with the context it has
    elsewhere: in a config file its key path (`wandb:` / `  key: <40 hex>` is a key in a wandb
    context), in a .netrc its `machine`, in Python the dict or the `wandb.login` call that
    gives a 40-hex literal its W&B meaning. A YAML `!!binary` value and a Kubernetes Secret's
    `data` are decoded first."""

    def __init__(self, source: Source):
        self.source = source
        self.context: dict[tuple[int | None, int], str] = {}
        self.binary: dict[int, list[BinaryValue]] = {}
        if source.kind in (FileKind.CONFIG, FileKind.MANIFEST) and config_format(source.relpath):
            for item in config_value_lines(source.text, source.relpath):
                path = " ".join(str(k) for k in item.key if isinstance(k, str))
                self.context.setdefault((None, item.line), path)
            for value in yaml_decoded_values(source.text):
                self.binary.setdefault(value.line, []).append(value)
        elif PL.credential_file_kind(source.relpath) == "netrc":
            # a `machine api.wandb.ai` stanza gives its `password` line below its context
            machine = ""
            for line in source.lines:
                for match in _NETRC_MACHINE.finditer(line.text):
                    machine = f"machine {match.group(1)}"
                if machine:
                    self.context[(None, line.line)] = machine
        elif source.code:
            for where_ in wandb_key_lines(source):
                self.context[where_] = WANDB_PREFIX

    def candidate_lines(self) -> Iterator[TextLine]:
        """The lines that may hold a key: a line whose text fails `key_gate` holds none,
        whatever its context (a match must lie in the line, and so pass the gate), unless
        a decoded value sits on it. Skipping them here saves the per-line work below on
        nine lines in ten."""
        gate = key_gate()
        for line in self.source.lines:
            if gate is None or gate.search(line.text) or line.line in self.binary:
                yield line

    def keys(self, line: TextLine) -> list[KeyMatch]:
        prefix = ""
        if line.origin in (TextOrigin.TEXT, TextOrigin.CODE):
            prefix = self.context.get((line.cell, line.line), "")
        found = _keys_after(prefix, line.text)
        for value in self.binary.get(line.line, []) if line.cell is None else []:
            start = value.column - 1
            found += [
                replace(k, kind=f"{k.kind} (base64, {value.encoding})", value=value.raw,
                        start=start, end=start + len(value.raw))  # fmt: skip
                for k in _keys_after(prefix, value.value)
            ]
        return found


def _keys_after(prefix: str, text: str) -> list[KeyMatch]:
    """The keys in `text` read after its context `prefix`, positioned in `text`."""
    if not prefix:
        return find_keys(text)
    shift = len(prefix) + 1
    return [
        replace(k, start=k.start - shift, end=k.end - shift)
        for k in find_keys(f"{prefix} {text}")
        if k.start >= shift
    ]


def fake_key(key: KeyMatch, in_tests: bool) -> bool:
    """A documented example or a synthetic value; in a test file also a JWT, which tests
    mint for their fake users."""
    if V.is_placeholder(key.value):
        return True
    return in_tests and (V.is_synthetic(key.value) or key.kind == JWT_KIND)


def is_fake_known_key(secret: str, in_tests: bool) -> bool:
    """A value of a known format that SEC002 would judge a fake: no rule reports it, whether
    SEC002 runs or not."""
    return any(fake_key(key, in_tests) for key in find_keys(secret))


def one_per_line(reports: list[Report], text_of) -> Iterator[Report]:
    """One finding per line and rule, as a reader counts them: several secrets on one line
    become one report whose secret spans them all, so the shown line masks every one."""
    groups: dict[tuple[int | None, int], list[Report]] = {}
    for report in reports:
        groups.setdefault((report.cell, report.line), []).append(report)
    for group in groups.values():
        if len(group) == 1 or not all(r.secret for r in group):
            yield from group
            continue
        text = text_of(group[0])
        spans = [(text.find(r.secret or ""), r) for r in group]
        if any(start < 0 for start, _ in spans):
            yield from group
            continue
        start = min(s for s, _ in spans)
        end = max(s + len(r.secret or "") for s, r in spans)
        first = min(spans, key=lambda item: item[0])[1]
        yield replace(
            first,
            message=f"{first.message} ({len(group)} credentials on this line)",
            column=start + 1,
            end_column=end + 1,
            secret=text[start:end],
        )

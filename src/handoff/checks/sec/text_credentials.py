"""SEC001 outside Python: YAML/JSON/TOML/INI values, shell scripts and Dockerfiles, notebook
`%env` and `!` lines, and printed credentials in notebook outputs."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import PurePosixPath
from typing import Iterable

from handoff.checks.base import Report
from handoff.checks.sec import names as N
from handoff.checks.sec import places as PL
from handoff.checks.sec import values as V
from handoff.checks.sec.policy import (
    SEC001_FIX,
    CredentialPolicy,
    credential_message,
)
from handoff.checks.sec.scanning import one_per_line, where
from handoff.config_values import config_format, config_value_lines, yaml_decoded_values
from handoff.sources import (
    SHELL_SUFFIXES,
    WINDOWS_SCRIPT_SUFFIXES,
    FileKind,
    Source,
    TextLine,
    TextOrigin,
)

_SCRIPT_SUFFIXES = SHELL_SUFFIXES | WINDOWS_SCRIPT_SUFFIXES
_SHELL_NAMES = {"dockerfile", "makefile", "procfile", ".bashrc", ".zshrc", ".profile",
                ".bash_profile", ".envrc", "justfile"}  # fmt: skip
_SHELL_ASSIGN = re.compile(
    r"""(?:^|[\s;&|(])(?:export\s+|ENV\s+|ARG\s+|set\s+|setx\s+|\$env:)?"""
    r"""([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|[^\s;&|)"']+)"""
)
_DOCKER_ENV = re.compile(r"^\s*ENV\s+([A-Za-z_]\w*)\s+(\S+)\s*$")
_CLI_FLAG = re.compile(
    r"""(?:^|\s)--([A-Za-z][\w-]*)(?:=|\s+)("[^"]*"|'[^']*'|[^\s\\;&|"'-][^\s\\;&|"']*)"""
)
_CURL_USER = re.compile(r"""(?:^|\s)(?:-u|--user)\s*["']?[^:\s"']+:([^\s"']+?)["']?(?:\s|$)""")
# `-p <password>` where the command makes it a password: `docker login -p`, `sshpass -p`.
_SHORT_PASSWORD_FLAG = re.compile(
    r"""(?:\b(?:docker|podman|nerdctl|buildah)\s+login\b.*?\s-p|\bsshpass\s+-p)\s*"""
    r"""("[^"]*"|'[^']*'|[^\s"']+)"""
)
# `aws configure set aws_secret_access_key <value>`, `npm config set //host/:_authToken <v>`
_CONFIG_SET = re.compile(
    r"""\b(?:configure|config)\s+set\s+(?:--\S+\s+)*([\w./:-]+)\s+("[^"]*"|'[^']*'|\S+)"""
)
_MAGIC_ENV = re.compile(r"^\s*%(?:env|set_env)\s+([A-Za-z_]\w*)(?:\s*=\s*|\s+)(\S+)\s*$")
_OUTPUT_PAIR = re.compile(
    r"""['"]?([A-Za-z_][\w.-]*)['"]?\s*[:=]\s*['"]((?:(?:Bearer|Basic|Token|token|Bot)\s+)?"""
    r"""[^'"\s]{16,})['"]"""
)
_OUTPUT_ASSIGN = re.compile(r"""(?:^|[\s:])([A-Za-z_][A-Za-z0-9_]*)=([^\s'"]{16,})(?=\s|$)""")
_PAIR_VALUE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=(\S+)$")  # docker-compose `- KEY=value`


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


class CredentialText:
    """SEC001's reading of text: YAML/JSON/TOML/INI values, shell scripts and Dockerfiles,
    notebook `%env` and `!` lines, and printed credentials in notebook outputs."""

    def __init__(self, policy: CredentialPolicy):
        self.policy = policy

    def reports(self, source: Source) -> Iterable[Report]:
        kind = PL.credential_file_kind(source.relpath)
        if config_format(source.relpath) == "env" and kind is None:
            return  # a template (`.env.example`): placeholders by design
        if kind in ("netrc", "pypirc"):
            return  # not a config format; SEC005 reads them
        # In a credential file SEC005 reports what sits under a credential name, and the
        # catalog's precedence keeps its finding; SEC001 reads the file too, so that turning
        # SEC005 off hides nothing.
        seen: dict[tuple[int | None, int, bool], list[str]] = {}
        reports: list[Report] = []
        printed: list[Report] = []  # found in notebook outputs: their own lines
        for line, cell, column, name, found, output in self._found(source):
            secret, shown = found if isinstance(found, tuple) else (found, found)
            here = seen.setdefault((cell, line, output is not None), [])
            if any(secret in other or other in secret for other in here):
                continue  # one secret found two ways (`%env X=...` is also `X=...`)
            here.append(secret)
            severity = self.policy.severity(secret)
            place = where(output) if output is not None else ""
            message = (
                credential_message(name, severity, place)
                if name
                else (f"hardcoded credential in {column[1]}{place}: {SEC001_FIX}")
            )
            report = Report(
                message, line=line, column=column[0], cell=cell, secret=shown, severity=severity
            )
            if output is not None:
                printed.append(replace(report, shown=output.text))
            else:
                reports.append(report)
        texts = {
            (t.cell, t.line): t.text for t in source.lines if t.origin is not TextOrigin.OUTPUT
        }
        yield from one_per_line(reports, lambda r: texts.get((r.cell, r.line), ""))
        yield from one_per_line(printed, lambda r: r.shown or "")

    def _found(self, source: Source):
        name = PurePosixPath(source.relpath).name.lower()
        fmt = config_format(source.relpath)
        if source.kind is FileKind.NOTEBOOK:
            for line in source.lines:
                if line.origin is TextOrigin.MAGIC:
                    yield from self._shell_line(line.text, line.line, line.cell, magic=True)
                elif line.origin is TextOrigin.OUTPUT:
                    yield from self._output_line(line)
        elif fmt in ("yaml", "json", "toml", "ini", "hcl"):
            yield from self._config(source, fmt)
        elif fmt == "env":
            yield from self._dotenv(source)
        elif (
            PurePosixPath(name).suffix in _SCRIPT_SUFFIXES
            or name in _SHELL_NAMES
            or (name.startswith("dockerfile"))
        ):
            for line in source.lines:
                if not line.text.lstrip().startswith(("#", "REM ", "::")):
                    yield from self._shell_line(line.text, line.line, None)

    def _config(self, source: Source, fmt: str):
        names: dict[tuple, str] = {}  # k8s `- name: API_KEY` / `value: ...` pairs
        decoded = list(yaml_decoded_values(source.text)) if fmt == "yaml" else []
        encoded = {(value.line, value.column) for value in decoded}
        for item in config_value_lines(source.text, f"x.{fmt}"):
            if (item.line, item.column) in encoded:
                continue  # judged decoded, below
            key = next((k for k in reversed(item.key) if isinstance(k, str)), "")
            parent = item.key[:-1]
            if key == "name":
                names[parent] = item.value
            name = names.get(parent, "") if key == "value" else key
            if key == "default" and len(item.key) == 3 and item.key[0] == "variable":
                name = str(item.key[1])  # Terraform `variable "db_password" { default = }`
            pair = _PAIR_VALUE.match(item.value)
            if pair:  # docker-compose `environment: [API_KEY=...]`
                name, value, column = pair.group(1), pair.group(2), item.column + pair.start(2)
            else:
                value, column = item.value, item.column
            secret = self.policy.secret(value, N.credential_name(name) if name else None, name)
            if secret:
                yield item.line, None, (column, ""), name, secret, None
            for what, found in self.policy.embedded(item.value):
                yield item.line, None, (item.column, what), "", found, None
            if " " in item.value:
                yield from self._shell_line(item.value, item.line, None, base=item.column - 1)
        for value in decoded:
            key = next((k for k in reversed(value.key) if isinstance(k, str)), "")
            secret = self.policy.secret(value.value, N.credential_name(key), key)
            if secret:  # judged decoded, masked as written
                yield value.line, None, (value.column, ""), key, (secret, value.raw), None

    def _dotenv(self, source: Source):
        """A `.env` file: values under credential names as anywhere, and any random-looking
        value whatever its name (a salt, a nonce, a signing value: nothing else in a `.env`
        file looks generated), except under names of identifiers and digests."""
        for item in config_value_lines(source.text, ".env"):
            name = next((k for k in reversed(item.key) if isinstance(k, str)), "")
            value = PL.env_value(item.value)
            strength = N.credential_name(name)
            if strength is not None:
                secret = self.policy.secret(value, strength, name)
            elif N.names_an_identifier(name) or not V.looks_random(value):
                continue
            else:
                secret = self.policy.secret(value, N.Strength.WEAK, name)
            if secret:
                yield item.line, None, (item.column, ""), name, secret, None

    def _shell_line(self, text: str, line: int, cell: int | None, magic=False, base=0):
        pairs: list[tuple[str, str, int, N.Strength | None]] = []
        magic_env = _MAGIC_ENV.match(text) if magic else None
        if magic_env:
            pairs.append((magic_env.group(1), magic_env.group(2), magic_env.start(2), None))
        docker = _DOCKER_ENV.match(text)
        if docker:
            pairs.append((docker.group(1), docker.group(2), docker.start(2), None))
        for pattern in (_SHELL_ASSIGN, _CLI_FLAG):
            for match in pattern.finditer(text):
                pairs.append((match.group(1), match.group(2), match.start(2), None))
        for pattern in (_CURL_USER, _SHORT_PASSWORD_FLAG):
            for match in pattern.finditer(text):
                pairs.append(("password", match.group(1), match.start(1), N.Strength.PASSWORD))
        for match in _CONFIG_SET.finditer(text):
            name = re.split(r"[.:/]", match.group(1))[-1]  # `global.password`, `/:_authToken`
            pairs.append((name, match.group(2), match.start(2), None))
        for name, raw, start, strength in pairs:
            value = _unquote(raw)
            secret = self.policy.secret(value, strength or N.credential_name(name), name)
            if secret:
                yield line, cell, (base + start + 1, ""), name, secret, None
        for what, secret in self.policy.embedded(text):
            yield line, cell, (base + text.find(secret) + 1, what), "", secret, None

    def _output_line(self, line: TextLine):
        """A credential printed under its name: `{'api_key': '...'}`, `{'Authorization':
        'Bearer ...'}`, and `NAME=value` as `%env`, `env` and `cat .env` print it."""
        pairs = [(m.group(1), m.group(2), m.start(2)) for m in _OUTPUT_PAIR.finditer(line.text)]
        pairs += [(m.group(1), m.group(2), m.start(2)) for m in _OUTPUT_ASSIGN.finditer(line.text)]
        for name, value, start in pairs:
            strength = N.credential_name(name)
            if strength is not None:
                header = N.Strength.HEADER if strength is N.Strength.HEADER else N.Strength.WEAK
                secret = self.policy.secret(value, header)
                if secret:
                    yield line.line, line.cell, (start + 1, ""), name, secret, line

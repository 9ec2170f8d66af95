"""SEC: credentials in code, notebooks, config files and credential files.

Every decision (is this name a credential, is this value a placeholder or a fake, does it look
random) comes from `_credentials`; known key formats come from the detect-secrets adapter.
One secret on one line is reported once, by the most specific rule: a private key (SEC003)
before a known-format key (SEC002), before a password in a URL (SEC004), before a value in a
credential file (SEC005), before a value under a credential-like name (SEC001). The less
specific rules leave alone what a more specific one reports.

Why one module of ~700 lines: the five rules (and SEC001's two faces, Python and text) hand
each secret to one another by that precedence; kept together, the hand-over stays readable in
one place. Layout: text locations (URLs, key blocks, key scan), SEC002-SEC005, then SEC001.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import PurePosixPath
from typing import ClassVar, Iterable, Iterator

import libcst as cst

from handoff.checks import _credentials as C
from handoff.checks.base import NodeCheck, Report, TextCheck
from handoff.checks.matching import (
    call_name,
    identifier_words,
    is_string,
    keyword,
    method_name,
    string_value,
    target_names,
)
from handoff.config_values import config_format, config_value_lines, config_values
from handoff.findings import mask_secret
from handoff.integrations.detect_secrets import (
    JWT_KIND,
    KeyMatch,
    find_keys,
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
_BASE64_LINE = re.compile(r"^\s*[A-Za-z0-9+/=]{40,}\s*$")
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
        if "example" in host.lower() or C.is_placeholder(password):
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
    return len(collapsed) < 16 or C.is_synthetic(collapsed)


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
    """Known-format keys on each line of a file. In a config file a line is read with its key
    path, so `wandb:` / `  key: <40 hex>` is a key in a wandb context."""

    def __init__(self, source: Source):
        self.source = source
        self.context: dict[int, str] = {}
        if source.kind in (FileKind.CONFIG, FileKind.MANIFEST) and config_format(source.relpath):
            for item in config_value_lines(source.text, source.relpath):
                path = " ".join(str(k) for k in item.key if isinstance(k, str))
                self.context.setdefault(item.line, path)
        elif C.credential_file_kind(source.relpath) == "netrc":
            # a `machine api.wandb.ai` stanza gives its `password` line below its context
            machine = ""
            for line in source.lines:
                for match in _NETRC_MACHINE.finditer(line.text):
                    machine = f"machine {match.group(1)}"
                if machine:
                    self.context[line.line] = machine

    def keys(self, line: TextLine) -> list[KeyMatch]:
        prefix = self.context.get(line.line, "") if line.cell is None else ""
        if not prefix:
            return find_keys(line.text)
        shift = len(prefix) + 1
        return [
            replace(k, start=k.start - shift, end=k.end - shift)
            for k in find_keys(f"{prefix} {line.text}")
            if k.start >= shift
        ]

    def owns(self, secret: str) -> bool:
        """A more specific rule reports this value: a known-format key (judged on the lines
        that hold it, where its context is), a private key, or credentials in a URL."""
        for line in self.source.lines:
            if secret in line.text and any(
                k.value in secret or secret in k.value for k in self.keys(line)
            ):
                return True
        if any(key.value in self.source.text for key in find_keys(secret)):
            return True
        if private_key_markers(secret):
            return True
        return any(True for _ in url_passwords(secret))


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


class KnownFormatKey(TextCheck):
    """SEC002: a key whose format names its issuer, anywhere in any text."""

    code = "SEC002"

    def check(self, source: Source) -> Iterable[Report]:
        if not scanned(source):
            return
        in_tests = C.is_test_path(source.relpath, self.options)
        pem_lines = {i for i, _, _ in private_key_spans(source.lines)}
        scan = KeyScan(source)
        for index, line in enumerate(source.lines):
            if _BASE64_LINE.match(line.text):
                continue  # the body of a key or a certificate: SEC003's, or public
            if index in pem_lines and "PRIVATE" in line.text.upper():
                continue
            found = [key for key in scan.keys(line) if not _fake_key(key, in_tests)]
            reports = [self._report(key, line) for key in found]
            yield from one_per_line(reports, lambda _, text=line.text: text)

    @staticmethod
    def _report(key: KeyMatch, line: TextLine) -> Report:
        return Report.at(
            line,
            f"{key.kind} ({mask_secret(key.value)}){where(line)}: revoke it and "
            "load the replacement from the environment or a secret store",
            column=key.start + 1,
            end_column=key.end + 1,
            secret=key.value,
        )


def _fake_key(key: KeyMatch, in_tests: bool) -> bool:
    """A documented example or a synthetic value; in a test file also a JWT, which tests
    mint for their fake users."""
    if C.is_placeholder(key.value):
        return True
    return in_tests and (C.is_synthetic(key.value) or key.kind == JWT_KIND)


class PrivateKey(TextCheck):
    """SEC003: a private key block (PEM, OpenSSH, PGP, PuTTY) with key material."""

    code = "SEC003"

    def check(self, source: Source) -> Iterable[Report]:
        if not scanned(source):
            return
        for index, column, body in private_key_spans(source.lines):
            line = source.lines[index]
            yield Report.at(
                line,
                f"private key{where(line)}: remove it from the repository, rotate it, and "
                "load the key from a secret store or a path given at run time",
                column=column,
                secret=body,
            )


class CredentialsInUrl(TextCheck):
    """SEC004: `scheme://user:password@host` with a real password."""

    code = "SEC004"

    def check(self, source: Source) -> Iterable[Report]:
        if not scanned(source):
            return
        in_tests = C.is_test_path(source.relpath, self.options)
        for line in source.lines:
            found = list(url_passwords(line.text))
            keys = find_keys(line.text) if found else []
            reports = []
            for match, password in found:
                start = match.start(3)
                if any(k.start < match.end(3) and start < k.end for k in keys):
                    continue  # SEC002 reports the key
                if C.is_fake_in_tests(password, in_tests):
                    continue
                reports.append(
                    Report.at(
                        line,
                        f"password in a {match.group(1)}:// URL{where(line)}: build the URL "
                        "from configuration and take the password from the environment",
                        column=start + 1,
                        end_column=match.end(3) + 1,
                        secret=password,
                    )
                )
            yield from one_per_line(reports, lambda _, text=line.text: text)


_NETRC_PASSWORD = re.compile(r"(?:^|\s)password\s+(\S+)")
_PYPIRC_PASSWORD = re.compile(r"^\s*password\s*[:=]\s*(\S+)")
# `KEY='value'  # comment` in a .env file: the reader keeps the quotes and the comment.
_QUOTED_WITH_COMMENT = re.compile(r"""^(['"])(.*)\1\s+#.*$""")
_SERVICE_ACCOUNT = re.compile(r"\"type\"\s*:\s*\"service_account\"")


class CommittedCredentialFile(TextCheck):
    """SEC005: a file that exists to hold credentials, committed with real values in it."""

    code = "SEC005"
    file_kinds: ClassVar[frozenset[FileKind]] = frozenset({FileKind.CONFIG, FileKind.OTHER})

    def check(self, source: Source) -> Iterable[Report]:
        kind = C.credential_file_kind(source.relpath)
        if kind is None and source.relpath.lower().endswith(".json"):
            kind = "google" if _SERVICE_ACCOUNT.search(source.text) else None
        if kind is None:
            return
        in_tests = C.is_test_path(source.relpath, self.options)
        name = PurePosixPath(source.relpath).name
        reports = []
        scan = KeyScan(source)
        for line_no, column, secret, what in self._values(kind, source):
            if secret and (scan.owns(secret) or C.is_fake_in_tests(secret, in_tests)):
                continue
            reports.append(
                Report(
                    f"{what} committed in {name}: remove the file from the repository (and "
                    "its history), add it to .gitignore and rotate the credential",
                    line=line_no,
                    column=column,
                    secret=secret or None,
                )
            )
        yield from one_per_line(reports, lambda r: source.text_line(r.line, None))

    def _values(self, kind: str, source: Source) -> Iterator[tuple[int, int, str, str]]:
        if kind == "netrc":
            yield from _line_values(source, _NETRC_PASSWORD, "a .netrc password")
        elif kind == "pypirc":
            yield from _line_values(source, _PYPIRC_PASSWORD, "a .pypirc password")
        else:
            filename = ".env" if kind == "dotenv" else "x.json"
            for item in config_values(source.text, filename):
                key = next((k for k in reversed(item.key) if isinstance(k, str)), "")
                if kind == "kaggle":
                    strength = C.Strength.STRONG if key == "key" else None
                else:
                    strength = C.credential_name(key)
                value = _QUOTED_WITH_COMMENT.sub(r"\2", item.value)
                secret = C.credential_value(value, strength) if strength else None
                if secret:
                    yield item.line, item.column, secret, f"`{key}`"
        if kind == "google":
            yield from self._service_account(source)

    @staticmethod
    def _service_account(source: Source) -> Iterator[tuple[int, int, str, str]]:
        match = _SERVICE_ACCOUNT.search(source.text)
        if match is None or not private_key_markers(source.text):
            return
        if not any(True for _ in private_key_spans(source.lines)):
            return
        line_no = source.text.count("\n", 0, match.start()) + 1
        column = match.start() - (source.text.rfind("\n", 0, match.start()) + 1) + 1
        yield line_no, column, "", "a Google service-account key file"


def _line_values(source: Source, pattern: re.Pattern, what: str):
    for line in source.lines:
        for match in pattern.finditer(line.text):
            secret = C.credential_value(match.group(1), C.Strength.STRONG)
            if secret:
                yield line.line, match.start(1) + 1, secret, what


# --- SEC001: a literal under a credential-like name --------------------------------------

_SEC001_FIX = "read it from the environment or a secrets manager instead"
_ENV_READS = {"getenv", "get", "pop"}  # a fallback: only a random-looking one counts
_ENV_WRITES = {"setdefault", "putenv"}
_OPTION_CALLS = {"add_argument", "option", "Option", "argument", "add_option"}
_SETTER_VERBS = {"set", "save", "store", "use", "with", "configure", "update", "add"}
_AUTH_CLASSES = ("BasicAuth", "DigestAuth", "ProxyAuth")


_EMPTY_MODULE = cst.Module(body=[])


def _credential_message(name: str) -> str:
    return f"hardcoded credential in `{name}`: {_SEC001_FIX}"


class _Sec001Policy:
    """What SEC001 reports, whichever way the value is found."""

    def __init__(self, source: Source, options: dict):
        self.source = source
        self.in_tests = C.is_test_path(source.relpath, options)
        self._scan: KeyScan | None = None

    @property
    def scan(self) -> KeyScan:
        if self._scan is None:  # only once a candidate is found: most files have none
            self._scan = KeyScan(self.source)
        return self._scan

    def secret(self, value: str | None, strength: C.Strength | None) -> str | None:
        if value is None or strength is None:
            return None
        secret = C.credential_value(value, strength)
        if secret is None or C.is_fake_in_tests(secret, self.in_tests):
            return None
        return None if self.scan.owns(secret) else secret

    def embedded(self, text: str) -> list[tuple[str, str]]:
        return [
            (what, secret)
            for what, secret in C.embedded_credentials(text)
            if not C.is_fake_in_tests(secret, self.in_tests) and not self.scan.owns(secret)
        ]


# The depth comes from libcst's visitor base classes.
class HardcodedCredential(NodeCheck):  # pylint: disable=too-many-ancestors
    """SEC001 in Python and notebook code: assignments, keyword arguments, dict entries,
    parameter defaults, option defaults, environment writes and well-known login calls."""

    code = "SEC001"

    def __init__(self, context):
        super().__init__(context)
        self.policy = _Sec001Policy(context.source, self.options)
        self._done: set[int] = set()  # value nodes already judged
        self._in_string = 0
        self._pending: list[tuple[cst.BaseExpression, str, str]] = []

    def _judge(
        self,
        name: str,
        node: cst.BaseExpression | None,
        strength: C.Strength | None = None,
        weak: bool = False,
    ) -> None:
        if node is None or id(node) in self._done:
            return
        if isinstance(node, cst.BooleanOperation) and isinstance(node.operator, cst.Or):
            self._judge(name, node.right, strength, weak=True)  # `env or "fallback"`
            return
        wrapped = _secret_wrapper_argument(node)
        if wrapped is not None:  # `SecretStr("...")`: the wrapper does not hide the literal
            self._judge(name, wrapped, strength, weak)
            return
        if isinstance(node, (cst.List, cst.Tuple, cst.Set)):  # API_KEYS = ["...", "..."]
            # only a list of strings is a list of credentials; a record such as
            # `(module, ".types")` or a table of `(regex, token, state)` rows is not
            if not all(is_string(element.value) for element in node.elements):
                return
            plural = C.credential_name(name[:-1]) if name.lower().endswith("s") else None
            for element in node.elements:
                self._judge(name, element.value, strength or plural, weak)
            return
        strength = strength or C.credential_name(name)
        if strength is None or not is_string(node):
            return
        if weak:
            strength = C.Strength.WEAK
        secret = self.policy.secret(string_value(node), strength)
        if secret is not None:
            self._done.add(id(node))
            self._pending.append((node, name, secret))

    def _flush(self, container: cst.CSTNode) -> None:
        """Report what one statement, call or dict holds: once when it sits on one line (a
        reader counts one finding per line), with a secret spanning all its credentials so
        the shown line masks every one."""
        pending, self._pending = self._pending, []
        if len(pending) > 1:
            code = _EMPTY_MODULE.code_for_node(container)
            spans, offset = [], 0
            for node, _, _ in pending:
                literal = _EMPTY_MODULE.code_for_node(node)
                start = code.find(literal, offset)
                spans.append((start, start + len(literal)))
                offset = max(offset, start + len(literal))
            if "\n" not in code and all(start >= 0 for start, _ in spans):
                names = ", ".join(dict.fromkeys(f"`{name}`" for _, name, _ in pending))
                secret = code[min(a for a, _ in spans) : max(b for _, b in spans)]
                message = f"hardcoded credentials in {names}: {_SEC001_FIX}"
                self.report(pending[0][0], message, secret=secret)
                return
        for node, name, secret in pending:
            self.report(node, _credential_message(name), secret=_as_written(node, secret))

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._assigned(target.target, node.value)
        self._flush(node)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._assigned(node.target, node.value)
        self._flush(node)

    def _assigned(self, target: cst.BaseExpression, value: cst.BaseExpression | None) -> None:
        if isinstance(target, (cst.Tuple, cst.List)) and isinstance(value, (cst.Tuple, cst.List)):
            if len(target.elements) == len(value.elements):
                for left, right in zip(target.elements, value.elements):
                    self._assigned(left.value, right.value)
            return
        for name in target_names(target):
            self._judge(name, value)

    def visit_Param(self, node: cst.Param) -> None:
        self._judge(node.name.value, node.default)
        self._flush(node)

    def visit_Dict(self, node: cst.Dict) -> None:
        elements = [e for e in node.elements if isinstance(e, cst.DictElement)]
        keys = {string_value(e.key) for e in elements}
        for element in elements:
            key = string_value(element.key)
            if key is not None:
                # {"username": ..., "key": ...}: a login pair (kaggle.json's shape)
                pair = key == "key" and "username" in keys
                self._judge(key, element.value, C.Strength.KEY if pair else None)
        self._flush(node)

    def visit_Call(self, node: cst.Call) -> None:
        name = call_name(node, self.imports) or ""
        last = name.rsplit(".", 1)[-1] or (method_name(node) or "")
        positional = [a.value for a in node.args if a.keyword is None and not a.star]
        for arg in node.args:
            if arg.keyword is None:
                continue
            keyword_name = arg.keyword.value
            if keyword_name == "auth" and isinstance(arg.value, (cst.Tuple, cst.List)):
                if len(arg.value.elements) == 2:
                    self._judge("auth", arg.value.elements[1].value, C.Strength.STRONG)
            elif keyword_name == "key" and last == "login":  # wandb.login(key=...)
                self._judge("key", arg.value, C.Strength.STRONG)
            elif keyword_name != "default":
                self._judge(keyword_name, arg.value)
        self._call_site(node, name, last, positional)
        self._flush(node)

    def _call_site(self, node: cst.Call, name: str, last: str, positional: list) -> None:
        first = string_value(positional[0]) if positional else None
        second = positional[1] if len(positional) > 1 else None
        if last in _ENV_READS | _ENV_WRITES and first is not None:
            default = second or _keyword_value(node, "default")
            self._judge(first, default, weak=last in _ENV_READS)
        elif last in _OPTION_CALLS:
            options = [s for s in (string_value(p) for p in positional) if s]
            if options:
                option = max(options, key=lambda s: (s.startswith("--"), len(s)))
                self._judge(option.lstrip("-"), _keyword_value(node, "default"))
        elif last == "login":
            if name.startswith("huggingface_hub") and positional:
                self._judge("token", positional[0], C.Strength.STRONG)
            elif len(positional) == 2:  # smtplib / ftplib / imaplib: login(user, password)
                self._judge("password", second, C.Strength.STRONG)
        elif positional and _setter_strength(last):  # set_api_key("..."), save_token("...")
            self._judge(last, positional[0], _setter_strength(last))
        elif last.endswith("Client") and positional:  # cohere.Client("<api key>")
            self._judge(f"{last}()", positional[0], C.Strength.WEAK)
        elif last.endswith(_AUTH_CLASSES):
            self._judge("password", second or _keyword_value(node, "password"), C.Strength.STRONG)

    # Literals that carry a credential inside: connection strings, HTTP header lines.
    def visit_ConcatenatedString(self, node: cst.ConcatenatedString) -> None:
        if not self._in_string:
            self._embedded(node)
        self._in_string += 1

    def leave_ConcatenatedString(self, original_node: cst.ConcatenatedString) -> None:
        self._in_string -= 1

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if not self._in_string:
            self._embedded(node)

    def visit_FormattedString(self, node: cst.FormattedString) -> None:
        if not self._in_string:
            self._embedded(node)

    def _embedded(self, node: cst.BaseExpression) -> None:
        if id(node) in self._done or not C.may_embed_credentials(_raw(node)):
            return
        value = string_value(node)
        if value is None or len(value) < 12:
            return
        for what, secret in self.policy.embedded(value):
            self._done.add(id(node))
            self.report(node, f"hardcoded credential in {what}: {_SEC001_FIX}", secret=secret)
            return


def _string_parts(node: cst.BaseExpression) -> Iterator[cst.BaseExpression]:
    if isinstance(node, cst.ConcatenatedString):
        yield from _string_parts(node.left)
        yield from _string_parts(node.right)
    else:
        yield node


def _as_written(node: cst.BaseExpression, secret: str) -> str:
    """What to mask on the reported line. A value split by implicit concatenation is never
    written whole: mask its parts as they stand on the first line, quotes and all."""
    if not isinstance(node, cst.ConcatenatedString):
        return secret
    first = _EMPTY_MODULE.code_for_node(node).split("\n", 1)[0]
    start, end = -1, 0
    for part in _string_parts(node):
        code = _EMPTY_MODULE.code_for_node(part)
        at = first.find(code, end)
        if at < 0:
            break
        start = at if start < 0 else start
        end = at + len(code)
    return first[start:end] if start >= 0 else secret


# Types that only keep a value out of logs and reprs (pydantic, starlette, Prefect, Ray).
_SECRET_WRAPPERS = ("SecretStr", "SecretBytes", "Secret")


def _secret_wrapper_argument(node: cst.BaseExpression) -> cst.BaseExpression | None:
    """The literal inside `SecretStr("...")` and the like."""
    if not isinstance(node, cst.Call) or len(node.args) != 1 or node.args[0].keyword:
        return None
    func = node.func
    name = func.attr.value if isinstance(func, cst.Attribute) else getattr(func, "value", "")
    return node.args[0].value if name in _SECRET_WRAPPERS else None


def _setter_strength(name: str) -> C.Strength | None:
    """`set_api_key`, `save_token`, `use_password`: what the call stores."""
    words = identifier_words(name)
    if len(words) < 2 or words[0] not in _SETTER_VERBS:
        return None
    strength = C.credential_name("_".join(words[1:]))
    return C.Strength.KEY if strength is C.Strength.WEAK else strength


def _raw(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.SimpleString):
        return node.value
    if isinstance(node, cst.ConcatenatedString):
        return _raw(node.left) + _raw(node.right)
    if isinstance(node, cst.FormattedString):
        return "".join(p.value for p in node.parts if isinstance(p, cst.FormattedStringText))
    return ""


def _keyword_value(node: cst.Call, name: str) -> cst.BaseExpression | None:
    arg = keyword(node, name)
    return arg.value if arg is not None else None


_SHELL_SUFFIXES = {".sh", ".bash", ".zsh", ".ksh", ".bat", ".cmd", ".ps1", ".slurm", ".sbatch"}
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
_OUTPUT_PAIR = re.compile(r"""['"]?([A-Za-z_][\w.-]*)['"]?\s*[:=]\s*['"]([^'"\s]{16,})['"]""")
_PAIR_VALUE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=(\S+)$")  # docker-compose `- KEY=value`


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


class HardcodedCredentialInText(TextCheck):
    """SEC001 outside Python: YAML/JSON/TOML/INI values, shell scripts and Dockerfiles,
    notebook `%env` and `!` lines, and printed credentials in notebook outputs."""

    code = "SEC001"
    file_kinds: ClassVar[frozenset[FileKind]] = frozenset(
        {FileKind.CONFIG, FileKind.MANIFEST, FileKind.NOTEBOOK, FileKind.OTHER}
    )

    def __init__(self, context):
        super().__init__(context)
        self.policy = _Sec001Policy(context.source, self.options)

    def check(self, source: Source) -> Iterable[Report]:
        if C.credential_file_kind(source.relpath) or config_format(source.relpath) == "env":
            return  # SEC005's files, and .env templates
        seen: dict[tuple[int | None, int], list[str]] = {}
        reports = []
        for line, cell, column, name, secret in self._found(source):
            here = seen.setdefault((cell, line), [])
            if any(secret in other or other in secret for other in here):
                continue  # one secret found two ways (`%env X=...` is also `X=...`)
            here.append(secret)
            message = (
                _credential_message(name)
                if name
                else (f"hardcoded credential in {column[1]}: {_SEC001_FIX}")
            )
            reports.append(Report(message, line=line, column=column[0], cell=cell, secret=secret))
        texts = {
            (t.cell, t.line): t.text for t in source.lines if t.origin is not TextOrigin.OUTPUT
        }
        yield from one_per_line(reports, lambda r: texts.get((r.cell, r.line), ""))

    def _found(self, source: Source):
        name = PurePosixPath(source.relpath).name.lower()
        fmt = config_format(source.relpath)
        if source.kind is FileKind.NOTEBOOK:
            for line in source.lines:
                if line.origin is TextOrigin.MAGIC:
                    yield from self._shell_line(line.text, line.line, line.cell, magic=True)
                elif line.origin is TextOrigin.OUTPUT:
                    yield from self._output_line(line)
        elif fmt in ("yaml", "json", "toml", "ini"):
            yield from self._config(source, fmt)
        elif (
            PurePosixPath(name).suffix in _SHELL_SUFFIXES
            or name in _SHELL_NAMES
            or (name.startswith("dockerfile"))
        ):
            for line in source.lines:
                if not line.text.lstrip().startswith(("#", "REM ", "::")):
                    yield from self._shell_line(line.text, line.line, None)

    def _config(self, source: Source, fmt: str):
        names: dict[tuple, str] = {}  # k8s `- name: API_KEY` / `value: ...` pairs
        for item in config_value_lines(source.text, f"x.{fmt}"):
            key = next((k for k in reversed(item.key) if isinstance(k, str)), "")
            parent = item.key[:-1]
            if key == "name":
                names[parent] = item.value
            name = names.get(parent, "") if key == "value" else key
            pair = _PAIR_VALUE.match(item.value)
            if pair:  # docker-compose `environment: [API_KEY=...]`
                name, value, column = pair.group(1), pair.group(2), item.column + pair.start(2)
            else:
                value, column = item.value, item.column
            secret = self.policy.secret(value, C.credential_name(name) if name else None)
            if secret:
                yield item.line, None, (column, ""), name, secret
            for what, found in self.policy.embedded(item.value):
                yield item.line, None, (item.column, what), "", found
            if " " in item.value:
                yield from self._shell_line(item.value, item.line, None, base=item.column - 1)

    def _shell_line(self, text: str, line: int, cell: int | None, magic=False, base=0):
        pairs: list[tuple[str, str, int, C.Strength | None]] = []
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
                pairs.append(("password", match.group(1), match.start(1), C.Strength.STRONG))
        for match in _CONFIG_SET.finditer(text):
            name = re.split(r"[.:/]", match.group(1))[-1]  # `global.password`, `/:_authToken`
            pairs.append((name, match.group(2), match.start(2), None))
        for name, raw, start, strength in pairs:
            value = _unquote(raw)
            secret = self.policy.secret(value, strength or C.credential_name(name))
            if secret:
                yield line, cell, (base + start + 1, ""), name, secret
        for what, secret in self.policy.embedded(text):
            yield line, cell, (base + text.find(secret) + 1, what), "", secret

    def _output_line(self, line: TextLine):
        for match in _OUTPUT_PAIR.finditer(line.text):
            strength = C.credential_name(match.group(1))
            if strength is not None:
                secret = self.policy.secret(match.group(2), C.Strength.WEAK)
                if secret:
                    yield line.line, line.cell, (match.start(2) + 1, ""), match.group(1), secret

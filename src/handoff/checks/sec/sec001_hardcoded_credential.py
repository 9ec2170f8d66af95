"""SEC001 hardcoded-credential: a literal under a credential-like name, in code (assignments,
keyword arguments, dict entries, parameter defaults, option defaults, environment writes, login
calls) and in text (config values, shell scripts, Dockerfiles, notebook magics and outputs)."""

from __future__ import annotations

import re
from typing import ClassVar, Iterable, Iterator

import libcst as cst

from handoff.checks.base import CodeFacts, Gate, NodeCheck, Report
from handoff.checks.sec import names as N
from handoff.checks.sec import places as PL
from handoff.checks.sec.policy import (
    SEC001_FIX,
    CredentialPolicy,
    credential_message,
)
from handoff.checks.sec.text_credentials import CredentialText
from handoff.checks.support import (
    EMPTY_MODULE,
    call_name,
    identifier_words,
    is_string,
    keyword,
    method_name,
    string_value,
    target_names,
)
from handoff.sources import FileKind, Source

_ENV_READS = {"getenv", "get", "pop"}  # a fallback: only a random-looking one counts
_ENV_WRITES = {"setdefault", "putenv"}
_OPTION_CALLS = {"add_argument", "option", "Option", "argument", "add_option"}
_SETTER_VERBS = {"set", "save", "store", "use", "with", "configure", "update", "add"}
_AUTH_CLASSES = ("BasicAuth", "DigestAuth", "ProxyAuth")
# Every credential name holds one of these (`names.credential_name`'s nouns).
_CREDENTIAL_STEMS = re.compile(r"pass|pwd|pword|secret|key|token|cred|bearer|auth|header", re.I)


class HardcodedCredential(NodeCheck):  # pylint: disable=too-many-ancestors
    """SEC001 in Python and notebook code (assignments, keyword arguments, dict entries,
    parameter defaults, option defaults, environment writes and well-known login calls) and in
    text (`CredentialText`)."""

    code = "SEC001"
    # Every credential name ends in one of these (`names.credential_name`; a bare `key` is
    # none, but `api_key`, `apiKey` and `X-API-Key` are), and every login call, auth class
    # and login pair (`{"username": ..., "key": ...}`) has one in its name, as does a service
    # client given its key (`cohere.Client("...")`). `pass` counts unless it is the statement
    # (or `passed`, `passes`, `passing`).
    text_gate = Gate(
        {"token", "secret", "pwd", "pword", "cred", "bearer", "passw", "passphrase"},
        {"passcode", "auth", "login", "header", "username", "client"},
        pattern=r"[a-z0-9_-]key|pass(?!ed|es|ing|[ \t]*(?:$|#|;))",
    )
    text_kinds: ClassVar[frozenset[FileKind]] = frozenset(
        {FileKind.CONFIG, FileKind.MANIFEST, FileKind.NOTEBOOK, FileKind.OTHER}
    )

    @classmethod
    def may_find_in(cls, source: Source, facts: CodeFacts) -> bool:
        """A credential in code needs a literal under a name that may be one (`API_KEYS`
        for a list of them), a string that carries one inside, or a call that takes one (a
        login, a client, an auth)."""
        if any(c == "login" or c.endswith(("Client", *_AUTH_CLASSES)) for c in facts.calls):
            return True
        for name in facts.given_literals:
            name = name.lstrip("-")
            if not _CREDENTIAL_STEMS.search(name):
                continue
            if N.credential_name(name) or _setter_strength(name):
                return True
            if name[-1:] in "sS" and N.credential_name(name[:-1]):
                return True
        if "key" in facts.given_literals and "username" in facts.strings:  # a login pair
            return True
        strings = set(facts.strings)
        return any(
            len(item) >= 12 and item in strings for item in facts.items_matching(PL.EMBEDDED_HINT)
        )

    def __init__(self, context):
        super().__init__(context)
        self.policy = CredentialPolicy(context.source, self.options)
        self._done: set[int] = set()  # value nodes already judged
        self._in_string = 0
        self._pending: list[tuple[cst.BaseExpression, str, str]] = []

    def check_text(self, source: Source) -> Iterable[Report]:
        return CredentialText(self.policy).reports(source)

    def _judge(
        self,
        name: str,
        node: cst.BaseExpression | None,
        strength: N.Strength | None = None,
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
            plural = N.credential_name(name[:-1]) if name.lower().endswith("s") else None
            for element in node.elements:
                self._judge(name, element.value, strength or plural, weak)
            return
        strength = strength or N.credential_name(name)
        if strength is None or not is_string(node):
            return
        if weak:
            strength = N.Strength.WEAK
        secret = self.policy.secret(string_value(node), strength, name)
        if secret is not None:
            self._done.add(id(node))
            self._pending.append((node, name, secret))

    def _flush(self, container: cst.CSTNode) -> None:
        """Report what one statement, call or dict holds: once when it sits on one line (a
        reader counts one finding per line), with a secret spanning all its credentials so
        the shown line masks every one."""
        pending, self._pending = self._pending, []
        if len(pending) > 1:
            code = EMPTY_MODULE.code_for_node(container)
            spans, offset = [], 0
            for node, _, _ in pending:
                literal = EMPTY_MODULE.code_for_node(node)
                start = code.find(literal, offset)
                spans.append((start, start + len(literal)))
                offset = max(offset, start + len(literal))
            if "\n" not in code and all(start >= 0 for start, _ in spans):
                names = ", ".join(dict.fromkeys(f"`{name}`" for _, name, _ in pending))
                secret = code[min(a for a, _ in spans) : max(b for _, b in spans)]
                message = f"hardcoded credentials in {names}: {SEC001_FIX}"
                severity = self.policy.severity(*(found for _, _, found in pending))
                self.report(pending[0][0], message, secret=secret, severity=severity)
                return
        for node, name, secret in pending:
            severity = self.policy.severity(secret)
            self.report(
                node,
                credential_message(name, severity),
                secret=_as_written(node, secret),
                severity=severity,
            )

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
                self._judge(key, element.value, N.Strength.KEY if pair else None)
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
                    self._judge("auth", arg.value.elements[1].value, N.Strength.PASSWORD)
            elif keyword_name == "key" and last == "login":  # wandb.login(key=...)
                self._judge("key", arg.value, N.Strength.STRONG)
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
                self._judge("token", positional[0], N.Strength.STRONG)
            elif len(positional) == 2:  # smtplib / ftplib / imaplib: login(user, password)
                self._judge("password", second, N.Strength.PASSWORD)
        elif positional and _setter_strength(last):  # set_api_key("..."), save_token("...")
            self._judge(last, positional[0], _setter_strength(last))
        elif last.endswith("Client") and positional:  # cohere.Client("<api key>")
            self._judge(f"{last}()", positional[0], N.Strength.WEAK)
        elif last.endswith(_AUTH_CLASSES):
            password = second or _keyword_value(node, "password")
            self._judge("password", password, N.Strength.PASSWORD)

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
        if id(node) in self._done or not PL.may_embed_credentials(_raw(node)):
            return
        value = string_value(node)
        if value is None or len(value) < 12:
            return
        for what, secret in self.policy.embedded(value):
            self._done.add(id(node))
            self.report(
                node,
                f"hardcoded credential in {what}: {SEC001_FIX}",
                secret=secret,
                severity=self.policy.severity(secret),
            )
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
    first = EMPTY_MODULE.code_for_node(node).split("\n", 1)[0]
    start, end = -1, 0
    for part in _string_parts(node):
        code = EMPTY_MODULE.code_for_node(part)
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


def _setter_strength(name: str) -> N.Strength | None:
    """`set_api_key`, `save_token`, `use_password`: what the call stores."""
    words = identifier_words(name)
    if len(words) < 2 or words[0] not in _SETTER_VERBS:
        return None
    strength = N.credential_name("_".join(words[1:]))
    return N.Strength.KEY if strength is N.Strength.WEAK else strength


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

"""Free text (shell lines, magics, config values) and whole values (a Python literal, a config
value, read with how it is used): which PATH findings they hold."""

from __future__ import annotations

import re
from dataclasses import dataclass

from handoff.checks.path.endpoints import classify_endpoint, endpoint_message
from handoff.checks.path.locations import (
    ENDPOINT,
    MACHINE,
    TMP,
    WORKDIR,
    classify_path,
    path_message,
    workdir_message,
)
from handoff.checks.support import identifier_words


@dataclass(frozen=True)
class TextHit:
    """A finding inside a line of text or a value: the rule, where, what and the message."""

    code: str
    start: int  # offset of the hit in the scanned text
    text: str
    message: str


_URL_TOKEN = re.compile(r"\b[A-Za-z][\w+.-]*://[^\s\"'`<>(){},;]+")
_HOST_TOKEN = re.compile(
    r"(?<![\w.:/-])(?:[A-Za-z0-9][\w.-]*:\d{2,5}(?:/[^\s\"'`]*)?(?![\w.:])"
    # a bare address, not a version pin (tensorrt==10.0.1.6), or user@host:/path
    r"|(?<![=<>~!]=)\d{1,3}(?:\.\d{1,3}){3}(?![\w.]|:\d))"
)
_PATH_TOKEN = re.compile(
    r"(?:^|(?<=[\s=:\"'(,\[]))(~[\w.-]*/[^\s\"'`;|&<>(),]*|/[^\s\"'`;|&<>(),:]+"
    r"|[A-Za-z]:[\\/][^\s\"'`;|&<>(),]*|\\\\[^\s\"'`;|&<>(),]+)"
)
_CD = re.compile(r"(?:^\s*|[;&|(]\s*|\b(?:then|do|else)\s+)(?:cd|pushd)\s+(?:-\w+\s+)?(\S+)")
_PYTHONPATH = re.compile(r"\bPYTHONPATH\s*=\s*(\S+)")
_SHELL_COMMENT = re.compile(r"(?:^|\s)#")
_SCHEDULER_DIRECTIVE = re.compile(r"^\s*#(?:SBATCH|PBS|BSUB|\$)(?=\s)")
# file:///home/ana/x and sqlite:////home/ana/x.db hold a local path.
_FILE_URL = re.compile(r"(?:file://(?:localhost)?|sqlite(?:\+\w+)?:///)(/\S*)")


# A quoted message: echo "Decoding with the LM from /export/b02/lm" (a redirect is no message).
_ECHO = re.compile(r"""\b(?:echo|printf)\s+(?:-\w+\s+)*(["'])(.*?)\1""")


def reads_as_prose(value: str) -> bool:
    """A sentence mentions paths, it does not use them: "copied from /mnt/old on Monday".
    Words worth reading one by one are a single word (`${oc.env:DATA,/data/x}`), or words
    with flags and assignments (`-e /home/ana/lib`, `DATA=/mnt/x python run.py`)."""
    words = value.split()
    return len(words) >= 3 and not any(w.startswith("-") or "=" in w for w in words)


def scan_text(text: str, *, shell: bool = True) -> list[TextHit]:
    """Paths, working-directory changes and endpoints in a line of free text. `shell`: the
    text is a shell line, so `# ...` is a comment and an echoed sentence is a message."""
    if shell:
        text = _shell_code(text)
    if not text.strip():
        return []
    hits: list[TextHit] = []
    taken: list[tuple[int, int]] = []
    for match in _URL_TOKEN.finditer(text):
        taken.append(match.span())
        url = match.group(0).rstrip(".:")
        local = _FILE_URL.match(url)
        if local:
            _add_path(hits, local.group(1), match.start() + local.start(1), False)
        elif found := classify_endpoint(url):
            hits.append(TextHit(ENDPOINT, match.start(), url, endpoint_message(found)))
    for pattern, what in ((_CD, "cd"), (_PYTHONPATH, "PYTHONPATH")):
        for match in pattern.finditer(text):
            _workdir(hits, taken, match, what)
    for match in _HOST_TOKEN.finditer(text):
        if not _inside(match.start(), taken) and (found := classify_endpoint(match.group(0))):
            hits.append(TextHit(ENDPOINT, match.start(), match.group(0), endpoint_message(found)))
            taken.append(match.span())
    for match in _PATH_TOKEN.finditer(text):
        if not _inside(match.start(), taken):
            bare_ok = match.start() > 0 and text[match.start() - 1] == "="
            _add_path(hits, match.group(1).rstrip(".,:;"), match.start(), bare_ok)
    return sorted(hits, key=lambda h: h.start)


def _shell_code(text: str) -> str:
    """The line without its comment and with echoed sentences blanked (offsets are kept).
    A batch scheduler directive (`#SBATCH --output=...`) looks like a comment but is read by
    the scheduler, so its text counts."""
    directive = _SCHEDULER_DIRECTIVE.match(text)
    if directive:
        return " " * directive.end() + _shell_code(text[directive.end() :])
    comment = _SHELL_COMMENT.search(text)
    text = text[: comment.start()] if comment else text
    for echo in _ECHO.finditer(text):
        if reads_as_prose(echo.group(2)):
            text = text[: echo.start(2)] + " " * len(echo.group(2)) + text[echo.end(2) :]
    return text


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in spans)


def _add_path(hits: list[TextHit], token: str, start: int, bare_ok: bool) -> None:
    found = classify_path(token, bare_ok=bare_ok)
    if found is not None:
        hits.append(TextHit(found.code, start, token, path_message(found)))


def _workdir(hits: list[TextHit], taken: list, match: re.Match, what: str) -> None:
    offset = match.start(1)
    target = match.group(1).strip("\"'")
    for part in target.split(":") if what == "PYTHONPATH" else [target]:
        found = classify_path(part, bare_ok=True)
        if found is not None and found.code == MACHINE:
            hits.append(TextHit(WORKDIR, offset, part, workdir_message(what, found)))
            taken.append(match.span(1))
            return


# --- a whole value: a Python literal or a config value ------------------------------------

# How a value is used, from where it sits and the name it is stored under.
SKIP = 1  # prose or a pattern: docstring, help text, regex, subscript key
LOCATION = 2  # used as a location: a bare root counts
HOST = 4  # stored under a host-like name: a bare internal host counts
SHELL = 8  # a shell command line: scan its words
ROUTE = 16  # a URL or a route: "/data/x" is a URL path, not a file
OWNED = 32  # a working-directory change reports it (PATH002), not PATH001
NOHOST = 64  # a version number, not an address
KEY = 128  # a key, a tag or a comparison operand: only a well-known data root makes a path

# Names that say the value is prose or a pattern: exact names, and words inside a name.
_SKIP_NAMES = {
    "doc", "docs", "title", "summary", "note", "notes", "example", "examples", "msg",
    "message", "include", "includes", "key", "mountPath", "mount_path", "containerPath",
}  # fmt: skip
_SKIP_WORDS = {
    "help", "description", "epilog", "usage", "docstring", "pattern", "patterns", "regex",
    "regexp", "glob", "exclude", "excludes", "ignore", "metavar", "comment", "comments",
}  # fmt: skip
# URLs and names in a namespace that is not a file system (ROS topics: "/camera/image_raw").
_ROUTE_WORDS = {
    "url", "urls", "uri", "route", "routes", "endpoint", "href", "link", "topic", "topics",
    "namespace", "xpath",
}  # fmt: skip
# Names of a metric, a tag or a key: "/val/loss" there is a name, unless under a known root.
_KEY_WORDS = {"monitor", "metric", "metrics", "tag", "tags", "key", "keys", "scalar", "scalars"}
_HOST_WORDS = {
    "host", "hostname", "hosts", "addr", "addrs", "address", "addresses", "ip", "ips", "server",
    "servers", "master", "broker", "brokers",
}  # fmt: skip
_OPTION = re.compile(r"(?:--?[A-Za-z][\w-]*|[A-Z_][A-Z0-9_]*)=")


def name_flags(name: str) -> int:
    """What the name a value is stored under says about it: `help=`, `base_url`,
    `MASTER_ADDR`, `version`."""
    words = set(identifier_words(name))
    flags = 0
    if name in _SKIP_NAMES or name.lower() in _SKIP_NAMES or words & _SKIP_WORDS:
        flags |= SKIP
    if words & _ROUTE_WORDS:
        flags |= ROUTE
    if words & _KEY_WORDS:
        flags |= KEY
    if words & _HOST_WORDS:
        flags |= HOST
    if "version" in words:
        flags |= NOHOST
    return flags


def judge(text: str, flags: int) -> list[TextHit]:
    """The findings of one whole value (an f-string with its placeholders as written)."""
    if flags & SKIP or not text:
        return []
    if flags & SHELL:
        return scan_text(text)
    if not flags & OWNED and (not flags & ROUTE or _FILE_URL.match(text)):
        offset, bare_ok = 0, bool(flags & LOCATION)
        local = _FILE_URL.match(text)
        option = _OPTION.match(text)
        if local:
            offset = local.start(1)
        elif option:
            offset, bare_ok = option.end(), True
        found = classify_path(text[offset:], bare_ok=bare_ok, known_only=bool(flags & KEY))
        if found is not None:
            return [TextHit(found.code, offset, found.path, path_message(found))]
    if not flags & NOHOST:
        endpoint = classify_endpoint(text, host_context=bool(flags & HOST))
        if endpoint is not None:
            return [TextHit(ENDPOINT, 0, endpoint.text, endpoint_message(endpoint))]
    if _COMMAND.match(text) and not flags & OWNED:
        # cmd = "python train.py --data /mnt/x": a command line kept for os.system later.
        hits = scan_text(text)
        drop = ({MACHINE, TMP, WORKDIR} if flags & ROUTE else set()) | (
            {ENDPOINT} if flags & NOHOST else set()
        )
        return [h for h in hits if h.code not in drop]
    return []


# Anything `judge` can find holds a path or URL character, starts with a digit (an address),
# or is a dotted name (an internal host such as db.corp.internal).
_MAY_HOLD = re.compile(r"[/\\:=]|^\s*\d|^\S+\.\S+$")


def may_judge_finding(text: str) -> bool:
    """Whether `judge` could find anything in this string under any reading of it: as a
    location and under a host-like name (the most permissive flags there are), or as a
    shell line. The PATH rules' gate on the strings of a file's code."""
    if not _MAY_HOLD.search(text):
        return False
    return bool(judge(text, LOCATION | HOST) or judge(text, SHELL))


_COMMAND = re.compile(
    r"\s*(?:sudo\s+|nohup\s+|CUDA_VISIBLE_DEVICES=\S*\s+)*(?:python3?|bash|sh|cp|mv|rsync|scp"
    r"|wget|curl|tar|unzip|mkdir|rm|ln|cd|export|source|conda|pip3?|torchrun|accelerate|srun"
    r"|sbatch|deepspeed|tensorboard|git|docker|ls|cat|find|gsutil|aws)\s+\S"
)


def allowed(code: str, subject: str, options: dict) -> bool:
    """The user accepts this path or host: the `allow` prefixes of PATH001/002/004 (a
    container's own /workspace), the `allow-hosts` of PATH003 (a team's shared server)."""
    if code == ENDPOINT:
        hosts = options.get("allow-hosts") or ()
        return any(re.search(rf"(?:^|[/@]){re.escape(h)}(?:$|[:/])", subject) for h in hosts)
    prefixes = options.get("allow") or ()
    return any(
        subject == p.rstrip("/") or subject.startswith(p.rstrip("/") + "/") for p in prefixes
    )

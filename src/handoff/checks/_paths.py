"""What makes a string a machine-specific path or a hardcoded service endpoint: the one
helper every PATH rule decides with, for Python literals, notebook magics, shell scripts and
config values alike.

Precision comes from three habits. A path must start at a known machine-specific root and,
unless the caller says the string is used as a location (an assignment, a default, a path
join), name something below it: a bare root such as "/data" in a comparison or a tuple of
prefixes is classification, not a location. System locations (/usr, /etc, /dev, /opt,
C:\\Windows) are never findings. An endpoint needs a host that only resolves on one machine or
network: a private address, localhost with a port, an internal domain, or a one-label name
with a port; public hosts and documentation addresses never are.

Root names below are kept without slashes so that this module is not a finding itself.
(About 500 lines: paths, endpoints and free-text scanning share the classifiers and the
messages, and every PATH rule must decide the same way.)
"""

# pylint: disable=too-many-return-statements  # classifiers: one early return per case

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from handoff.checks.matching import identifier_words

MACHINE = "PATH001"
WORKDIR = "PATH002"
ENDPOINT = "PATH003"
TMP = "PATH004"

_HOME_ROOTS = {"home": "a user's home directory", "Users": "a user's home directory"}
_ROOT_HOME = "root"
_HOSTED_ROOTS = {"content": "Google Colab's file system", "kaggle": "Kaggle's file system"}
_MOUNT_ROOT = re.compile(
    r"(?:mnt|media|Volumes|data|datasets?|scratch|nfs|gpfs|lustre|storage|workspace|hdd|ssd"
    r"|nvme|raid|disks?|projects?|shared|ceph|beegfs|fsx|efs|checkpoints?|pscratch|cluster)\d*"
)
# A root made of words, one of them a mount word: /local_nvme, /local-scratch, /data_hdd.
_ROOT_WORDS = re.compile(r"[_-]")
# Network file systems: what NFS servers export (Kaldi's /export/corpora5, /export/b02), and
# Plan 9's mount point kept by clusters (/n/holyscratch01, /n/fs).
_NETWORK_ROOTS = {"export", "n"}
# Cluster homes one level down: /private/home/ana (FAIR), /global/homes (NERSC), ...
_NESTED_HOMES = {
    "private": {"home"},
    "global": {"homes", "cfs", "cscratch1", "scratch", "u1", "u2", "project"},
}
# Roots of the operating system: a per-user name below them is not a finding by itself.
_SYSTEM_ROOTS = {
    "usr", "etc", "opt", "var", "dev", "proc", "sys", "bin", "sbin", "lib", "lib32", "lib64",
    "libx32", "run", "boot", "srv", "snap", "nix", "gnu", "System", "Library", "Applications",
}  # fmt: skip
# A folder named after whoever runs the code: $USER, ${USER}, %u (Slurm), {getuser()}. Not a
# lower-case {user}: "/users/{user}/runs" is as likely a web route.
_USER_PLACEHOLDER = re.compile(
    r"\$\{?(?:USER|LOGNAME|USERNAME)\b|\$\(whoami\)|`whoami`|^%u$"
    r"|\{[^{}]*(?:USER|LOGNAME|getuser\(\)|whoami)[^{}]*\}"
)
_WINDOWS_SYSTEM = {"windows", "program files", "program files (x86)", "programdata"}
_WINDOWS_TMP = {"temp", "tmp"}

# Regular-expression syntax in a POSIX-looking string: a pattern, not a path.
_REGEX_LIKE = re.compile(r"\\[wdsSWDb.]|\(\?|\[\^|\.\*|\.\+|\$$|\|")
_DRIVE = re.compile(r"[A-Za-z]:[\\/]")
# \\server\share\... or //server/share/... (a one-label server: //cdn.x.com/ is a URL).
_UNC = re.compile(r"\\\\[A-Za-z0-9][\w.-]*\\[\w$ .-]+|//[A-Za-z0-9][\w-]*/[\w$ .-]+")
_PATTERN_CHARS = re.compile(r"[()\[\]{}|*+?^]")


@dataclass(frozen=True)
class PathMatch:
    """A machine-specific (PATH001) or scratch (PATH004) path."""

    code: str  # MACHINE or TMP
    path: str
    where: str  # what kind of place, for the message


def classify_path(text: str, *, bare_ok: bool = False) -> PathMatch | None:
    """The machine-specific or scratch path `text` is, if any. `bare_ok`: the string is used
    as a location (assigned, a default, joined with more), so a bare root like "/data" counts.
    """
    if not text or "\n" in text or "<" in text or len(text) > 500:
        return None
    head = text[0]
    if head == "~":
        return _tilde(text)
    if _DRIVE.match(text):
        return _windows(text, bare_ok)
    if text.startswith(("\\\\", "//")):
        if _UNC.match(text) and not _PATTERN_CHARS.search(text):
            return PathMatch(MACHINE, text, "a network share (UNC path)")
        return None
    if head != "/" or _REGEX_LIKE.search(text):
        return None
    return _posix(text, bare_ok)


def _posix(text: str, bare_ok: bool) -> PathMatch | None:
    parts = text[1:].split("/")
    root, rest = parts[0], parts[1:]
    below = any(rest)  # names something under the root, not just the root
    if root == "var" and rest and rest[0] == "tmp":
        root, below = "tmp", any(rest[1:])
    if root == "tmp":
        return PathMatch(TMP, text, "a fixed scratch directory") if below or bare_ok else None
    if not (below or bare_ok):
        return None
    if root in _HOME_ROOTS:
        return PathMatch(MACHINE, text, _HOME_ROOTS[root])
    if root == _ROOT_HOME:
        return PathMatch(MACHINE, text, "the root user's home directory")
    if root in _HOSTED_ROOTS:
        where = _HOSTED_ROOTS[root]
        if root == "content" and rest and rest[0] == "drive":
            where = "Google Drive as mounted in Colab"
        return PathMatch(MACHINE, text, where)
    if _mount_root(root, below) or (rest and rest[0] in _NESTED_HOMES.get(root, ())):
        return PathMatch(MACHINE, text, "a mount point or cluster file system")
    if root not in _SYSTEM_ROOTS and any(_USER_PLACEHOLDER.search(p) for p in rest):
        return PathMatch(MACHINE, text, "a per-user folder on a shared file system")
    return None


def _mount_root(root: str, below: bool) -> bool:
    if _MOUNT_ROOT.fullmatch(root):
        return True
    # Alone, "/export" is likelier a web route, "/n" a mistyped newline, "/raw_data" an HDF5
    # key: these count as mounts only with a folder below them.
    if root in _NETWORK_ROOTS or any(_MOUNT_ROOT.fullmatch(w) for w in _ROOT_WORDS.split(root)):
        return below
    return False


# The conventional per-user places that exist on every machine of their system.
_PER_USER = {"Library", "AppData"}


def _tilde(text: str) -> PathMatch | None:
    # ~/data/x or ~ana/data; never ~ alone, ~a (an operator) or ~/{name} (a template).
    match = re.match(r"~([a-z_][\w.-]*)?[/\\]([\w-][\w .-]*)(?:[/\\]|$)", text)
    if not match or _PATTERN_CHARS.search(text.replace("{", "").replace("}", "")):
        return None
    if match.group(1):
        return PathMatch(MACHINE, text, "another user's home directory")
    # ~/.cache, ~/.config, ~/.kaggle (excluded by the pattern) and ~/Library are conventions.
    if match.group(2) in _PER_USER:
        return None
    return PathMatch(MACHINE, text, "a folder in one user's home directory")


def _windows(text: str, bare_ok: bool) -> PathMatch | None:
    parts = [p for p in re.split(r"[\\/]+", text[3:]) if p]
    if not parts:
        return PathMatch(MACHINE, text, "a Windows drive") if bare_ok else None
    first = parts[0].lower()
    if first in _WINDOWS_SYSTEM:
        return None
    if first in _WINDOWS_TMP:
        return PathMatch(TMP, text, "a fixed scratch directory")
    return PathMatch(MACHINE, text, "a Windows drive path")


# --- endpoints -----------------------------------------------------------------------------

# Schemes whose "host" is a bucket or a repository, not a machine.
_STORAGE_SCHEMES = {
    "s3", "s3a", "s3n", "gs", "gcs", "az", "abfs", "abfss", "wasb", "wasbs", "hf", "dbfs",
    "oss", "cos", "r2", "file", "wandb", "runs", "models", "mlflow-artifacts", "git+file",
}  # fmt: skip
_INTERNAL_SUFFIXES = (
    ".local", ".internal", ".corp", ".lan", ".intranet", ".intra", ".localdomain",
    ".home.arpa", ".private", ".priv", ".localhost",
)  # fmt: skip
_WELL_KNOWN_INTERNAL = {"metadata.google.internal"}
_PLACEHOLDER_HOST = re.compile(
    r"example|your|xxx|\$|\{|%|^(?:host|hostname|server|ip|address|domain|myhost|port)$", re.I
)
_DOCUMENTATION_NETS = tuple(
    ipaddress.ip_network(n)
    for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")
)
_SHARED_NET = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT, Tailscale
_URL = re.compile(
    r"(?P<scheme>[A-Za-z][\w+.-]*)://(?:[^@/?#\s]*@)?"
    r"(?P<host>\[[0-9A-Fa-f:.]+\]|[^:/?#\s\[\]]+)(?P<port>:(?:\d{0,5}|\{[^{}/]*\}))?"
    r"(?P<rest>[/?#]\S*)?$"
)
_HOST_PORT = re.compile(
    r"(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][\w.-]*):(?P<port>\d{2,5}|\{[^{}/]*\})(?P<rest>/\S*)?$"
)


@dataclass(frozen=True)
class EndpointMatch:
    """A hardcoded endpoint and why it only resolves on one machine or network."""

    text: str
    why: str


def host_kind(host: str, has_port: bool, host_context: bool = False) -> str | None:
    """Why `host` only resolves on one machine or network, or None."""
    host = host.strip("[]").lower().rstrip(".")
    if not host or _PLACEHOLDER_HOST.search(host):
        return None
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return _name_kind(host, has_port, host_context)
    if address.is_unspecified or address.is_multicast or address.is_link_local:
        return None  # bind-all, multicast, cloud metadata
    if any(address in net for net in _DOCUMENTATION_NETS):
        return None
    if address.is_loopback:
        return "this machine (loopback with a port)" if has_port else None
    if address.is_private or (address.version == 4 and address in _SHARED_NET):
        return "a private network address"
    return None


def _name_kind(host: str, has_port: bool, host_context: bool) -> str | None:
    if host == "localhost":
        return "this machine (localhost with a port)" if has_port else None
    if host in _WELL_KNOWN_INTERNAL:
        return None
    if host.endswith(_INTERNAL_SUFFIXES):
        return "an internal host name"
    if "." not in host and (has_port or host_context) and not host.isdigit():
        if re.fullmatch(r"[a-z][a-z0-9_-]*", host):
            return "a host name that resolves only inside one network"
    return None


def classify_endpoint(text: str, *, host_context: bool = False) -> EndpointMatch | None:
    """The hardcoded endpoint `text` is: a URL or `host:port`, or with `host_context` (the
    value is stored under a name like `host` or `master_addr`) a bare internal host. An
    f-string's placeholders are kept as written: `{port}` is a port, `{host}` no host."""
    text = text.strip()
    if not text or any(c.isspace() for c in text) or len(text) > 2000:
        return None
    if "://" in text:
        return _url(text)
    match = _HOST_PORT.match(text)
    if match:
        port, host = match.group("port"), match.group("host")
        if port.isdigit() and not 0 < int(port) < 65536:
            return None
        single = "." not in host and ":" not in host.strip("[]")
        if single and not host_context and host.lower() != "localhost":
            return None  # cuda:10, epoch:100 ... only a name said to be a host counts
        why = host_kind(host, True, host_context)
        return EndpointMatch(text, why) if why else None
    if host_context or _PRIVATE_V4.fullmatch(text):
        why = host_kind(text, False, host_context)
        if why and not why.startswith("a host name"):
            return EndpointMatch(text, why)
    return None


_PRIVATE_V4 = re.compile(r"(?:10|172\.(?:1[6-9]|2\d|3[01])|192\.168)(?:\.\d{1,3}){2,3}")


def _url(text: str) -> EndpointMatch | None:
    match = _URL.match(text)
    if not match or match.group("scheme").lower() in _STORAGE_SCHEMES:
        return None
    port = match.group("port")
    if port and port[1:].isdigit() and not 0 < int(port[1:]) < 65536:
        return None
    why = host_kind(match.group("host"), bool(port))
    return EndpointMatch(text, why) if why else None


# --- free text: shell lines, magics, config values ------------------------------------------


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

# Names that say the value is prose or a pattern: exact names, and words inside a name.
_SKIP_NAMES = {
    "doc", "docs", "title", "summary", "note", "notes", "example", "examples", "msg",
    "message", "include", "includes", "key", "mountPath", "mount_path", "containerPath",
}  # fmt: skip
_SKIP_WORDS = {
    "help", "description", "epilog", "usage", "docstring", "pattern", "patterns", "regex",
    "regexp", "glob", "exclude", "excludes", "ignore", "metavar", "comment", "comments",
}  # fmt: skip
_ROUTE_WORDS = {"url", "urls", "uri", "route", "routes", "endpoint", "href", "link"}
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
        found = classify_path(text[offset:], bare_ok=bare_ok)
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


# --- messages ------------------------------------------------------------------------------


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def path_message(found: PathMatch) -> str:
    if found.code == TMP:
        return (
            f"'{_short(found.path)}' is a fixed scratch path; create one with tempfile "
            "(TemporaryDirectory, mkdtemp) or make the directory configurable"
        )
    return (
        f"'{_short(found.path)}' is {found.where} that exists on one machine only; take the "
        "location from a CLI argument, a config file or an environment variable"
    )


def workdir_message(what: str, found: PathMatch) -> str:
    return (
        f"{what} to '{_short(found.path)}' ({found.where}) ties the code to one machine's "
        "layout; resolve paths from the project (Path(__file__).parent) or install the package"
    )


def endpoint_message(found: EndpointMatch) -> str:
    return (
        f"'{_short(found.text)}' points at {found.why}; read the endpoint from a config file "
        "or an environment variable"
    )

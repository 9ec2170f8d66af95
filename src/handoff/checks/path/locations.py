"""What makes a string a machine-specific path: the one classifier every PATH rule decides with,
for Python literals, notebook magics, shell scripts and config values alike, and the messages.

A portable program names files relative to itself, or in the places every machine of its
system has: the operating system's own folders (/usr, /etc, /opt, /dev, /proc, /var, ...).
Any other absolute location (/home/ana, /fsx/team, /localscratch/ana, /egr/research-lab)
belongs to one machine or cluster, so the classifier does not list cluster roots: it lists
the system roots and flags the rest.

Precision comes from three habits. A path must name something below its root unless the
caller says the string is used as a location (an assignment, a default, a path join): a bare
root such as "/data" in a comparison or a tuple of prefixes is classification. A root that is
not a well-known data root (home, mount and cluster folders, Colab, Kaggle) counts only when
it reads as a folder name with a folder below it (not "/api/v1/x", "/gpu:0", "/path/to/x",
a sentence or a template), and not where the caller says the string is a key, a tag or a
comparison operand (`known_only`). Callers skip routes, regexes and prose themselves.

Root names below are kept without slashes so that this module is not a finding itself.
"""

# pylint: disable=too-many-return-statements  # classifiers: one early return per case

from __future__ import annotations

import re
from dataclasses import dataclass

from handoff.checks.support import looks_like_regex

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
# Roots of the operating system (and so of every container image): not a machine's own place.
_SYSTEM_ROOTS = {
    "usr", "etc", "opt", "var", "dev", "proc", "sys", "bin", "sbin", "lib", "lib32", "lib64",
    "libx32", "run", "boot", "srv", "snap", "nix", "gnu", "System", "Library", "Applications",
    "private", "cores", "lost+found", "selinux", "system", "vendor",  # the last two: Android
}  # fmt: skip
# First folders of URL paths, not of file systems: "/api/v1/predict", "/v2/models/x".
_ROUTE_ROOT = re.compile(
    r"api|static|auth|oauth2?|graphql|ws|healthz?|livez|readyz|v\d+(?:alpha|beta)?\d*", re.I
)
# Placeholders a reader replaces: "/path/to/data", "/foo/bar", "/nonexistent/x".
_PLACEHOLDER_ROOTS = {
    "path", "paths", "foo", "some", "your", "nonexistent", "non-existent", "non_existent",
    "does", "fake", "dummy", "example", "absolute", "abs", "full",
}  # fmt: skip
# A root that reads as a folder name: not "{root}", "$HOME", "gpu:0", "job:worker", "x y".
_FOLDER_NAME = re.compile(r"[A-Za-z0-9][\w.+-]*")
_TEMPLATE = re.compile(r"[{%]")
# A folder named after whoever runs the code: $USER, ${USER}, %u (Slurm), {getuser()}. Not a
# lower-case {user}: "/users/{user}/runs" is as likely a web route.
_USER_PLACEHOLDER = re.compile(
    r"\$\{?(?:USER|LOGNAME|USERNAME)\b|\$\(whoami\)|`whoami`|^%u$"
    r"|\{[^{}]*(?:USER|LOGNAME|getuser\(\)|whoami)[^{}]*\}"
)
_WINDOWS_SYSTEM = {"windows", "program files", "program files (x86)", "programdata"}
_WINDOWS_TMP = {"temp", "tmp"}

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


def classify_path(
    text: str, *, bare_ok: bool = False, known_only: bool = False
) -> PathMatch | None:
    """The machine-specific or scratch path `text` is, if any. `bare_ok`: the string is used
    as a location (assigned, a default, joined with more), so a bare root like "/data" counts.
    `known_only`: the string is a key, a tag or a comparison operand, so only a well-known
    data root (home, mount, hosted) makes it a path.
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
    if head != "/" or looks_like_regex(text):
        return None
    return _posix(text, bare_ok, known_only)


def _posix(text: str, bare_ok: bool, known_only: bool) -> PathMatch | None:
    parts = text[1:].split("/")
    if parts[0] == "private" and len(parts) > 1 and parts[1] in ("tmp", "var"):
        parts = parts[1:]  # macOS: /tmp and /var are links into /private
    root, rest = parts[0], parts[1:]
    below = any(rest)  # names something under the root, not just the root
    if root == "var" and rest and rest[0] == "tmp":
        root, below = "tmp", any(rest[1:])
    if root == "tmp":
        return PathMatch(TMP, text, "a fixed scratch directory") if below or bare_ok else None
    if not (below or bare_ok):
        return None
    known = _known_root(root, rest, below)
    if known is not None:
        return PathMatch(MACHINE, text, known)
    if known_only or not below or root in _SYSTEM_ROOTS:
        return None
    if any(_USER_PLACEHOLDER.search(p) for p in rest):
        return PathMatch(MACHINE, text, "a per-user folder on a shared file system")
    if _unknown_root_counts(text, root):
        return PathMatch(MACHINE, text, f"a machine-specific location (/{root})")
    return None


def _known_root(root: str, rest: list[str], below: bool) -> str | None:
    """What a well-known machine-specific root is, for the message; None for other roots."""
    if root in _HOME_ROOTS:
        return _HOME_ROOTS[root]
    if root == _ROOT_HOME:
        return "the root user's home directory"
    if root in _HOSTED_ROOTS:
        if root == "content" and rest and rest[0] == "drive":
            return "Google Drive as mounted in Colab"
        return _HOSTED_ROOTS[root]
    if _mount_root(root, below) or (rest and rest[0] in _NESTED_HOMES.get(root, ())):
        return "a mount point or cluster file system"
    return None


def _unknown_root_counts(text: str, root: str) -> bool:
    """An unfamiliar root is a location when it reads like one: a folder name that is not a
    URL route's or a placeholder's, in a string without spaces (a message, not a path). In a
    template, two written folders come first: "/users/{uid}/runs" is as likely a web route
    as "/localscratch/ana/{run}" is a path."""
    if _TEMPLATE.search(text):
        written = _TEMPLATE.split(text, maxsplit=1)[0].split("/")  # "/users/" -> 3 parts
        if len(written) < 4:
            return False
    return (
        _FOLDER_NAME.fullmatch(root) is not None
        and not _ROUTE_ROOT.fullmatch(root)
        and root.lower() not in _PLACEHOLDER_ROOTS
        and not any(c.isspace() for c in text)
    )


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


# --- messages ------------------------------------------------------------------------------


def short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def path_message(found: PathMatch) -> str:
    if found.code == TMP:
        return (
            f"'{short(found.path)}' is a fixed scratch path; create one with tempfile "
            "(TemporaryDirectory, mkdtemp) or make the directory configurable"
        )
    return (
        f"'{short(found.path)}' is {found.where} that exists on one machine only; take the "
        "location from a CLI argument, a config file or an environment variable"
    )


def workdir_message(what: str, found: PathMatch) -> str:
    return (
        f"{what} to '{short(found.path)}' ({found.where}) ties the code to one machine's "
        "layout; resolve paths from the project (Path(__file__).parent) or install the package"
    )

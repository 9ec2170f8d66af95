"""Downloads in shell command lines: notebook `!wget` lines, shell scripts, the command a
Python script runs (`os.system("wget ...")`)."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from typing import Iterator
from urllib.parse import urlsplit

# A command line splits into commands at these operators (kept: a pipe feeds the next one).
_SEPARATORS = re.compile(r"\s*(&&|\|\||;|\|)\s*")
# Commands that unpack what is piped into them: `curl -sL url | tar -xz` keeps the files.
_UNPACKERS = {"tar", "bsdtar", "unzip", "gunzip", "zcat", "bunzip2", "xz", "unxz", "zstd", "7z"}
# Prefixes that run the next word as the command.
_WRAPPERS = {"sudo", "time", "nohup", "exec", "command", "env", "xargs"}
_ASSIGNMENT = re.compile(r"^[A-Za-z_]\w*=")
# Options of curl that send data: a request to a service, not a download.
_CURL_SENDS = {"-d", "--data", "--data-raw", "--data-binary", "--json", "-F", "--form", "-T"}
_CURL_OUTPUT = {"-o", "--output", "-O", "--remote-name", "--remote-name-all", "--output-dir"}


@dataclass(frozen=True)
class ShellDownload:
    """A command in a line that downloads: the rule it belongs to, where, what it runs."""

    code: str
    column: int  # 1-based, of the command word
    command: str
    message: str


def _words(segment: str) -> list[str]:
    try:
        return shlex.split(segment, comments=True)
    except ValueError:
        return segment.split()


def _command(words: list[str]) -> list[str]:
    """The words from the command itself on: `sudo`, `VAR=1` and the like skipped."""
    index = 0
    while index < len(words) and (words[index] in _WRAPPERS or _ASSIGNMENT.match(words[index])):
        index += 1
    return words[index:]


def _curl_downloads(args: list[str], redirected: bool) -> bool:
    """curl writes a file (`-o`, `-O`, `-sSLo`, `> file`, `| tar -x`) and sends nothing
    (`-X POST`)."""
    output = redirected
    for index, arg in enumerate(args):
        if arg in _CURL_SENDS or arg.startswith(("--data", "--form", "--json")):
            return False
        if arg in ("-X", "--request") and index + 1 < len(args):
            if args[index + 1].upper() != "GET":
                return False
        if arg.startswith("-X") and len(arg) > 2 and arg[2:].upper() != "GET":
            return False
        if arg in _CURL_OUTPUT or arg.startswith(("--output=", "--output-dir=")):
            output = True
        elif re.fullmatch(r"-[A-Za-z]+", arg) and ("o" in arg or "O" in arg):
            output = True
    return output


_INSTALLER = re.compile(r"\.(?:sh|run|deb|rpm|exe|msi|pkg|dmg|whl)$", re.I)


def _installers_only(operands: list[str]) -> bool:
    urls = [o for o in operands if "://" in o]
    return bool(urls) and all(_INSTALLER.search(u.split("?", 1)[0]) for u in urls)


def _judge(  # pylint: disable=too-many-return-statements  # one per command
    words: list[str], redirected: bool
) -> tuple[str, str] | None:
    """(code, message) for one command's words, or None."""
    if not words:
        return None
    name, args = words[0].rsplit("/", 1)[-1], words[1:]
    operands = [a for a in args if not a.startswith("-")]
    if name in ("wget", "aria2c", "axel", "curl") and _installers_only(operands):
        return None  # a tool's installer (`Miniconda3-latest-Linux-x86_64.sh`): REQ's concern
    if name in ("wget", "aria2c", "axel") and operands:
        return "NET004", f"`{name}` downloads a file at run time"
    if name == "curl" and _curl_downloads(args, redirected):
        return "NET004", "`curl` downloads a file at run time"
    if name == "gdown" and operands:
        return "NET004", "`gdown` downloads a file from Google Drive at run time"
    if name in ("huggingface-cli", "hf") and operands[:1] == ["download"]:
        return "NET001", f"`{name} download` fetches from the Hugging Face Hub at run time"
    if name == "git" and "clone" in operands:
        return _git_clone(operands)
    if name.startswith("python") and args[:3] == ["-m", "spacy", "download"]:
        return "NET001", "`python -m spacy download` fetches a spaCy model at run time"
    if name == "kaggle" and operands[1:2] == ["download"]:
        return "NET003", "`kaggle ... download` fetches a dataset from Kaggle at run time"
    if name.startswith("python") and args[:2] == ["-m", "nltk.downloader"]:
        return "NET003", "`python -m nltk.downloader` downloads NLTK data at run time"
    return None


_HUB_HOSTS = ("huggingface.co", "hf.co")


def _git_clone(operands: list[str]) -> tuple[str, str] | None:
    """`git clone https://huggingface.co/org/model` fetches a model's files (datasets' repos:
    a dataset); a clone of a code repository is not a download of weights or data."""
    for operand in operands:
        parts = urlsplit(operand)
        if (parts.hostname or "").removeprefix("www.") not in _HUB_HOSTS:
            continue
        path = parts.path.strip("/")
        if path.startswith("datasets/"):
            return "NET003", "`git clone` of a Hugging Face dataset fetches it at run time"
        if path.startswith("spaces/") or "/" not in path:
            return None  # a Space is an app's code; a bare name is no repository
        return "NET001", "`git clone` of a Hugging Face model fetches it at run time"
    return None


def _unpacks(rest: list[str]) -> bool:
    """The command after a pipe unpacks what it reads (`| tar -xz -C data/`)."""
    if len(rest) < 2 or rest[0] != "|":
        return False
    words = _command(_words(rest[1]))
    return bool(words) and words[0].rsplit("/", 1)[-1] in _UNPACKERS


def shell_downloads(text: str) -> Iterator[ShellDownload]:
    """The downloading commands of one shell line (comments and `echo`ed text are not run)."""
    stripped = text.lstrip()
    if stripped.startswith("#"):
        return
    offset = 0
    pieces = _SEPARATORS.split(text)
    for index in range(0, len(pieces), 2):
        segment = pieces[index]
        start = text.find(segment, offset) if segment else -1
        offset = start + len(segment) if start >= 0 else offset
        # `> file` keeps what curl fetched; `> /dev/null` only checks that the URL answers.
        redirected = bool(re.search(r"(?<![0-9&])>\s*(?!&|/dev/null)\S", segment))
        words = _command(_words(segment.split(">", 1)[0] if redirected else segment))
        redirected = redirected or _unpacks(pieces[index + 1 : index + 3])
        judged = _judge(words, redirected)
        if judged is None:
            continue
        where = segment.find(words[0]) if words[0] in segment else 0
        column = (start if start >= 0 else 0) + where + 1
        yield ShellDownload(judged[0], column, " ".join(words)[:80], judged[1])


def magic_command(text: str) -> str | None:
    """The shell line a notebook magic runs: `!wget ...`, `%sx curl ...`, `%system ...`;
    None for other magics (`%cd`, `%env`, `%pip` belongs to the REQ rules)."""
    stripped = text.strip()
    match = re.match(r"^(?:[\w.,\s]+=\s*)?(?:!+|%(?:sx|system)\s+)(?P<cmd>.*)$", stripped)
    if match:
        return match["cmd"]
    return None

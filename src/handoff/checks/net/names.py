"""What a string handed to a loader is: a hub id, a local path, a file URL."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from handoff.checks.support import identifier_words

# File suffixes of weights, archives and data: a name ending in one is a file, not a hub id.
FILE_SUFFIXES = frozenset(
    {"pt", "pth", "bin", "ckpt", "safetensors", "onnx", "h5", "hdf5", "keras", "pkl", "pickle"}
    | {"npz", "npy", "zip", "tar", "gz", "tgz", "bz2", "xz", "7z", "csv", "tsv", "json"}
    | {"jsonl", "parquet", "txt", "jpg", "jpeg", "png", "wav", "mp3", "flac", "mp4", "model"}
    | {"vocab", "tflite", "pb", "gguf", "ggml", "msgpack", "yaml", "yml", "arrow", "feather"}
    | {"xlsx", "xls", "mat", "tfrecord", "lmdb", "spm", "engine", "pdparams", "params"}
)
# First folders of a relative path that is a local directory, not an `org/name` on a hub.
_LOCAL_DIRS = frozenset(
    {"checkpoints", "checkpoint", "ckpt", "ckpts", "weights", "models", "model", "outputs"}
    | {"output", "out", "runs", "saved", "saved_models", "artifacts", "experiments", "exp"}
    | {"results", "data", "datasets", "cache", "local", "pretrained", "logs", "tmp", "assets"}
    | {"resources", "export", "exports", "build", "dist", "src", "lib", "work_dirs", "mlruns"}
)
# Words of a one-part name that is a folder the code wrote (`from_pretrained("output")`).
_LOCAL_WORDS = frozenset(
    {"output", "outputs", "checkpoint", "checkpoints", "ckpt", "saved", "local", "dir", "path"}
    | {"tmp", "temp", "trained", "best", "last", "final", "export", "exported", "cache"}
)
_HUB_ID_RE = re.compile(r"^[\w][\w.\-@]*(?:/[\w][\w.\-@]*)?$")
HUB_PREFIXES = ("hf-hub:", "hf_hub:", "timm/")


def has_file_suffix(text: str) -> bool:
    last = text.rstrip("/").rsplit("/", 1)[-1]
    return "." in last and last.rsplit(".", 1)[-1].lower() in FILE_SUFFIXES


def path_like(text: str) -> bool:
    """A local path by its form: absolute, relative with `./`, home, Windows, a file."""
    return (
        text.startswith(("/", "./", "../", "~", "$", "{"))
        or "\\" in text
        or bool(re.match(r"^[A-Za-z]:", text))
        or has_file_suffix(text)
    )


def hub_id(text: str) -> bool:
    """`bert-base-uncased`, `org/name`, `hf-hub:org/name`: a name a hub resolves. A path by
    its form, a nested relative path or a folder the code itself writes is not."""
    text = text.strip()
    if text.startswith(("hf-hub:", "hf_hub:")):
        return True
    if not text or path_like(text) or not _HUB_ID_RE.match(text):
        return False
    parts = text.split("/")
    if len(parts) == 2:
        return parts[0].lower() not in _LOCAL_DIRS
    return not set(identifier_words(text)) & _LOCAL_WORDS


def http_url(text: str) -> bool:
    return text.startswith(("http://", "https://", "ftp://"))


_FILE_HOSTS = (
    "drive.google.com", "docs.google.com", "dl.dropboxusercontent.com", "zenodo.org",
    "figshare.com", "ndownloader", "storage.googleapis.com", "s3.amazonaws.com",
)  # fmt: skip
# URL paths of file downloads (not folders): handoff's own PATH001 cannot tell them apart.
_FILE_PATHS = (
    "/resolve/",
    # handoff: ignore[PATH001]
    "/releases/download/",
    "/download/",
    "/raw/",
    "/files/",
)


def file_url(text: str) -> bool:
    """A URL of a model, archive or data file (not an API endpoint): by the file's suffix,
    a download path (`/resolve/main/`, `/releases/download/`) or a file host."""
    if not http_url(text):
        return False
    parts = urlsplit(text)
    host = parts.hostname or ""
    path = parts.path
    if has_file_suffix(path) or any(marker in path for marker in _FILE_PATHS):
        return True
    if host.startswith("raw.") or "dropbox.com" in host and "dl=1" in parts.query:
        return True
    return any(h in host for h in _FILE_HOSTS) or "download" in parts.query

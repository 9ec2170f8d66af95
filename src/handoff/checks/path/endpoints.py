"""What makes a string a hardcoded service endpoint: a host that only resolves on one machine
or network (a private address, localhost with a port, an internal domain, or a one-label name
with a port); public hosts and documentation addresses never are."""

# pylint: disable=too-many-return-statements  # classifiers: one early return per case

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from handoff.checks.path.locations import short

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
            # cuda:10, epoch:100 ... only a name said to be a host counts, or one named like
            # a cluster node ("triton-gpu-01:8001") on a port above the system ones.
            if not (_NODE_NAME.fullmatch(host) and port.isdigit() and int(port) >= 1024):
                return None
        why = host_kind(host, True, host_context)
        return EndpointMatch(text, why) if why else None
    if host_context or _PRIVATE_V4.fullmatch(text):
        why = host_kind(text, False, host_context)
        if why and not why.startswith("a host name"):
            return EndpointMatch(text, why)
    return None


# A machine named like a cluster node: words, then a number after a hyphen (gpu-node-07).
_NODE_NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z][a-z0-9]*)*-\d+", re.I)
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


def endpoint_message(found: EndpointMatch) -> str:
    return (
        f"'{short(found.text)}' points at {found.why}; read the endpoint from a config file "
        "or an environment variable"
    )

"""Where credentials sit: test paths (where fakes are expected), secrets embedded in
connection strings and header lines, and files that exist to hold credentials."""

import re
from functools import lru_cache
from pathlib import PurePosixPath

import pathspec

from handoff.checks.sec.names import Strength
from handoff.checks.sec.values import credential_value, is_placeholder, is_reference, looks_random

DEFAULT_TEST_PATHS = (
    "tests/",
    "test/",
    "testing/",
    "test_*.py",
    "*_test.py",
    "conftest.py",
    "fixtures/",
)


@lru_cache(maxsize=32)
def _test_spec(patterns: tuple[str, ...]) -> pathspec.PathSpec:
    return pathspec.GitIgnoreSpec.from_lines(patterns)


def is_test_path(relpath: str, options: dict) -> bool:
    """Whether `relpath` is a test file whose fake values the rule forgives (`test_fakes`,
    matched against `test_paths`)."""
    if not options.get("test_fakes", True):
        return False
    patterns = tuple(options.get("test_paths") or DEFAULT_TEST_PATHS)
    return _test_spec(patterns).match_file(PurePosixPath(relpath).as_posix())


def is_fake_in_tests(value: str, in_tests: bool) -> bool:
    """In a test file only a random-looking value is taken for a real credential."""
    return in_tests and not looks_random(value, min_length=20)


# --- embedded credentials -----------------------------------------------------------------

_CONN_PASSWORD = re.compile(r"(?i)(?:^|[;\s,?&])(?:password|pwd|passwd)\s*=\s*([^;\s'\",&]+)")
_CONN_OTHER_KEY = re.compile(
    r"(?i)(?:^|[;\s,?&])(?:user|user id|uid|username|host|server|dbname|database|data source|"
    r"port|initial catalog|endpoint)\s*="
)
_BEARER_HEADER = re.compile(
    r"(?i)\b(?:authorization|proxy-authorization)\s*:\s*(?:bearer|basic|token|bot)\s+"
    r"([A-Za-z0-9._~+/=-]{8,})"
)
_KEY_HEADER = re.compile(
    r"(?i)\b(?:x-api-key|api-key|x-auth-token|private-token|x-access-token)\s*:\s*"
    r"([A-Za-z0-9._~+/=-]{12,})"
)

# A product's own header (`X-Chroma-Token`, `X-Typesense-Api-Key`, `X-Vault-Auth`): its value
# counts when it looks random, as under a `<product>_token` name.
_PRODUCT_HEADER = re.compile(
    r"(?i)\bx-[a-z0-9-]*?-?(?:token|key|auth)\s*:\s*([A-Za-z0-9._~+/=-]{16,})"
)

# The Kaggle API's kaggle.json, written from a notebook or a script (`!echo '{"username":
# ..., "key": ...}' > ~/.kaggle/kaggle.json`): its key is 32 hex digits.
_KAGGLE_USER = re.compile(r"""["']username["']\s*:""")
_KAGGLE_KEY = re.compile(r"""["']key["']\s*:\s*["']([0-9a-f]{32})["']""")

EMBEDDED_HINT = re.compile(
    r"(?i)pwd|passw|authoriz|api-key|auth-token|private-token|access-token|username"
    r"|x-[a-z0-9-]*(?:token|key|auth)\s*:"
)


def may_embed_credentials(text: str) -> bool:
    """A cheap test before `embedded_credentials`: most strings mention no credential."""
    return bool(EMBEDDED_HINT.search(text))


def embedded_credentials(text: str) -> list[tuple[str, str]]:
    """(what, secret) for credentials written inside a longer string: the password of a
    connection string (`Server=db;Uid=sa;Pwd=...;`) and the credential of an HTTP header
    line (`Authorization: Bearer ...`, `X-API-Key: ...`)."""
    found: list[tuple[str, str]] = []
    if not may_embed_credentials(text):
        return found
    if _CONN_OTHER_KEY.search(text):
        for match in _CONN_PASSWORD.finditer(text):
            secret = credential_value(match.group(1), Strength.PASSWORD)
            if secret:
                found.append(("the password of a connection string", secret))
    for pattern in (_BEARER_HEADER, _KEY_HEADER):
        for match in pattern.finditer(text):
            secret = match.group(1)
            if len(secret) >= 8 and not is_placeholder(secret) and not is_reference(secret):
                found.append(("an HTTP authorization header", secret))
    for match in _PRODUCT_HEADER.finditer(text):
        secret = match.group(1)
        if looks_random(secret) and not any(secret in s for _, s in found):
            found.append(("an HTTP header", secret))
    if _KAGGLE_USER.search(text):
        for match in _KAGGLE_KEY.finditer(text):
            if not is_placeholder(match.group(1)):
                found.append(("Kaggle API credentials", match.group(1)))
    return found


# --- credential files ---------------------------------------------------------------------

# `KEY='value'  # comment` in a .env file: the reader keeps the quotes and the comment.
_QUOTED_WITH_COMMENT = re.compile(r"""^(['"])(.*)\1\s+#.*$""")


def env_value(raw: str) -> str:
    """A `.env` value without the quotes and comment the reader leaves on it."""
    return _QUOTED_WITH_COMMENT.sub(r"\2", raw)


_ENV_TEMPLATE_WORDS = ("example", "sample", "template", "dist", "defaults", "tpl", "schema")


def credential_file_kind(relpath: str) -> str | None:  # pylint: disable=too-many-return-statements
    """`dotenv`, `netrc`, `pypirc`, `kaggle` or `google` for files that exist to hold
    credentials (SEC005 looks inside them); None for any other file."""
    name = PurePosixPath(relpath).name.lower()
    if name == ".env" or name.startswith(".env.") or name.endswith(".env"):
        if any(word in name for word in _ENV_TEMPLATE_WORDS):
            return None
        return "dotenv"
    if name in (".netrc", "_netrc"):
        return "netrc"
    if name == ".pypirc":
        return "pypirc"
    if name == "kaggle.json":
        return "kaggle"
    if name.endswith(".json") and (
        name.startswith(("credentials", "client_secret", "service_account", "service-account"))
        or name.endswith(("-sa.json", "_sa.json", "-key.json", "_key.json"))
    ):
        return "google"
    return None

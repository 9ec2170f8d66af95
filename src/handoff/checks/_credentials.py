"""What counts as a credential: the one place every SEC rule decides with.

Three questions, each answered once here:

* Does a name say it holds a credential? Word-aware, so `api_key`, `apiKey` and `API_KEY`
  do, while `token_ids`, `max_tokens`, `tokenizer`, `password_field` and `secret_name` do not.
  The last word of a name says what the thing is (`..._path` is a path, `..._id` an id).
* Is a value a placeholder or a fake? `<your-key>`, `${VAR}`, `xxx`, `changeme`, `***`, a
  secret-manager reference, words only (`your_api_key`), and, in test files when the rule's
  `test_fakes` option is on, anything that does not look random.
* Does a value look random? Entropy, character classes and "is it made of words" for names
  that are credentials only sometimes (`token` in NLP code is usually a word).
"""

from __future__ import annotations

import enum
import math
import re
from collections import Counter
from functools import lru_cache
from pathlib import PurePosixPath

import pathspec

from handoff.checks.matching import identifier_words

# --- names -----------------------------------------------------------------------------


class Strength(enum.Enum):
    """How much a name says about its value."""

    STRONG = "strong"  # `password`, `secret`: any real-looking value is a credential
    KEY = "key"  # `api_key`, `access_token`: a value that is not a word or a phrase
    WEAK = "weak"  # `token`, `auth`: only a random-looking value is
    HEADER = "header"  # `Authorization`: a value with an auth scheme, or a random one


# Credential nouns: the name's last word (after dropping qualifiers such as `_value`).
# Passwords may be words; keys and tokens are generated.
_PASSWORD_NOUNS = {
    "password", "passwd", "pwd", "passphrase", "passcode", "secret", "secrets", "pword",
    "clientsecret",
}  # fmt: skip
_KEY_NOUNS = {
    "apikey", "apitoken", "accesstoken", "authtoken", "secretkey", "privatekey", "accesskey",
    "credential", "credentials", "creds", "bearer",
}  # fmt: skip
# A word anywhere in the name that makes its value something else than the credential:
# `hashed_secret`, `encrypted_password`, `use_auth_token`, `max_password_length`.
_NOT_THE_VALUE = {
    "hashed", "hash", "encrypted", "masked", "redacted", "salted", "fingerprint", "digest",
    "checksum", "use", "enable", "enabled", "require", "required", "is", "has", "should",
    "num", "max", "min", "allow", "show", "hide", "validate", "check", "regex", "pattern",
}  # fmt: skip
# Words after the noun that leave its meaning unchanged (`password_value`, `token_b64`).
_QUALIFIERS = {
    "value", "val", "str", "string", "raw", "plain", "plaintext", "b64", "base64", "encoded",
    "literal", "default", "override", "hardcoded", "fallback", "real", "prod", "production",
    "dev", "staging", "local", "live", "main", "old", "new", "current",
}  # fmt: skip
# Services whose `<service>_key` / `<service>_token` is an API credential.
SERVICE_WORDS = {
    "openai", "anthropic", "claude", "wandb", "comet", "neptune", "hf", "huggingface",
    "huggingfacehub", "hub", "cohere", "pinecone", "google", "gcp", "gemini", "azure", "aws",
    "stripe", "slack", "github", "gh", "gitlab", "mapbox", "maps", "mistral", "groq",
    "replicate", "together", "serpapi", "serper", "tavily", "langchain", "langsmith",
    "weaviate", "qdrant", "elastic", "twilio", "sendgrid", "mailgun", "firebase", "supabase",
    "kaggle", "dropbox", "telegram", "discord", "deepl", "elevenlabs", "assemblyai",
    "deepgram", "voyage", "jina", "perplexity", "xai", "fireworks", "anyscale", "clearml",
    "mlflow", "dagshub", "roboflow", "notion", "airtable", "sentry", "datadog", "heroku",
    "vercel", "cloudflare", "npm", "pypi", "docker", "dockerhub", "nvidia", "ngc", "deepseek",
    "openrouter", "wolfram", "youtube", "spotify", "twitter", "reddit", "bing",
}  # fmt: skip
# `<word>_key` is a credential for these words (and for services); `cache_key` is not.
_KEY_QUALIFIERS = {
    "api", "access", "secret", "private", "auth", "client", "signing", "sign", "encryption",
    "encrypt", "master", "account", "service", "subscription", "license", "licence", "app",
    "application", "webhook", "storage", "ssh", "deploy", "consumer", "jwt", "hmac",
    "session", "sas", "shared", "developer", "admin", "write", "read", "personal", "user",
    "bot", "integration", "project", "org", "organization", "server", "rsa", "pgp", "gpg",
}  # fmt: skip
# `<word>_key` names an identifier or a non-secret key for these words: `cache_key`,
# `sort_key`, `experiment_key` (Comet's run id), `public_key`, `music_key`.
_IDENTIFIER_KEY_WORDS = {
    "cache", "sort", "primary", "foreign", "partition", "row", "column", "col", "dict",
    "lookup", "map", "index", "idx", "group", "join", "shard", "idempotency", "dedup",
    "dedupe", "composite", "unique", "metric", "metrics", "state", "config", "cfg", "data",
    "dataset", "split", "image", "img", "label", "feature", "input", "output", "target",
    "batch", "sample", "item", "field", "prng", "rng", "random", "seed", "sub", "object",
    "obj", "s3", "gcs", "blob", "bucket", "file", "path", "prefix", "name", "attr", "param",
    "result", "score", "text", "audio", "video", "model", "checkpoint", "ckpt", "layer",
    "module", "weight", "weights", "tensor", "node", "edge", "graph", "entity", "query",
    "experiment", "run", "job", "task", "trial", "record", "event", "message", "routing",
    "public", "pub", "verify", "verifying", "verification", "host", "known", "music",
    "musical", "hot", "short", "keyboard", "translation", "i18n", "env", "registry",
    "redis", "memcache", "kv", "store", "version", "match",
}  # fmt: skip
# `<word>_token` is a credential for these words (and for services); bare `token` is weak.
_TOKEN_QUALIFIERS = _KEY_QUALIFIERS | {
    "bearer", "refresh", "oauth", "oauth2", "id", "csrf", "xsrf", "deployment", "registry",
    "login", "sso", "security", "git", "pat",
}  # fmt: skip
# `<word>_pass` is a password for these words; `forward_pass` and `num_pass` are not.
_PASS_QUALIFIERS = {
    "db", "database", "user", "smtp", "mail", "email", "admin", "root", "ftp", "sql", "mysql",
    "postgres", "pg", "redis", "login", "account", "proxy", "ldap", "rabbitmq", "mongo",
    "es", "ssh", "vpn", "wifi", "router", "sudo", "api", "app", "mqtt", "imap", "pop",
}  # fmt: skip


def credential_name(name: str) -> Strength | None:  # pylint: disable=too-many-return-statements
    """How strongly `name` (a variable, attribute, key, option or header) says its value is a
    credential; None when it does not."""
    words = [w for w in identifier_words(name) if not w.isdigit()]
    while len(words) > 1 and words[-1] in _QUALIFIERS:
        words.pop()
    if not words or any(w in _NOT_THE_VALUE for w in words):
        return None
    last, previous = words[-1], words[-2] if len(words) > 1 else ""
    if last in _PASSWORD_NOUNS:
        return Strength.STRONG
    if last in _KEY_NOUNS:
        return Strength.KEY
    if last == "key":
        if previous in _KEY_QUALIFIERS or previous in SERVICE_WORDS:
            return Strength.KEY
        if len(words) == 1 or previous in _IDENTIFIER_KEY_WORDS:
            return None
        if any(w in SERVICE_WORDS for w in words[:-1]):  # `cohere_rerank_key`
            return Strength.KEY
        # A product's key under its own name (`SPEECH_KEY`, `DEEPL_AUTH_KEY`): only a
        # random-looking value counts, as `model_key = "bert-base"` is a name.
        return Strength.WEAK
    if last == "token":
        if previous in _TOKEN_QUALIFIERS or previous in SERVICE_WORDS:
            return Strength.KEY
        return Strength.WEAK if len(words) == 1 or previous in {"my", "the", "your"} else None
    if last == "pass":
        return Strength.STRONG if previous in _PASS_QUALIFIERS else None
    if last in ("authorization", "auth", "header") and (
        last != "header" or previous in ("auth", "authorization", "bearer")
    ):
        return Strength.HEADER
    return None


# --- placeholders and fakes -------------------------------------------------------------

_TEMPLATE = re.compile(
    r"\$\{[^}]*\}|\$\([^)]*\)|\$[A-Z_][A-Z0-9_]{2,}|^\$\w+$|\{\{.*?\}\}"
    r"|\{[A-Za-z_][\w.\[\]'\"-]*\}|\{\d*\}"
    r"|%\([\w.]+\)[sdr]|%[sd]\b|<[^<>]{1,60}>|\[[A-Z][A-Z0-9_ -]*\]|`[^`]*`"
)
# References to a secret kept elsewhere: vault, cloud secret managers, sops, 1Password, k8s.
_SECRET_REFERENCE = re.compile(
    r"^(?:vault:|secret:|secrets:|env:|ssm:|op://|arn:aws:|projects/[^/]+/secrets/"
    r"|@Microsoft\.KeyVault|ENC\[|keyring:|awssm:|gcpsm:|azkv:|sm://|!ENV|!env)"
    r"|secretKeyRef|valueFrom|resolve:secretsmanager",
)
# Substrings that no real key contains by chance (and that fakes love).
_FAKE_SUBSTRINGS = (
    "example", "sample", "dummy", "placeholder", "changeme", "change_me", "change-me",
    "replace", "redacted", "foobar", "lorem", "notreal", "not_real", "not-a-real", "fakekey",
    "xxxx", "****", "...", "…", "your_", "your-", "yourkey", "yourtoken", "yourpassword",
    "insert", "paste", "here>", "_here", "-here", "todo", "fixme", "undefined",
)  # fmt: skip
# Documentation samples that are copied verbatim: the jwt.io example token's payload.
_KNOWN_EXAMPLES = ("eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ",)
# Words that make a value a fake or a label when it is made of them.
_CREDENTIAL_SUBSTRINGS = ("secret", "password", "passwd", "apikey", "api_key", "token")
_FAKE_WORDS = {"fake", "mock", "test", "testing", "demo", "foo", "bar", "baz", "qux"}
_FILLER_WORDS = {
    "my", "your", "the", "a", "an", "user", "username", "db", "database", "api", "app",
    "client", "access", "secret", "secrets", "key", "keys", "id", "name", "new", "old",
    "default", "enter", "here", "please", "value", "none", "null", "nil", "empty", "string",
    "str", "token", "tokens", "password", "passwd", "pass", "pwd", "apikey", "auth",
    "bearer", "basic", "private", "public", "personal", "service", "account", "credential",
    "credentials", "oauth", "hidden", "masked", "redacted", "required", "optional", "true",
    "false", "yes", "no", "on", "off", "auto", "env", "environment", "keyring", "file",
    "text", "set", "unset", "disabled", "enabled", "anonymous",
    "local", "dev", "prod", "key1", "key2", "abc", "xyz", "tbd", "na", "unknown",
    "sk", "hf", "write", "read", "only", "refresh", "session", "login", "generate", "random",
    "insecure", "unsafe", "changeit", "letmein", "qwerty", "dummy", "fake", "test",
}  # fmt: skip
_UPPER_SNAKE = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")
_SEQUENCES = ("0123456", "1234567", "2345678", "3456789", "abcdefg", "bcdefgh", "qwerty",
              "asdfgh", "zxcvbn")  # fmt: skip
_REPEATED_UNIT = re.compile(r"^(.{1,8}?)\1{2,}.{0,8}$", re.S)
_SAME_CHAR_RUN = re.compile(r"(.)\1{5,}")


def is_placeholder(value: str) -> bool:
    """A value that stands for a secret rather than being one: empty, masked, templated,
    a reference to a secret manager, made only of words like `your_api_key`, or synthetic
    (`xxxx`, `0000`, `abcdefg...`, one short unit repeated)."""
    text = value.strip().strip("\"'")
    lowered = text.lower()
    words = identifier_words(text)
    return (
        len(text) < 3
        or bool(_TEMPLATE.search(text) or _SECRET_REFERENCE.search(text))
        or any(marker in lowered for marker in _FAKE_SUBSTRINGS)
        or any(example in text for example in _KNOWN_EXAMPLES)
        or not words
        or all(w in _FILLER_WORDS or w in _FAKE_WORDS or w.isdigit() for w in words)
        or (any(w in _FAKE_WORDS for w in words) and not looks_random(text))
        # `supersecret`, `my-secret-key`, `adminpassword`
        or (is_wordy(text) and any(word in lowered for word in _CREDENTIAL_SUBSTRINGS))
        or is_synthetic(text)
    )


def is_synthetic(text: str) -> bool:
    """Typed by hand, not generated: few distinct characters, a long run of one character,
    a keyboard or counting sequence, one short unit repeated."""
    body = re.sub(r"^[A-Za-z]{2,6}[_-](?:[a-z]{2,8}[_-])?", "", text)  # `ghp_`, `sk-proj-`
    if len(body) < 16:
        body = text
    lowered = body.lower()
    if (len(body) >= 6 and len(set(body)) <= 3) or _SAME_CHAR_RUN.search(body):
        return True
    if any(seq in lowered for seq in _SEQUENCES):
        return True
    return bool(_REPEATED_UNIT.match(body))


def is_reference(value: str) -> bool:
    """A value naming where a secret lives rather than holding it: an environment variable
    name (`OPENAI_API_KEY`), a path, a file name or a URL without credentials."""
    text = value.strip()
    if _UPPER_SNAKE.match(text):
        return True
    if text.startswith(("/", "./", "../", "~/", "file:")) or re.match(r"^[A-Za-z]:[\\/]", text):
        return True
    if re.match(r"^[\w.-]+\.(txt|json|ya?ml|pem|key|cfg|ini|env|toml|pkl|p12|pfx|crt)$", text):
        return True
    return bool(re.match(r"^[a-z][a-z0-9+.-]*://", text, re.I))


# --- randomness --------------------------------------------------------------------------


def shannon_entropy(text: str) -> float:
    """Bits per character."""
    if not text:
        return 0.0
    counts = Counter(text)
    total = len(text)
    return -sum(n / total * math.log2(n / total) for n in counts.values())


_CHUNK = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_CONSONANT_RUN = re.compile(r"[bcdfghjklmnpqrstvwxz]{4,}")


def _is_wordlike(chunk: str) -> bool:
    lowered = chunk.lower()
    vowels = sum(lowered.count(v) for v in "aeiouy")
    return vowels / len(lowered) >= 0.25 and not _CONSONANT_RUN.search(lowered)


def is_wordy(text: str) -> bool:
    """Mostly pronounceable words (`bert_base_uncased_v2`), as names and phrases are and
    generated keys are not."""
    letters = sum(1 for c in text if c.isalpha())
    if not letters:
        return False
    in_words = sum(len(c) for c in _CHUNK.findall(text) if len(c) >= 4 and _is_wordlike(c))
    return in_words / letters >= 0.6


# One part of a slug: a number, a lower-case word or abbreviation, a short upper-case
# abbreviation, a Capitalized or camelCase word (`LicenseRef`).
_SLUG_PART = re.compile(r"\d+|[a-z]+|[A-Z]{1,4}|(?:[A-Z]?[a-z]{2,})+")


def is_slug(text: str) -> bool:
    """An identifier made of words, abbreviations and numbers between separators
    (`bsd-3-clause-sun`, `adobe-air-sdk-2014`, `LicenseRef-scancode-ams-fonts`): a name, not a
    generated key, whose segments mix letters and digits at random."""
    parts = re.split(r"[-_.]", text)
    return len(parts) >= 2 and all(p and _SLUG_PART.fullmatch(p) for p in parts)


def looks_random(value: str, min_length: int = 16) -> bool:
    """Generated, like a key or a token: long, no spaces, varied characters, not words."""
    text = value.strip()
    if len(text) < min_length or any(c.isspace() for c in text):
        return False
    if is_wordy(text) or is_synthetic(text) or is_slug(text):
        return False
    classes = sum(any(test(c) for c in text) for test in (str.islower, str.isupper, str.isdigit))
    if classes < 2:
        return False
    threshold = 3.0 if len(text) < 24 else 3.3
    return shannon_entropy(text) >= threshold


# --- values ----------------------------------------------------------------------------

# Regular expressions are written under credential names too (`SECRET = r"(?=\w+)..."`).
_REGEX_LIKE = re.compile(
    r"\(\?[:=!<P]|\[\^|\\[wdsbWDSB]|\.[*+?]|\)[*+?]|\{\d+,\d*\}"
    r"|\[[^\]\s]*[A-Za-z0-9]-[A-Za-z0-9][^\]\s]*\][*+?{]?"  # a character range: `[a-z0-9_]+`
)
_AUTH_SCHEME = re.compile(r"^\s*(?:Bearer|Basic|Token|token|Bot|Digest|ApiKey|Key)\s+(\S+)\s*$")
# Non-secret values seen under credential names: modes, booleans, labels.
_NOT_SECRETS = {
    "none", "null", "true", "false", "auto", "default", "required", "optional", "basic",
    "bearer", "oauth", "oauth2", "jwt", "hf", "env", "environment", "keyring", "file",
    "string", "text", "password", "secret", "token", "hidden", "masked", "disabled",
    "enabled", "prompt", "ask", "interactive", "cli", "ssh", "https", "http", "aws", "gcp",
    "azure", "local", "anonymous", "digest", "ntlm", "kerberos", "sha256", "md5", "plain",
    "plaintext", "scram-sha-256", "trust", "peer", "md5sum", "utf-8", "utf8", "ascii",
    # the keys local OpenAI-compatible servers (vLLM, Ollama, LM Studio) accept
    "ollama", "empty", "lm-studio", "lmstudio", "vllm", "not-needed", "notneeded", "unused",
    "no-key", "nokey", "none-needed", "local-key", "anything",
}  # fmt: skip


def scheme_value(value: str) -> str | None:
    """The credential inside `Bearer abc...` / `Basic abc...` / `token abc...`."""
    match = _AUTH_SCHEME.match(value)
    return match.group(1) if match else None


def credential_value(value: str, strength: Strength) -> str | None:
    """The secret in `value` stored under a name of `strength`, or None when the value is a
    placeholder, a label, a reference, a pattern or, for key and weak names, not generated."""
    text = value.strip()
    if strength is Strength.HEADER:
        inner = scheme_value(text)
        if inner is not None:
            return inner if len(inner) >= 8 and not is_placeholder(inner) else None
        strength = Strength.WEAK
    if len(text) < 6 or text.lower() in _NOT_SECRETS or any(c.isspace() for c in text):
        return None
    if _REGEX_LIKE.search(text) or is_placeholder(text) or is_reference(text):
        return None
    if strength is Strength.KEY and not _looks_generated(text):
        return None
    if strength is Strength.WEAK and not looks_random(text):
        return None
    return text


def _looks_generated(text: str) -> bool:
    """Keys and tokens are not words: long enough, not pronounceable, digits or mixed case."""
    if len(text) < 10 or is_wordy(text) or is_slug(text):
        return False
    mixed = any(c.islower() for c in text) and any(c.isupper() for c in text)
    return mixed or any(c.isdigit() for c in text) or len(text) >= 20


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


# The Kaggle API's kaggle.json, written from a notebook or a script (`!echo '{"username":
# ..., "key": ...}' > ~/.kaggle/kaggle.json`): its key is 32 hex digits.
_KAGGLE_USER = re.compile(r"""["']username["']\s*:""")
_KAGGLE_KEY = re.compile(r"""["']key["']\s*:\s*["']([0-9a-f]{32})["']""")

_EMBEDDED_HINT = re.compile(
    r"(?i)pwd|passw|authoriz|api-key|auth-token|private-token|access-token|username"
)


def may_embed_credentials(text: str) -> bool:
    """A cheap test before `embedded_credentials`: most strings mention no credential."""
    return bool(_EMBEDDED_HINT.search(text))


def embedded_credentials(text: str) -> list[tuple[str, str]]:
    """(what, secret) for credentials written inside a longer string: the password of a
    connection string (`Server=db;Uid=sa;Pwd=...;`) and the credential of an HTTP header
    line (`Authorization: Bearer ...`, `X-API-Key: ...`)."""
    found: list[tuple[str, str]] = []
    if not may_embed_credentials(text):
        return found
    if _CONN_OTHER_KEY.search(text):
        for match in _CONN_PASSWORD.finditer(text):
            secret = credential_value(match.group(1), Strength.STRONG)
            if secret:
                found.append(("the password of a connection string", secret))
    for pattern in (_BEARER_HEADER, _KEY_HEADER):
        for match in pattern.finditer(text):
            secret = match.group(1)
            if len(secret) >= 8 and not is_placeholder(secret) and not is_reference(secret):
                found.append(("an HTTP authorization header", secret))
    if _KAGGLE_USER.search(text):
        for match in _KAGGLE_KEY.finditer(text):
            if not is_placeholder(match.group(1)):
                found.append(("Kaggle API credentials", match.group(1)))
    return found


# --- credential files ---------------------------------------------------------------------

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

"""Is a value a placeholder or a fake, and does it look random? `<your-key>`, `${VAR}`, `xxx`,
`changeme`, `***`, a secret-manager reference and words only (`your_api_key`) are not
credentials; entropy, character classes and "is it made of words" decide randomness for names
that are credentials only sometimes (`token` in NLP code is usually a word).
"""

import math
import re
from collections import Counter

from handoff.checks.sec.names import Strength
from handoff.checks.support import identifier_words, looks_like_regex

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


_RELATIVE_FILE = re.compile(r"^[\w.-]+(?:/[\w.-]+)+\.[a-z][a-z0-9]{0,4}$")


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
    return _is_relative_file(text) or bool(re.match(r"^[a-z][a-z0-9+.-]*://", text, re.I))


def _is_relative_file(text: str) -> bool:
    """`shards/train/shard-000123.tar`: a file under folders, each part a word, a number or an
    abbreviation (a base64 key has slashes too, but its parts are random)."""
    return bool(_RELATIVE_FILE.match(text)) and all(
        all(_SLUG_PART.fullmatch(p) for p in re.split(r"[-_.]", segment))
        for segment in text.split("/")
    )


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


def credential_value(value: str, strength: Strength, name: str = "") -> str | None:
    """The secret in `value` stored under a name of `strength`, or None when the value is a
    placeholder, a label, a reference, a pattern or, for key and weak names, not generated.
    Under a password name a word is a credential too (a weak or default password)."""
    text = value.strip()
    if strength is Strength.HEADER:
        inner = scheme_value(text)
        if inner is not None:
            return inner if len(inner) >= 8 and not is_placeholder(inner) else None
        strength = Strength.WEAK
    if strength is Strength.PASSWORD:
        # an app password is judged without the spaces it is shown with
        bare = text.replace(" ", "") if _APP_PASSWORD.match(text) else text
        return text if _real_value(bare) or _weak_password(text, name) else None
    if not _real_value(text):
        return None
    if strength is Strength.KEY and not _looks_generated(text):
        return None
    if strength is Strength.WEAK and not looks_random(text):
        return None
    return text


# A Google app password as Google shows it and people paste it: four groups of four
# lower-case letters (`smtp.login(user, "abcd efgh ijkl mnop")` with real letters).
_APP_PASSWORD = re.compile(r"^[a-z]{4}(?: [a-z]{4}){3}$")


def _real_value(text: str) -> bool:
    """Long enough, one token, not a label, a placeholder, a reference or a pattern."""
    if len(text) < 6 or text.lower() in _NOT_SECRETS or any(c.isspace() for c in text):
        return False
    return not (looks_like_regex(text) or is_placeholder(text) or is_reference(text))


def is_weak_password(secret: str) -> bool:
    """A password that is short, a word (with a few digits or a mark after it), digits only,
    a sequence or a well-known default (`admin`, `1234`, `letmein`, `postgres`, `admin123`):
    still a credential, reported below the rule's severity. `Tr0ub4dor&3x` and generated
    ones (`Pinpinlo_6357Vw`, a Gmail app password) are not."""
    if _APP_PASSWORD.match(secret):
        secret = secret.replace(" ", "")
    if not _real_value(secret) or len(secret) < 8 or secret.isdigit():
        return True
    word = _WORD_WITH_SUFFIX.fullmatch(secret)
    # a word of up to ten letters, or a longer pronounceable one; sixteen random lower-case
    # letters are a generated (app) password
    return bool(word) and (len(word.group(1)) <= 10 or is_wordy(word.group(1)))


_WORD_WITH_SUFFIX = re.compile(r"([A-Za-z]+)\d{0,4}[!@#$%&*.?]?")


# Words that describe a password instead of being one: `"password"`, `"<enter password>"`,
# `"new_password"`; the labeller's and bandit's placeholders.
_PASSWORD_LABELS = {
    "password", "passwd", "pass", "pwd", "passphrase", "passcode", "pw", "my", "your",
    "the", "enter", "here", "please", "value", "none", "null", "nil", "empty", "string",
    "str", "text", "new", "old", "current", "confirm", "required", "optional", "hidden",
    "masked", "redacted", "unset", "undefined", "missing", "tbd", "na", "unknown", "default",
}  # fmt: skip
_STAND_IN_CHARS = set("x*.-_#?")


def _weak_password(text: str, name: str) -> bool:  # pylint: disable=too-many-return-statements
    """A word or a short value under a password name that is not an evident placeholder:
    empty, masked, templated, a label (`"password"`, `"<password>"`), self-declared fake
    (`"changeme"`, `"dummy"`, `"test"`), the name itself, a reference or a mode."""
    lowered = text.lower()
    if len(text) < 3 or any(c.isspace() for c in text) or set(lowered) <= _STAND_IN_CHARS:
        return False
    if lowered in _NOT_SECRETS - {"secret"}:
        return False
    if _TEMPLATE.search(text) or _SECRET_REFERENCE.search(text):
        return False
    if any(marker in lowered for marker in _FAKE_SUBSTRINGS):
        return False
    words = identifier_words(text)
    if not words or all(w in _PASSWORD_LABELS or w in _FAKE_WORDS for w in words):
        return False
    if name and _squashed(text) == _squashed(name):  # `db_password = "db_password"`
        return False
    return not (looks_like_regex(text) or is_reference(text))


def _squashed(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _looks_generated(text: str) -> bool:
    """Keys and tokens are not words: long enough, not pronounceable, digits or mixed case."""
    if len(text) < 10 or is_wordy(text) or is_slug(text):
        return False
    mixed = any(c.islower() for c in text) and any(c.isupper() for c in text)
    return mixed or any(c.isdigit() for c in text) or len(text) >= 20

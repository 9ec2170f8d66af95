"""Does a name say it holds a credential? Word-aware, so `api_key`, `apiKey` and `API_KEY` do,
while `token_ids`, `max_tokens`, `tokenizer`, `password_field` and `secret_name` do not. The
last word of a name says what the thing is (`..._path` is a path, `..._id` an id). One of the
three questions every SEC rule decides with (see `values` and `places` for the others).
"""

import enum
import re

from handoff.checks.support import identifier_words

# --- names -----------------------------------------------------------------------------


class Strength(enum.Enum):
    """How much a name says about its value."""

    PASSWORD = "password"  # `password`, `passwd`: any value but a placeholder, words too
    STRONG = "strong"  # `secret`, `wandb.login(key=)`: any real-looking value is a credential
    KEY = "key"  # `api_key`, `access_token`: a value that is not a word or a phrase
    WEAK = "weak"  # `token`, `auth`: only a random-looking value is
    HEADER = "header"  # `Authorization`: a value with an auth scheme, or a random one


# Credential nouns: the name's last word (after dropping qualifiers such as `_value`).
# Passwords may be words (a weak one is still a credential); secrets are not words; keys
# and tokens are generated.
_PASSWORD_NOUNS = {"password", "passwd", "pwd", "passphrase", "passcode", "pword"}
_SECRET_NOUNS = {"secret", "secrets", "clientsecret"}
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


# `<word>_token` names an opaque value that is not a credential for these words: pagination
# and idempotency tokens, and a tokenizer's special tokens (`next_page_token`, `pad_token`).
_NON_CREDENTIAL_TOKEN_WORDS = {
    "page", "next", "prev", "previous", "continuation", "pagination", "cursor", "resume",
    "sync", "cancellation", "cancel", "idempotency", "request", "client", "nonce", "pad",
    "bos", "eos", "unk", "cls", "sep", "mask", "start", "end", "stop", "special", "sentinel",
    "placeholder", "image", "audio", "video", "split", "first", "last", "new", "added",
}  # fmt: skip
_SHORT_WITH_DIGITS = re.compile(r"^[a-z]{1,2}$")


def name_words(name: str) -> list[str]:
    """The words of a name without bare numbers, a short prefix kept with its digits: `s3`,
    `ec2`, `r2` and `b2` are words (`s3_key` is an S3 object's key), `key_2` is `key`."""
    words: list[str] = []
    for word in identifier_words(name):
        if word.isdigit():
            if words and _SHORT_WITH_DIGITS.match(words[-1]):
                words[-1] += word
            continue
        words.append(word)
    return words


def credential_name(  # pylint: disable=too-many-return-statements,too-many-branches
    name: str,
) -> Strength | None:
    """How strongly `name` (a variable, attribute, key, option or header) says its value is a
    credential; None when it does not."""
    words = name_words(name)
    while len(words) > 1 and words[-1] in _QUALIFIERS:
        words.pop()
    if not words or any(w in _NOT_THE_VALUE for w in words):
        return None
    last, previous = words[-1], words[-2] if len(words) > 1 else ""
    if last in _PASSWORD_NOUNS:
        return Strength.PASSWORD
    if last in _SECRET_NOUNS:
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
        if previous in _TOKEN_QUALIFIERS or any(w in SERVICE_WORDS for w in words[:-1]):
            return Strength.KEY  # `refresh_token`, `MLFLOW_TRACKING_TOKEN`
        if previous in _NON_CREDENTIAL_TOKEN_WORDS:
            return None
        # A bare `token` is often a word in NLP code, and `<product>_token` (`LS_TOKEN`,
        # `X-Chroma-Token`) names a product's credential: a random-looking value counts.
        return Strength.WEAK
    if last == "pass":
        if previous in _PASS_QUALIFIERS:
            return Strength.PASSWORD
        # a bare `pass` (rclone, mail configs) is a password, but also a pass of an
        # algorithm: only a generated value counts
        return Strength.KEY if len(words) == 1 else None
    if last in ("authorization", "auth", "header") and (
        last != "header" or previous in ("auth", "authorization", "bearer")
    ):
        return Strength.HEADER
    return None


# Last words of names whose values are identifiers, digests or addresses, however random
# they look: `RUN_ID`, `GIT_SHA`, `MODEL_REVISION`, `S3_BUCKET`.
_IDENTIFIER_WORDS = {
    "id", "ids", "uuid", "guid", "sha", "sha1", "sha256", "hash", "digest", "checksum",
    "commit", "revision", "rev", "version", "etag", "fingerprint", "path", "dir", "url",
    "uri", "host", "hostname", "endpoint", "model", "name", "collection", "bucket",
    "project", "region", "file", "prefix", "tag", "branch", "image", "index", "dataset",
}  # fmt: skip


def names_an_identifier(name: str) -> bool:
    words = name_words(name)
    return bool(words) and words[-1] in _IDENTIFIER_WORDS

"""Known credential formats, found with detect-secrets' plugins and handoff's own.

detect-secrets' regex plugins are used through their `analyze_string` API: no settings, no
baseline, no network verification. Its entropy and keyword plugins are left out on purpose:
an entropy-only hit is a credential only under a credential-like name, which the SEC rules
decide themselves with word-aware names. Handoff adds plugins, in detect-secrets' own
`RegexBasedDetector` form, for the keys ML code leaks most that detect-secrets 1.x lacks:
Hugging Face, OpenAI project keys, Anthropic, Google, Weights & Biases, Azure connection
strings, GitHub fine-grained tokens, Replicate and Groq, and Discord bot tokens in their current
form.
"""

from __future__ import annotations

import hashlib
import importlib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Generator

from detect_secrets.plugins.base import RegexBasedDetector
from detect_secrets.plugins.jwt import JwtTokenDetector
from detect_secrets.plugins.private_key import PrivateKeyDetector

# detect-secrets' known-format plugins, by module and class: a plugin missing from an older
# detect-secrets release is skipped rather than breaking the import. (Its Azure plugin is
# replaced by AzureConnectionStringDetector, which reports the key without `AccountKey=`.)
_DETECT_SECRETS_PLUGINS = (
    ("aws", "AWSKeyDetector"),
    ("discord", "DiscordBotTokenDetector"),
    ("github_token", "GitHubTokenDetector"),
    ("gitlab_token", "GitLabTokenDetector"),
    ("jwt", "JwtTokenDetector"),
    ("mailchimp", "MailchimpDetector"),
    ("npm", "NpmDetector"),
    ("openai", "OpenAIDetector"),
    ("pypi_token", "PypiTokenDetector"),
    ("sendgrid", "SendGridDetector"),
    ("slack", "SlackDetector"),
    ("square_oauth", "SquareOAuthDetector"),
    ("stripe", "StripeDetector"),
    ("telegram_token", "TelegramBotTokenDetector"),
    ("twilio", "TwilioKeyDetector"),
)
# A key is a whole token: `AC` + 32 characters inside a longer identifier is not a Twilio SID.
_WORD_CHAR = re.compile(r"[A-Za-z0-9]")


def _mixed_case(value: str) -> bool:
    return any(c.islower() for c in value) and any(c.isupper() for c in value)


class HuggingFaceTokenDetector(RegexBasedDetector):
    """User access tokens (`hf_` + 34 letters) and organization API tokens."""

    secret_type = "Hugging Face Token"
    denylist = (re.compile(r"\b((?:hf_|api_org_)[A-Za-z0-9]{30,40})\b"),)

    def analyze_string(self, string: str) -> Generator[str, None, None]:
        yield from filter(_mixed_case, super().analyze_string(string))


class OpenAIKeyDetector(RegexBasedDetector):
    """Project, service-account and admin keys, and legacy 48-character keys; detect-secrets
    knows only the legacy keys that carry the `T3BlbkFJ` marker."""

    secret_type = "OpenAI API Key"
    denylist = (
        re.compile(r"\b(sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,})"),
        re.compile(r"\b(sk-[A-Za-z0-9]{40,64})\b"),
    )

    def analyze_string(self, string: str) -> Generator[str, None, None]:
        for value in super().analyze_string(string):
            if value.startswith("sk-ant-"):
                continue
            if _mixed_case(value) and any(c.isdigit() for c in value):
                yield value


class AnthropicKeyDetector(RegexBasedDetector):
    """Anthropic API and admin keys."""

    secret_type = "Anthropic API Key"
    denylist = (re.compile(r"\b(sk-ant-[A-Za-z0-9_-]{40,})"),)


class GoogleKeyDetector(RegexBasedDetector):
    """API keys (`AIza`), OAuth client secrets (`GOCSPX-`) and OAuth access tokens."""

    secret_type = "Google API Key"
    denylist = (
        re.compile(r"\b(AIza[0-9A-Za-z_-]{35})"),
        re.compile(r"\b(GOCSPX-[A-Za-z0-9_-]{28})"),
        re.compile(r"\b(ya29\.[0-9A-Za-z_-]{30,})"),
    )


class WandbKeyDetector(RegexBasedDetector):
    """40 hex digits are a Weights & Biases API key only in a wandb context (`wandb`, `W&B`,
    `Weights & Biases`) that also speaks of a key or a login: elsewhere they are a git commit
    or a SHA-1."""

    secret_type = "Weights & Biases API Key"
    denylist = (re.compile(r"(?<![0-9A-Za-z])((?:local-)?[0-9a-f]{40})(?![0-9A-Za-z])"),)
    _context = re.compile(r"(?i)wandb|\bW&B\b|weights\s*(?:&|and)\s*biases")
    _credential = re.compile(r"(?i)key|login|password|relogin")

    def analyze_string(self, string: str) -> Generator[str, None, None]:
        if self._context.search(string) and self._credential.search(string):
            yield from super().analyze_string(string)


class AzureConnectionStringDetector(RegexBasedDetector):
    """The key of an Azure storage, Service Bus or Event Hubs connection string, of any
    length (detect-secrets takes only 88-character storage keys)."""

    secret_type = "Azure Connection String Key"
    denylist = (re.compile(r"(?:AccountKey|SharedAccessKey)=([A-Za-z0-9+/]{30,}={0,2})"),)


class MoreTokensDetector(RegexBasedDetector):
    """GitHub fine-grained personal access tokens, Replicate and Groq API tokens."""

    secret_type = "API Token"
    denylist = (
        re.compile(r"\b(github_pat_[A-Za-z0-9_]{60,})"),
        re.compile(r"\b(r8_[A-Za-z0-9]{37})\b"),
        re.compile(r"\b(gsk_[A-Za-z0-9]{52})\b"),
    )


class DiscordBotTokenDetector(RegexBasedDetector):
    """Discord bot tokens: the bot's id in base64, a timestamp and an HMAC. detect-secrets
    knows the HMAC as 27 characters; tokens issued since 2023 carry 38, and the shorter
    pattern then stops inside the token, which a whole-token match rejects."""

    secret_type = "Discord Bot Token"
    denylist = (
        re.compile(r"\b([MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38})\b"),
    )


JWT_KIND = JwtTokenDetector.secret_type


@dataclass(frozen=True)
class KeyMatch:
    """A known-format credential in a line of text; `start`/`end` are 0-based offsets."""

    kind: str
    value: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _plugins() -> tuple[RegexBasedDetector, ...]:
    plugins: list[RegexBasedDetector] = []
    for module_name, class_name in _DETECT_SECRETS_PLUGINS:
        try:
            module = importlib.import_module(f"detect_secrets.plugins.{module_name}")
        except ImportError:
            continue
        plugin_class = getattr(module, class_name, None)
        if plugin_class is not None:
            plugins.append(plugin_class())
    plugins.extend(
        cls()
        for cls in (
            HuggingFaceTokenDetector,
            OpenAIKeyDetector,
            AnthropicKeyDetector,
            GoogleKeyDetector,
            WandbKeyDetector,
            AzureConnectionStringDetector,
            MoreTokensDetector,
            DiscordBotTokenDetector,
        )
    )
    return tuple(plugins)


@lru_cache(maxsize=1)
def _private_key_plugin() -> PrivateKeyDetector:
    return PrivateKeyDetector()


def _extend_jwt(text: str, end: int) -> int:
    """detect-secrets' JWT pattern stops before the signature; a masked token must not show
    it, so the match runs to the end of the token."""
    while end < len(text) and re.match(r"[A-Za-z0-9_.+/=-]", text[end]):
        end += 1
    return end


def _plugin_values(plugin: RegexBasedDetector, text: str) -> set[str]:
    """The whole credential each of the plugin's patterns matches. `analyze_string` alone
    yields a pattern's capture groups, and some groups hold only a prefix (`ghp`), so the
    patterns are matched here and the plugin's own analysis, where it adds checks (a JWT's
    structure, a wandb context), only confirms."""
    values: set[str] = set()
    for pattern in plugin.denylist:
        for match in pattern.finditer(text):
            groups = [g for g in match.groups() if g]
            best = max(groups, key=len) if groups else ""
            values.add(best if len(best) >= 12 else match.group(0))
    if values and type(plugin).analyze_string is not RegexBasedDetector.analyze_string:
        confirmed = set(plugin.analyze_string(text))
        values = {v for v in values if any(v in c or c in v for c in confirmed)}
    return values


def _scoped(pattern: re.Pattern) -> str:
    flags = "i" if pattern.flags & re.IGNORECASE else ""
    return f"(?{flags}:{pattern.pattern})" if flags else f"(?:{pattern.pattern})"


@lru_cache(maxsize=1)
def _any_key() -> re.Pattern:
    """All plugins' patterns in one: most lines match none, and one search says so."""
    return re.compile("|".join(_scoped(p) for plugin in _plugins() for p in plugin.denylist))


# Every known-key pattern of the plugins above needs a run of 20 key characters, or holds one
# of these literals (a JWT's `eyJ`, Slack's `xox` and hook URL, npm's `_authToken`): a line
# with neither cannot match, and this search is ten times cheaper than the patterns' own
# (nine lines in ten of code stop here). The claim was checked pattern by pattern for the
# patterns whose digest is `_GATED_PATTERNS`; any other set (another detect-secrets, another
# plugin) runs without the gate until it is checked again.
_KEY_GATE = re.compile(r"[A-Za-z0-9_+/=.-]{20}|(?i:eyJ|_authToken|xox|hooks\.slack\.com)")
_GATED_PATTERNS = "72bebfb86f5a70e6"


@lru_cache(maxsize=1)
def key_gate() -> re.Pattern | None:
    """The pre-filter for `find_keys`, when it is known to hold for the plugins' patterns."""
    digest = hashlib.sha256(_any_key().pattern.encode("utf-8")).hexdigest()[:16]
    return _KEY_GATE if digest == _GATED_PATTERNS else None


def find_keys(text: str) -> list[KeyMatch]:
    """Every known-format credential in `text`, longest first where two overlap."""
    gate = key_gate()
    if gate is not None and not gate.search(text):
        return []
    if not _any_key().search(text):
        return []
    candidates: list[KeyMatch] = []
    for plugin in _plugins():
        for value in _plugin_values(plugin, text):
            value = value.strip()
            if len(value) < 12:
                continue
            for found in re.finditer(re.escape(value), text):
                start, end = found.start(), found.end()
                if plugin.secret_type == JwtTokenDetector.secret_type:
                    end = _extend_jwt(text, end)
                elif end < len(text) and _WORD_CHAR.match(text[end]):
                    continue
                if start > 0 and _WORD_CHAR.match(text[start - 1]):
                    continue
                candidates.append(KeyMatch(plugin.secret_type, text[start:end], start, end))
    kept: list[KeyMatch] = []
    for match in sorted(candidates, key=lambda m: (m.start - m.end, m.start)):
        if all(match.end <= k.start or match.start >= k.end for k in kept):
            kept.append(match)
    return sorted(kept, key=lambda m: m.start)


_PEM_BODY = re.compile(r"[A-Za-z0-9+/=]{40,}")


@lru_cache(maxsize=1)
def _any_private_key() -> re.Pattern:
    return re.compile("|".join(_scoped(p) for p in _private_key_plugin().denylist))


def private_key_markers(text: str) -> list[tuple[int, str]]:
    """(offset, marker) of each private-key header in `text` (PEM, OpenSSH, PGP, PuTTY), as
    detect-secrets' private-key plugin knows them."""
    if not _any_private_key().search(text):
        return []
    found = []
    for marker in set(_private_key_plugin().analyze_string(text)):
        for match in re.finditer(re.escape(marker), text):
            found.append((match.start(), marker))
    return sorted(found)


def looks_like_key_body(text: str) -> bool:
    """A line (or the rest of one) that carries base64 key material."""
    return bool(_PEM_BODY.search(text.replace("\\n", " ")))

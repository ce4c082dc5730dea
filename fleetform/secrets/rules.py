"""What a credential looks like: the published formats of cloud keys and tokens, and the generic rule for
high-entropy values under secret-like keys.

Each format is the one its issuer documents (the prefix and length of the token), so a match is a
credential, not a guess:

- AWS access key ids: ``AKIA`` (long-term) / ``ASIA`` (temporary) + 16 upper-case letters and digits; the
  40-character secret access key after an ``aws_secret_access_key`` key (AWS's credentials file format);
- GitHub: ``ghp_``/``gho_``/``ghu_``/``ghs_``/``ghr_`` + 36 letters and digits, ``github_pat_`` + 82;
- GitLab personal access tokens ``glpat-`` + 20; Slack tokens ``xoxb-``/``xoxp-``/``xoxa-``/``xoxr-``/
  ``xoxs-``, and Slack incoming webhooks; Google API keys ``AIza`` + 35; Stripe live keys ``sk_live_``;
  npm tokens ``npm_`` + 36;
- PEM private keys (``-----BEGIN ... PRIVATE KEY-----``), JSON Web Tokens (three base64url parts, the first
  two JSON objects: ``eyJ``), Azure storage account keys (``AccountKey=`` + 86 base64 characters + ``==``);
- URLs with a password (``scheme://user:password@host``), unless the password is a reference
  (``$(DB_PASSWORD)``, ``${var.x}``).

The generic rule: a value of at least 8 characters, without spaces, of two or more character classes and
an entropy of at least :data:`MIN_ENTROPY` bits per character, under a key (or an env variable name) that
says it holds a secret (``password``, ``token``, ``apiKey``, ``client_secret``...), unless the key names a
reference to one (``secretName``, ``passwordSecretRef``, ``token_file``, ``kms_key_id``...).
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class Detector:
    """A credential format: its id, a regular expression (group ``secret`` is the credential when it is
    only part of the match) and what it is, as a message says it."""

    id: str
    pattern: re.Pattern[str]
    what: str


def _rx(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(pattern, flags | re.ASCII)


DETECTORS: tuple[Detector, ...] = (
    Detector("aws-access-key-id", _rx(r"(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])"), "an AWS access key id"),
    Detector(
        "aws-secret-access-key",
        _rx(r"aws_?secret_?access_?key[\"']?\s*[:=]\s*[\"']?(?P<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])", re.I),
        "an AWS secret access key",
    ),
    Detector("github-token", _rx(r"(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36}(?![A-Za-z0-9])"), "a GitHub token"),
    Detector(
        "github-fine-grained-token",
        _rx(r"(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{82}(?![A-Za-z0-9_])"),
        "a GitHub fine-grained token",
    ),
    Detector("gitlab-token", _rx(r"(?<![A-Za-z0-9])glpat-[A-Za-z0-9_-]{20}(?![A-Za-z0-9_-])"), "a GitLab token"),
    Detector("slack-token", _rx(r"(?<![A-Za-z0-9])xox[abprs]-[A-Za-z0-9-]{10,}"), "a Slack token"),
    Detector(
        "slack-webhook",
        _rx(r"https://hooks\.slack\.com/services/T[A-Za-z0-9]+/B[A-Za-z0-9]+/[A-Za-z0-9]+"),
        "a Slack webhook URL",
    ),
    Detector("google-api-key", _rx(r"(?<![A-Za-z0-9])AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])"), "a Google API key"),
    Detector("stripe-live-key", _rx(r"(?<![A-Za-z0-9])[sr]k_live_[0-9A-Za-z]{24,}"), "a Stripe live key"),
    Detector("npm-token", _rx(r"(?<![A-Za-z0-9])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])"), "an npm token"),
    Detector(
        "private-key",
        _rx(r"-----BEGIN (?:RSA |DSA |EC |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----"),
        "a PEM private key",
    ),
    Detector(
        "jwt",
        _rx(r"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}"),
        "a JSON Web Token",
    ),
    Detector(
        "azure-storage-key",
        _rx(r"AccountKey=(?P<secret>[A-Za-z0-9+/]{86}==)", re.I),
        "an Azure storage account key",
    ),
    Detector(
        "url-password",
        _rx(
            r"(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*://[^/\s:@\"'<>]*"  # scheme://user
            r":(?P<secret>(?![$%{])[^/\s@\"'<>]+)@[^\s\"'<>]"  # :password@host, unless a reference
        ),
        "a URL with a password",
    ),
)

#: ``Password=...;`` in a connection string, ``password: ...`` or ``token=...`` inside a longer string (a
#: config file held in a ConfigMap, an annotation of JSON): reported when the value looks random.
ASSIGNMENT = _rx(
    r"(?<![A-Za-z0-9])(?:password|passwd|pwd|secret|token|api_?key|access_?key|client_?secret)[\"']?\s*[:=]\s*"
    r"[\"']?(?P<secret>[^\s\"',;&]{8,})",
    re.IGNORECASE,
)

#: Keys (and env variable names) that say their value is a secret, compared without case, '-', '_' or '.'.
_SECRET_KEY = re.compile(
    r"passw(or)?d|passwd|pwd|secret|token|apikey|accesskey|privatekey|clientsecret|credential|bearer"
    r"|signingkey|encryptionkey|masterkey|sessionkey|connectionstring|authkey|authtoken",
    re.ASCII,
)
#: The same words as they may be written in a file (any case, with '-', '_' or '.' inside), to find keys
#: to look at in a file's text before parsing it.
KEY_WORDS = re.compile(
    r"passw|pwd|secret|token|api.?key|access.?key|private.?key|client.?secret|credential|bearer|signing.?key"
    r"|encryption.?key|master.?key|session.?key|connection.?string|auth.?key|auth.?token",
    re.ASCII,
)
#: Kubernetes fields whose names hold such a word but never a secret (booleans, object kinds).
_NOT_SECRETS = frozenset({"automountserviceaccounttoken"})
#: Literal parts every format of :data:`DETECTORS` contains (as written, or lowercased: ``lowered``): a
#: string without any of them holds no credential of a known format.
MARKERS: tuple[str, ...] = (
    *("AKIA", "ASIA", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "xoxa-", "xoxb-", "xoxp-"),
    *("xoxr-", "xoxs-", "hooks.slack.com", "AIza", "k_live_", "npm_", "PRIVATE KEY", "eyJ", "://"),
)
LOWERED_MARKERS = ("secret", "accountkey=")
#: Endings of such keys that name a reference to a secret or a setting about it, not the secret itself.
_REFERENCE_ENDS = (
    "name", "ref", "refs", "arn", "id", "ids", "file", "path", "enabled", "uri", "url", "version", "type", "mode",
    "ttl", "length", "selector", "namespace", "policy", "rotation", "expiry", "expiration", "audience", "issuer",
    "endpoint", "header", "kind", "mount", "format", "store", "provider", "class", "count", "size", "secrets",
    "period", "days", "template", "annotation", "label", "location",
)  # fmt: skip
#: Least Shannon entropy, in bits per character, of a value the generic rule reports: random keys and
#: passwords have 3.5-6; words, names and paths less (``api-gateway-tls`` has 3.4, but one class of letters).
MIN_ENTROPY = 3.0
#: Shortest value the generic rule reports.
MIN_LENGTH = 8
#: A value that refers to a secret instead of holding it (Terraform and shell expressions, Helm templates).
_REFERENCE_VALUE = re.compile(r"\$\{|\$\(|\{\{|^arn:|^projects/|^sha256:|^/", re.ASCII)


@functools.lru_cache(maxsize=4096)
def is_secret_key(key: str) -> bool:
    """Whether ``key`` says its value is a secret (and is not a reference to one)."""
    folded = re.sub(r"[-_.\s]", "", key).lower()
    return bool(_SECRET_KEY.search(folded)) and not folded.endswith(_REFERENCE_ENDS) and folded not in _NOT_SECRETS


def may_hold_format(value: str) -> bool:
    """Whether ``value`` contains a marker of some format of :data:`DETECTORS` (one search of literals)."""
    return _MARKER_RX.search(value) is not None


_MARKER_RX = re.compile(
    "|".join([*map(re.escape, MARKERS), *(f"(?i:{re.escape(m)})" for m in LOWERED_MARKERS)]), re.ASCII
)

#: :data:`MARKERS` alone, case-sensitive (4x faster than the search of :func:`may_hold_format` on long
#: texts), and the words that :data:`LOWERED_MARKERS` and :data:`KEY_WORDS` look for in a lowercased text:
#: together they find every string that :func:`may_hold_format` or the assignment rule (``KEY_WORDS`` on
#: the lowercase) may match.
CASED_MARKER_RX = re.compile("|".join(map(re.escape, MARKERS)))
LOWERED_WORDS_RX = re.compile("|".join([KEY_WORDS.pattern, *map(re.escape, LOWERED_MARKERS)]), re.ASCII)


def entropy(value: str) -> float:
    """Shannon entropy of ``value``'s characters, in bits per character."""
    counts = Counter(value)
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def looks_random(value: str) -> bool:
    """The generic rule's test of a value under a secret-like key (see the module's description)."""
    if len(value) < MIN_LENGTH or len(value) > 8192 or any(c.isspace() for c in value):
        return False
    if _REFERENCE_VALUE.search(value):
        return False
    classes = sum(
        (
            any(c.islower() for c in value),
            any(c.isupper() for c in value),
            any(c.isdigit() for c in value),
            any(not c.isalnum() for c in value),
        )
    )
    return classes >= 2 and entropy(value) >= MIN_ENTROPY and not _is_plain_name(value)


def _is_plain_name(value: str) -> bool:
    """``ml-platform-connections``, ``database_credentials``, ``v1.4.2``: words of letters or of digits
    joined by punctuation (a name, a version), or a URL: not a random value."""
    return "://" in value or _PLAIN_NAME.fullmatch(value) is not None


_PLAIN_NAME = re.compile(r"([A-Za-z]+|[0-9]+)([-._/:]([A-Za-z]+|[0-9]+))*", re.ASCII)


def redacted(secret: str) -> str:
    """What a message shows of a credential: its first 4 characters and its length."""
    return f"'{secret[:4]}…' ({len(secret)} characters)"

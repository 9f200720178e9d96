"""From a parsed (account, secret) to a `CredentialRecord`: keyed fingerprint, masking, privilege flags.

This is the one place where a clear secret is turned into what may be stored: a masked form and a
keyed digest. Parsers hand over `Parsed` objects, whose repr masks the secret too, so that not even
a debugging print of an intermediate value shows it.
"""

from __future__ import annotations

import hashlib
import re

from trovetriage.core.classification import CredentialRecord, mask_secret

from .accounts import name_role
from .hashes import normalise_hash

PLAINTEXT = "plaintext"
MAX_ACCOUNT = 256
MAX_DOMAIN = 253
MAX_URL = 2048
MAX_SECRET = 4096

#: Privilege reasons that mean the domain itself is compromised (DESIGN §4: level 4).
DOMAIN_COMPROMISE = frozenset({"rid500", "rid502", "krbtgt"})

#: Values that exports and cheat sheets write where there is no password.
_PLACEHOLDERS = frozenset({"<blank>", "<empty>", "<none>", "(blank)", "(empty)", "(none)", "n/a", "null", "none"})
_IPV4 = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]{0,31})://")
_NO_HOST_SCHEMES = frozenset({"android", "file", "chrome-extension", "moz-extension", "about", "data"})


class Parsed:
    """One credential as a parser saw it, before masking. Never stored, never shown."""

    __slots__ = ("account", "context", "domain", "kind", "rid", "secret", "source_format", "url")

    def __init__(
        self,
        account: str,
        domain: str,
        kind: str,
        secret: str,
        source_format: str,
        url: str = "",
        context: dict[str, str] | None = None,
        rid: str = "",
    ) -> None:
        self.account = account
        self.domain = domain
        self.kind = kind
        self.secret = secret
        self.source_format = source_format
        self.url = url
        self.context = context
        self.rid = rid

    def __repr__(self) -> str:
        return f"Parsed({self.account!r}, {self.domain!r}, {self.kind!r}, {mask_secret(self.secret)!r})"


def clean_text(value: str, limit: int) -> str:
    """Display-safe text: control, format and other unprintable characters and lone surrogates
    replaced by U+FFFD, length bounded.

    Records end up in SQLite, JSON and terminals; a NUL, an escape sequence or a surrogate left
    over from a lossy decode must not break any of them.
    """
    value = value.strip()
    if len(value) > limit:
        value = value[:limit]
    if value.isprintable():
        return value
    return "".join(ch if ch.isprintable() and not "\ud800" <= ch <= "\udfff" else "\ufffd" for ch in value)


def clean_url(raw: str) -> str:
    """scheme://host[:port]/path of a login URL; user-info, query and fragment are dropped because
    they can carry passwords, tokens and session ids."""
    raw = raw.strip()[:MAX_URL]
    match = _SCHEME.match(raw)
    scheme = match.group(0) if match else ""
    rest = raw[len(scheme) :]
    for stop in ("?", "#"):
        rest = rest.split(stop, 1)[0]
    authority, slash, path = rest.partition("/")
    if "@" in authority:
        authority = authority.rpartition("@")[2]
    return clean_text(scheme.lower() + authority.lower() + slash + path, MAX_URL)


def url_host(url: str) -> str:
    """The host of a (cleaned) URL, lower-cased, without port and `www.`; '' when there is none."""
    match = _SCHEME.match(url)
    if match and match.group(1).lower() in _NO_HOST_SCHEMES:
        return ""
    rest = url[match.end() :] if match else url
    host = rest.split("/", 1)[0].rpartition("@")[2]
    if host.startswith("["):
        return ""
    host = host.split(":", 1)[0].strip(".").lower()
    if host.startswith("www."):
        host = host[4:]
    if "." not in host or " " in host or _IPV4.fullmatch(host):
        return ""
    return host


class RecordFactory:
    """Turns `Parsed` into `CredentialRecord` with a fingerprint keyed by the caller's key.

    The fingerprint is a keyed BLAKE2b (16 bytes, hex) over the casefolded account, the casefolded
    domain, the kind and the secret: equal fingerprints are the same credential, and without the
    key nobody can test a guessed password against a stored fingerprint. Keys longer than BLAKE2b's
    64 bytes are first hashed down.
    """

    def __init__(self, key: bytes) -> None:
        if not isinstance(key, bytes | bytearray | memoryview):
            raise TypeError("the fingerprint key must be bytes")
        key = bytes(key)
        if len(key) > hashlib.blake2b.MAX_KEY_SIZE:
            key = hashlib.blake2b(key, person=b"trovetriagekey").digest()
        self._base = hashlib.blake2b(key=key, digest_size=16, person=b"trovetriagecred")

    def fingerprint(self, account: str, domain: str, kind: str, secret: str) -> str:
        digest = self._base.copy()
        material = f"{account.casefold()}\x00{domain.casefold()}\x00{kind}\x00{secret}"
        digest.update(material.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def build(self, parsed: Parsed, line: int) -> CredentialRecord | None:
        """The record, or None when there is no usable secret."""
        secret = parsed.secret.strip() if parsed.kind != PLAINTEXT else parsed.secret
        if not secret or len(secret) > MAX_SECRET:
            return None
        if parsed.kind == PLAINTEXT and len(secret) <= 7 and secret.casefold() in _PLACEHOLDERS:
            return None
        if parsed.kind != PLAINTEXT:
            secret = normalise_hash(parsed.kind, secret)
        account = clean_text(parsed.account, MAX_ACCOUNT)
        domain = clean_text(parsed.domain, MAX_DOMAIN)
        context = {key: clean_text(value, 256) for key, value in parsed.context.items()} if parsed.context else {}
        privileged = False
        role = name_role(account) if account else ""
        if parsed.rid in ("500", "502"):
            privileged = True
            context["privileged_reason"] = "rid" + parsed.rid
        elif parsed.context and parsed.context.get("uid") == "0":
            privileged = True
            context["privileged_reason"] = "uid0"
        elif role == "admin":
            privileged = True
            is_krbtgt = account.casefold() == "krbtgt" and parsed.kind != PLAINTEXT
            context["privileged_reason"] = "krbtgt" if is_krbtgt and parsed.source_format == "pwdump" else "name"
        if parsed.rid:
            context["rid"] = parsed.rid
        if role == "service":
            context["service_account"] = "true"
        if account.endswith("$"):
            context["machine_account"] = "true"
        return CredentialRecord(
            account=account,
            domain=domain,
            kind=parsed.kind,
            secret_masked=clean_text(mask_secret(secret), 16),
            fingerprint=self.fingerprint(account, domain, parsed.kind, secret),
            source_format=str(parsed.source_format),
            line=line,
            privileged=privileged,
            url=clean_url(parsed.url) if parsed.url else "",
            context=context,
        )

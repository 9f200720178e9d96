"""The classification vocabulary of DESIGN §4, shared by classify/, the store, reports and the GUI.

Findings, credentials and victim evidence are plain frozen records, so that every layer can say
*why* an item got its level or its victim without knowing which detector produced it. Secrets
never live in these records in clear: only masked, plus a location to re-read them from when an
investigator explicitly asks to reveal one.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import IntEnum, StrEnum
from typing import Any


class Level(IntEnum):
    """Sensitivity levels of DESIGN §4; an item's level is the highest of its findings."""

    PUBLIC = 0
    INTERNAL = 1
    CONFIDENTIAL = 2
    SECRET = 3
    CRITICAL = 4


class Category(StrEnum):
    """Canonical category ids of DESIGN §4 (an item may carry several)."""

    CREDENTIALS = "credentials"
    MARKING = "marking"
    DIPLOMATIC = "diplomatic"
    PII = "pii"
    FINANCIAL = "financial"
    INFRASTRUCTURE = "infrastructure"
    OT = "ot"
    COMMERCIAL = "commercial"


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


@dataclass(frozen=True)
class Finding:
    """One reason for a level: which rule fired, where, and a masked excerpt of what it saw.

    `where` names the field ("text", "title", "metadata.sensitivity_labels", ...); `start`/`end`
    are character offsets into that field when the rule matched a span.
    """

    rule: str
    category: Category
    level: Level
    confidence: Confidence
    where: str
    excerpt: str
    start: int | None = None
    end: int | None = None

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["category"], data["level"], data["confidence"] = str(self.category), int(self.level), str(self.confidence)
        return data


@dataclass(frozen=True)
class CredentialRecord:
    """One exposed account as parsed from a line or a block of some item's text.

    `kind` is "plaintext" or a hash type id ("ntlm", "lm", "bcrypt", "md5crypt", "netntlmv2",
    "krb5tgs", ...). `fingerprint` is a keyed digest of (account, domain, kind, secret): equal
    fingerprints are the same credential, which is how records are de-duplicated per victim
    without storing the secret. `line` is the 1-based line in the item's text to re-read it from.
    """

    account: str
    domain: str
    kind: str
    secret_masked: str
    fingerprint: str
    source_format: str
    line: int
    privileged: bool = False
    url: str = ""
    context: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Evidence:
    """One weighted signal for (or against) attributing an item to a victim.

    `signal` is a stable id ("container_owner", "exchange_org_header", "internal_host",
    "message_id_host", "legacy_dn", "participant_domain", "credential_domain", "doc_metadata",
    "label_tenant", "folder_name", "text_alias", "inherited", "members" - a container named after
    what most of its members are); `weight` in 0..1.
    """

    victim: str
    signal: str
    weight: float
    detail: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class VictimProposal:
    """What attribution proposes for one item: the victim (or None), how sure, and why.

    Correspondents (organisations the victim exchanged mail with) and mentioned parties are
    kept apart from the victim, because notifying a correspondent as a victim would be wrong.
    """

    victim: str | None
    confidence: float
    evidence: list[Evidence] = field(default_factory=list)
    correspondents: list[str] = field(default_factory=list)
    mentioned: list[str] = field(default_factory=list)


def account_name(account: str, domain: str) -> str:
    """How an account is shown everywhere: `DOMAIN\\user`, or an e-mail address or UPN as it is."""
    return f"{domain}\\{account}" if domain and "@" not in account else account


def mask_secret(secret: str, keep: int = 4) -> str:
    """A secret as shown everywhere by default (DESIGN §4: `Summ****`); short ones keep less."""
    secret = secret.strip()
    if not secret:
        return ""
    shown = min(keep, max(0, len(secret) // 3))
    return secret[:shown] + "****"

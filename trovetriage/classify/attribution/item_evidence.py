"""Evidence from where an item sits and what it says about itself: container, path, metadata, credentials, text.

A container named after its owner (`uploads/mofa.gov.bh/`, `BOTAS_exchange`, `KDGI.pst`) is strong;
a name among other words in a folder name, or anywhere in the text, only says it is mentioned.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

from trovetriage.classify.attribution.clues import Clues
from trovetriage.classify.attribution.domains import normalise_host
from trovetriage.classify.attribution.mail_evidence import strings
from trovetriage.classify.attribution.mailparts import address_domains, legacy_dn_organisation
from trovetriage.classify.attribution.names import Words
from trovetriage.classify.attribution.registry import Registry
from trovetriage.classify.attribution.vocabulary import CONTAINER_KINDS, CONTAINER_WORDS
from trovetriage.classify.attribution.weights import RULE, TEXT_SCAN_CHARS
from trovetriage.core.classification import VictimProposal

MAX_PATH_CHARS = 8192
MAX_COMPONENTS = 64
MAX_COMPONENT_CHARS = 255
MAX_METADATA_CHARS = 1024
MAX_CREDENTIAL_LINES = 500_000
_PATH_SPLIT = re.compile(r"[!/\\]+")


def _text(value: object, limit: int) -> str:
    return value[:limit] if isinstance(value, str) else ""


def _owner_of(value: str, registry: Registry) -> tuple[str, bool] | None:
    """(victim, exact) for a mailbox owner: an address, a DN, DOMAIN\\user, or an organisation name."""
    for domain in address_domains(value):
        match = registry.victim_for_host(domain)
        if match is not None:
            return match.victim, True
    if value.lstrip()[:3].lower() == "/o=":
        organisation = legacy_dn_organisation(value)
        victim = registry.victim_for_org_name(organisation) if organisation else None
        return (victim, True) if victim else None
    if "\\" in value:
        account = registry.victim_for_account_domain(value)
        return (account[0], True) if account else None
    victim = registry.victim_for_org_name(value)
    if victim is not None:
        return victim, True
    found = {hit.name.victim for hit in registry.names.find(Words(value), free_text=True)}
    return (found.pop(), False) if len(found) == 1 else None


def mailbox_owner(metadata: Mapping[str, Any], registry: Registry, clues: Clues) -> None:
    owner = _text(metadata.get("mailbox_owner"), MAX_METADATA_CHARS)
    found = _owner_of(owner, registry) if owner.strip() else None
    if found is not None:
        victim, exact = found
        clues.add("mailbox_owner", victim, f"mailbox owner '{owner[:120]}'", 1.0 if exact else 0.9)


def _container_owner(component: str, registry: Registry) -> str | None:
    """The victim a path component is named after: a victim host, domain or address (a PST named after its
    owner), or a name surrounded only by container words and digits (`BOTAS_exchange`, `2019-kdgi-dump.zip`)."""
    for candidate in [component, *address_domains(component)]:  # `ahmed.ali@mofa.gov.bh.pst`: its address
        host = normalise_host(candidate)
        labels = host.split(".") if host else []
        while len(labels) > 1 and labels[-1] in CONTAINER_WORDS:
            labels.pop()  # `mofa.gov.bh.pst` -> `mofa.gov.bh`
        match = registry.victim_for_host(".".join(labels)) if len(labels) > 1 else None
        if match is not None and not match.internal_name:
            return match.victim
    words = Words(component)
    owners: set[str] = set()
    for hit in registry.names.find(words, free_text=False):
        rest = words.folded[:hit.first] + words.folded[hit.stop:]
        if all(word in CONTAINER_WORDS or word.isdigit() for word in rest):
            owners.add(hit.name.victim)
    return owners.pop() if len(owners) == 1 else None


def path_components(path: object, kind: object, registry: Registry, clues: Clues) -> None:
    """Folders, containers and members of the human path, the nearest container first."""
    parts = [part for part in _PATH_SPLIT.split(_text(path, MAX_PATH_CHARS)) if part.strip(" .")]
    parts = parts[-MAX_COMPONENTS:]
    own_is_container = isinstance(kind, str) and kind in CONTAINER_KINDS
    nearest: str | None = None
    for index in range(len(parts) - 1, -1, -1):
        component = parts[index][:MAX_COMPONENT_CHARS]
        own_name = index == len(parts) - 1
        if not own_name or own_is_container:
            owner = _container_owner(component, registry)
            if owner is not None:
                rule = "container_path" if nearest in (None, owner) else "container_path_outer"
                nearest = nearest or owner
                clues.add(rule, owner, f"path component '{component[:120]}'")
                continue
        victims = {hit.name.victim for hit in registry.names.find(Words(component), free_text=True)}
        for victim in victims:
            if own_name and not own_is_container:
                clues.add("text_alias", victim, f"file name '{component[:120]}'")
            else:
                clues.add("folder_name", victim, f"folder '{component[:120]}'")


def document_metadata(metadata: Mapping[str, Any], registry: Registry, clues: Clues) -> None:
    """Company, author and last editor of a document; tenant ids of its sensitivity labels."""
    company = _text(metadata.get("company"), MAX_METADATA_CHARS)
    if company.strip():
        victim = registry.victim_for_org_name(company)
        if victim is not None:
            clues.add("company", victim, f"company '{company[:120]}'")
        else:
            for hit in registry.names.find(Words(company), free_text=True):
                clues.add("company_contains", hit.name.victim, f"company '{company[:120]}'")
    for key in ("author", "last_modified_by"):
        value = _text(metadata.get(key), MAX_METADATA_CHARS)
        if not value.strip():
            continue
        if "@" in value or "\\" in value:
            pieces = list(address_domains(value)) if "@" in value else [value]
            for piece in pieces[:20]:
                account = registry.victim_for_account_domain(piece)
                if account is not None:
                    clues.add("author_account", account[0], f"{key} at {account[1][:120]}")
            continue
        for hit in registry.names.find(Words(value), free_text=True):
            clues.add("author_name", hit.name.victim, f"{key} '{value[:120]}'")
    labels = metadata.get("sensitivity_labels")
    if registry.has_tenants and isinstance(labels, list):
        for label in labels[:100]:
            if not isinstance(label, Mapping):
                continue
            tenant = _text(label.get("tenant_id"), 128)
            victim = registry.victim_for_tenant(tenant) if tenant else None
            if victim is not None:
                name = _text(label.get("name"), 80)
                clues.add("label_tenant", victim, f"sensitivity label '{name}' of tenant {tenant}")


def credential_domains(domains: object, registry: Registry, clues: Clues) -> None:
    """Account domains of credential lines, each victim weighted by its share of the matched lines."""
    counts: Counter[str] = Counter()
    example: dict[str, str] = {}
    seen: dict[str, tuple[str, str] | None] = {}
    for value in strings(domains, MAX_CREDENTIAL_LINES):
        key = value[:256]
        if key in seen:
            found = seen[key]
        else:
            found = registry.victim_for_account_domain(key)
            if len(seen) < 10_000:
                seen[key] = found
        if found is not None:
            counts[found[0]] += 1
            example.setdefault(found[0], found[1])
    total = sum(counts.values())
    for victim, count in counts.items():
        weight = RULE["credential_domain"].weight * count / total
        clues.add_weight("credential_domain", victim, weight,
                         f"{count} of {total} matched credential lines ({example[victim][:80]})")


def names_in_text(title: object, text: object, registry: Registry, clues: Clues) -> None:
    """Names, aliases and domains in the title and the first TEXT_SCAN_CHARS characters of text; the
    victim named most often gets the full text_alias weight, the others their share of it."""
    found: dict[str, tuple[str, str, int]] = {}  # victim -> (where, label, count)
    for source, value in (("title", _text(title, 4096)), ("text", _text(text, TEXT_SCAN_CHARS))):
        if not value:
            continue
        for hit in registry.names.find(Words(value), free_text=True):
            where, label, count = found.get(hit.name.victim, (source, hit.name.label, 0))
            found[hit.name.victim] = (where, label, count + 1)
    if not found:
        return
    most = max(count for _, _, count in found.values())
    for victim, (where, label, count) in found.items():
        times = f" ({count}\u00d7)" if count > 1 else ""
        clues.add("text_alias", victim, f"{where} names '{label}'{times}", count / most)


def inherited(parent: object, clues: Clues) -> None:
    """The container's victim, at the container's confidence."""
    if not isinstance(parent, VictimProposal) or not isinstance(parent.victim, str) or not parent.victim:
        return
    confidence = parent.confidence
    if isinstance(confidence, int | float) and confidence > 0:
        clues.add_weight("inherited", parent.victim, min(1.0, float(confidence)),
                         f"container's victim ({min(1.0, float(confidence)):.2f})")

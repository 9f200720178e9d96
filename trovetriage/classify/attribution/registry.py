"""The victims as lookup tables, built once per case: domains by suffix, names by first word, tenants by id.

Every lookup is a dict probe (a host costs one per label), so 500 victims cost what 14 do. Data
errors do not stop a run: a domain that is a public suffix (`gov.bh`) or claimed by two victims,
a name claimed by two victims, a tenant id for an unknown victim are left out and listed in
`warnings`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from trovetriage.classify.attribution.domains import MAX_HOST, has_public_tld, normalise_host, registrable_domain
from trovetriage.classify.attribution.names import NameIndex, folded_words
from trovetriage.classify.attribution.vocabulary import GENERIC_LABELS
from trovetriage.core.victims import Victim

_HOST_CACHE_LIMIT = 1 << 16


@dataclass(frozen=True, slots=True)
class HostMatch:
    """A host that belongs to a victim: through a listed domain, or only through its internal name."""

    victim: str
    domain: str
    internal_name: bool = False


def normalise_tenant(value: str) -> str:
    return value.strip().strip("{}").strip().lower()


class Registry:
    """Lookup tables over the victims file; build with `Registry.from_victims`."""

    def __init__(self, victims: tuple[Victim, ...], domains: dict[str, str], names: NameIndex,
                 org_tokens: dict[str, str], tenants: dict[str, str], warnings: list[str]) -> None:
        self.victims = victims
        self.names = names
        self.warnings: tuple[str, ...] = tuple(warnings)
        self._domains = domains
        self._org_tokens = org_tokens
        self._tenants = tenants
        self._hosts: dict[str, HostMatch | None] = {}

    @classmethod
    def from_victims(cls, victims: Iterable[Victim],
                     tenant_ids: Mapping[str, Iterable[str]] | None = None) -> Registry:
        """Index the victims; `tenant_ids` maps a victim name to its Microsoft 365 tenant ids."""
        listed = tuple(victims)
        warnings: list[str] = []
        domains: dict[str, str] = {}
        clashing: set[str] = set()
        entries: list[tuple[str, str, bool]] = []
        tokens: dict[str, set[str]] = {}
        for victim in listed:
            entries.append((victim.name, victim.name, False))
            entries += [(victim.name, alias, False) for alias in victim.aliases]
            for alias in (victim.name, *victim.aliases):
                words = folded_words(alias)
                if len(words) == 1:
                    tokens.setdefault(words[0], set()).add(victim.name)
            for raw in victim.domains:
                domain = normalise_host(raw)
                if domain is None or registrable_domain(domain) is None:
                    warnings.append(f"{victim.name}: domain {raw!r} is not a registrable domain: ignored")
                    continue
                owner = domains.setdefault(domain, victim.name)
                if owner != victim.name:
                    clashing.add(domain)
                    warnings.append(f"domain {domain!r} is listed by {owner!r} and {victim.name!r}: ignored")
                    continue
                entries.append((victim.name, domain, True))
                label = domain.split(".")[0]
                if label not in GENERIC_LABELS:
                    tokens.setdefault(label, set()).add(victim.name)
        for domain in clashing:
            domains.pop(domain, None)
        names = NameIndex(entries)
        warnings += names.warnings
        org_tokens = {token: next(iter(owners)) for token, owners in tokens.items() if len(owners) == 1}
        tenants: dict[str, str] = {}
        known = {victim.name for victim in listed}
        for victim_name, ids in (tenant_ids or {}).items():
            if victim_name not in known:
                warnings.append(f"tenant ids given for unknown victim {victim_name!r}: ignored")
                continue
            for tenant in ids:
                if isinstance(tenant, str) and normalise_tenant(tenant):
                    tenants[normalise_tenant(tenant)] = victim_name
        return cls(listed, domains, names, org_tokens, tenants, warnings)

    @property
    def has_tenants(self) -> bool:
        return bool(self._tenants)

    def victim_for_host(self, host: str) -> HostMatch | None:
        """The victim owning a host name: the most specific listed domain it falls under, or, for a
        host under an unknown top-level label (`.local`, `.corp`), the victim whose alias or domain
        label is the label before it (`exch01.acoc.corp` -> ACOC) when that is unambiguous."""
        if not isinstance(host, str) or len(host) > 2 * MAX_HOST:
            return None
        if host in self._hosts:
            return self._hosts[host]
        found = self._lookup_host(host)
        if len(self._hosts) >= _HOST_CACHE_LIMIT:
            self._hosts.clear()
        self._hosts[host] = found
        return found

    def _lookup_host(self, value: str) -> HostMatch | None:
        host = normalise_host(value)
        if host is None:
            return None
        labels = host.split(".")
        for index in range(len(labels) - 1):
            suffix = ".".join(labels[index:])
            victim = self._domains.get(suffix)
            if victim is not None:
                return HostMatch(victim, suffix)
        if len(labels) >= 2 and not has_public_tld(host):
            victim = self._org_tokens.get(labels[-2])
            if victim is not None:
                return HostMatch(victim, ".".join(labels[-2:]), internal_name=True)
        return None

    def victim_for_org_name(self, value: str) -> str | None:
        """The victim an organisation name is, as a whole: a NetBIOS domain (`MOFABH`), an Exchange
        organisation (`/O=KDGI`), an alias or the victim's own name."""
        if not value or len(value) > 512:
            return None
        words = folded_words(value)
        if len(words) == 1 and words[0] in self._org_tokens:
            return self._org_tokens[words[0]]
        compact = "".join(words)
        if compact in self._org_tokens:  # `SAEBYEOL-ENERGY` vs domain label `saebyeol-energy`
            return self._org_tokens[compact]
        dashed = "-".join(words)
        if dashed in self._org_tokens:
            return self._org_tokens[dashed]
        name = self.names.whole(value)
        return name.victim if name else None

    def victim_for_account_domain(self, value: str) -> tuple[str, str] | None:
        """(victim, matched form) for a credential line's domain: `MOFABH`, `MOFABH\\user`, `user@x`,
        `mofa.local` or `mofa.gov.bh`."""
        if not isinstance(value, str):
            return None
        text = value.strip()[:512]
        if "\\" in text:
            text = text.split("\\", 1)[0]
        if "@" in text:
            text = text.rsplit("@", 1)[1]
        text = text.strip()
        if not text:
            return None
        if "." in text:
            match = self.victim_for_host(text)
            return (match.victim, match.domain) if match else None
        victim = self.victim_for_org_name(text)
        return (victim, text) if victim else None

    def victim_for_tenant(self, value: str) -> str | None:
        if not self._tenants or not isinstance(value, str):
            return None
        return self._tenants.get(normalise_tenant(value[:128]))

"""Evidence from a message: participants, X-MS-Exchange-* headers, Received hops, Message-ID, legacy DNs.

The organisation that stored a copy writes the top of its Received chain and its own Exchange
headers; the sender's organisation shows lower in the chain and in the Message-ID. So hosts are
split into the storing side (victim evidence) and the sending side (participant evidence).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import islice
from typing import Any

from trovetriage.classify.attribution.clues import Clues, Participants
from trovetriage.classify.attribution.domains import registrable_domain
from trovetriage.classify.attribution.mailparts import (
    address_domains,
    guids_in,
    hosts_in,
    legacy_dn_organisation,
    message_id_host,
    received_hop,
)
from trovetriage.classify.attribution.names import folded_words
from trovetriage.classify.attribution.registry import HostMatch, Registry
from trovetriage.classify.attribution.vocabulary import GENERIC_EXCHANGE_ORGS, SENDER_SIDE_EXCHANGE_HEADERS
from trovetriage.classify.attribution.weights import INTERNAL_NAME_FACTOR

MAX_RECIPIENTS = 1000
MAX_ADDRESS_CHARS = 4096
Headers = dict[str, tuple[str, list[str]]]


def strings(value: object, limit: int) -> list[str]:
    """A string or an iterable of strings as a bounded list of strings; anything else as nothing."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable) and not isinstance(value, bytes | bytearray | Mapping):
        return [item for item in islice(value, limit) if isinstance(item, str)]
    return []


def _factor(match: HostMatch) -> float:
    return INTERNAL_NAME_FACTOR if match.internal_name else 1.0


def participants(sender: object, recipients: object, registry: Registry, clues: Clues) -> Participants:
    """Sender and recipients by domain: victims get participant evidence, the rest count as outsiders."""
    people = Participants()
    roles = [("sender", text) for text in strings(sender, 1)]
    roles += [("recipient", text) for text in strings(recipients, MAX_RECIPIENTS)]
    for role, text in roles:
        for domain in islice(address_domains(text[:MAX_ADDRESS_CHARS]), MAX_RECIPIENTS):
            match = registry.victim_for_host(domain)
            if match is None:
                outside = registrable_domain(domain)
                if outside:
                    people.outsiders.add(outside)
                    people.addresses += 1
                continue
            people.addresses += 1
            people.add(match.victim)
            if role == "sender" and match.victim not in people.sender_victims:
                people.sender_victims.append(match.victim)
            clues.add(role, match.victim, f"{role} at {match.domain}", _factor(match))
    return people


def exchange_headers(headers: Headers, registry: Registry, people: Participants, clues: Clues) -> None:
    """Victim hosts and tenant ids in X-MS-Exchange-* values, and AuthAs: Internal with a victim sender."""
    for key, (name, values) in headers.items():
        if not key.startswith("x-ms-exchange-"):
            continue
        storing_side = not any(word in key for word in SENDER_SIDE_EXCHANGE_HEADERS)
        for value in values:
            for host in hosts_in(value) if storing_side else ():
                match = registry.victim_for_host(host)
                if match is not None:
                    clues.add("exchange_host", match.victim, f"{name}: {host[:120]}", _factor(match))
            if registry.has_tenants:
                for guid in guids_in(value):
                    victim = registry.victim_for_tenant(guid)
                    if victim is not None:
                        clues.add("exchange_tenant", victim, f"{name}: tenant {guid}")
    auth_as = headers.get("x-ms-exchange-organization-authas")
    if auth_as and auth_as[1] and auth_as[1][0].strip().lower() == "internal":
        for victim in people.sender_victims:
            clues.add("exchange_internal_sender", victim, f"{auth_as[0]}: Internal, sender at {victim}")


def received(headers: Headers, registry: Registry, clues: Clues) -> None:
    """Received hosts: the first victim seen in a `by` clause from the top stored the copy."""
    entry = headers.get("received")
    if not entry:
        return
    hops = [received_hop(value) for value in entry[1]]
    storing: str | None = None
    for hop in hops:
        for host in hop.receiver:
            match = registry.victim_for_host(host)
            if match is not None:
                storing = match.victim
                break
        if storing is not None:
            break
    for hop in hops:
        for clause, hosts in (("from", hop.senders), ("by", hop.receiver)):
            for host in hosts:
                match = registry.victim_for_host(host)
                if match is None:
                    continue
                if match.victim == storing:
                    clues.add("received_storing", match.victim, f"Received: {clause} {host[:120]}", _factor(match))
                else:
                    clues.add("received_foreign", match.victim, f"Received (sending side): {clause} {host[:120]}",
                              _factor(match))


def message_id(headers: Headers, registry: Registry, clues: Clues) -> None:
    entry = headers.get("message-id")
    if not entry or not entry[1]:
        return
    host = message_id_host(entry[1][0])
    match = registry.victim_for_host(host) if host else None
    if match is not None and host is not None:
        clues.add("message_id", match.victim, f"Message-ID host {host[:120]}", _factor(match))


def legacy_dns(sender: object, recipients: object, metadata: Mapping[str, Any], registry: Registry,
               clues: Clues) -> None:
    """`/O=ORG/...` of the sender's and recipients' legacyExchangeDN (metadata, or a DN given as address)."""
    values = strings(metadata.get("sender_legacy_dn"), 1) + strings(metadata.get("recipient_legacy_dns"),
                                                                     MAX_RECIPIENTS)
    values += [text for text in strings(sender, 1) + strings(recipients, MAX_RECIPIENTS)
               if text.lstrip()[:3].lower() == "/o="]
    seen: set[str] = set()
    for value in values:
        organisation = legacy_dn_organisation(value)
        if not organisation or organisation in seen:
            continue
        seen.add(organisation)
        if " ".join(folded_words(organisation)) in GENERIC_EXCHANGE_ORGS:
            continue
        victim = registry.victim_for_org_name(organisation)
        if victim is not None:
            clues.add("legacy_dn", victim, f"legacyExchangeDN /O={organisation[:120]}")

"""Sender and recipients from MAPI properties, Exchange-internal (EX) addresses included.

Mail between mailboxes of one Exchange organisation carries no SMTP address, only the
legacyExchangeDN (`/O=ORG/OU=.../CN=RECIPIENTS/CN=JSMITH`). It names the organisation and the
mailbox, so it is kept in the metadata instead of being dropped for want of an "@".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from trovetriage.ingest.mail.headers import MAX_LIST, METADATA_VALUE_CAP, display_address
from trovetriage.ingest.outlook.opening import quiet, string

_ROLES = {1: "to", 2: "cc", 3: "bcc"}


@dataclass
class Person:
    """One address as Outlook stored it."""

    name: str = ""
    smtp: str = ""
    legacy_dn: str = ""

    @property
    def shown(self) -> str:
        return display_address(self.name, self.smtp or self.legacy_dn)[:METADATA_VALUE_CAP]


@dataclass
class People:
    sender: Person = field(default_factory=Person)
    representing: Person = field(default_factory=Person)
    recipients: dict[str, list[Person]] = field(default_factory=lambda: {"to": [], "cc": [], "bcc": []})


def _person(name: str, addrtype: str, address: str, smtp: str) -> Person:
    """EX addresses are legacy DNs; SMTP ones (or anything with an "@") are addresses."""
    legacy = address if addrtype.upper() == "EX" or address.startswith("/") else ""
    if not smtp and not legacy and "@" in address:
        smtp = address
    return Person(name, smtp.strip("<> ").lower(), legacy)


def read_people(msg: Any) -> People:
    """Sender, sent-on-behalf-of and recipients by role; each read never raises."""
    people = People(
        sender=_person(string(msg, "0C1A"), string(msg, "0C1E"), string(msg, "0C1F"), string(msg, "5D01")),
        representing=_person(string(msg, "0042"), string(msg, "0064"), string(msg, "0065"), string(msg, "5D02")),
    )
    try:
        with quiet():
            recipients = list(getattr(msg, "recipients", None) or [])
    except Exception:
        recipients = []
    for recipient in recipients[:MAX_LIST]:
        try:
            role = _ROLES.get(int(recipient.type) & 0xF, "to")
        except Exception:
            role = "to"
        person = _person(string(recipient, "3001"), string(recipient, "3002"), string(recipient, "3003"),
                         string(recipient, "39FE"))
        if person.name or person.smtp or person.legacy_dn:
            people.recipients[role].append(person)
    return people

"""How much each kind of evidence says about whose system an item was stolen from, and why.

Every rule gives an `Evidence.signal` id, a weight in 0..1 and a side. *Victim* evidence says
"this system belonged to X"; *participant* evidence says "X wrote or received this message" (the
owner's correspondents look the same); *mention* evidence only says "X is named here".

| rule | signal | weight | side |
|---|---|---|---|
| mailbox_owner | container_owner | 0.95 | victim |
| container_path | container_owner | 0.90 | victim |
| container_path_outer | container_owner | 0.75 | victim |
| exchange_host | exchange_org_header | 0.90 | victim |
| exchange_tenant | exchange_org_header | 0.90 | victim |
| exchange_internal_sender | exchange_org_header | 0.80 | victim |
| received_storing | internal_host | 0.85 | victim |
| legacy_dn | legacy_dn | 0.80 | victim |
| label_tenant | label_tenant | 0.85 | victim |
| credential_domain | credential_domain | 0.70 | victim |
| company | doc_metadata | 0.60 | victim |
| author_account | doc_metadata | 0.55 | victim |
| company_contains | doc_metadata | 0.50 | victim |
| author_name | doc_metadata | 0.40 | victim |
| inherited | inherited | 1.00 | victim |
| all_participants | participant_domain | 0.75 | participant |
| message_id | message_id_host | 0.60 | participant |
| only_victim | participant_domain | 0.60 | participant |
| sender | participant_domain | 0.40 | participant |
| received_foreign | internal_host | 0.35 | participant |
| recipient | participant_domain | 0.30 | participant |
| folder_name | folder_name | 0.30 | mention |
| text_alias | text_alias | 0.20 | mention |

The reason for each row is next to it in RULES below (`weight_table(why=True)` renders it all).

Combination (see `decide.py`):
- per victim, the strongest observation of each signal counts once (five Received hops of one
  organisation are one piece of evidence), and signals combine by noisy-OR: 1 - prod(1 - w);
- a host matched only through its internal name (`exch01.acoc.corp` -> alias ACOC) counts 0.9 of
  its rule's weight;
- when some victim has victim evidence of at least 0.5, the victim is chosen on victim evidence
  alone and its confidence loses 0.5 x the runner-up's victim evidence; other participants are
  correspondents, everybody else named is mentioned;
- otherwise (participants, metadata or text only) all evidence competes and the winner loses 0.5 x
  the runner-up's whole score; with two or more victims among the participants the confidence is
  at most 0.5; below 0.1 nobody is proposed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Side(StrEnum):
    VICTIM = "victim"
    PARTICIPANT = "participant"
    MENTION = "mention"


@dataclass(frozen=True)
class Rule:
    """One row of the weight table."""

    name: str
    signal: str
    weight: float
    side: Side
    why: str


RULES: tuple[Rule, ...] = (
    Rule("mailbox_owner", "container_owner", 0.95, Side.VICTIM, "A PST/OST names the mailbox it was exported from."),
    Rule("container_path", "container_owner", 0.90, Side.VICTIM,
         "A folder or container named after a victim (`uploads/mofa.gov.bh/`, `BOTAS_exchange/`, `KDGI.pst`) is "
         "how stolen data is sorted; the deepest one counts."),
    Rule("container_path_outer", "container_owner", 0.75, Side.VICTIM,
         "A shallower component naming another victim than a deeper one: the nearer container is more specific."),
    Rule("exchange_host", "exchange_org_header", 0.90, Side.VICTIM,
         "X-MS-Exchange-Organization-*/CrossTenant-* naming a victim's server are stamped by the organisation that "
         "stored the copy (Exchange strips foreign ones)."),
    Rule("exchange_tenant", "exchange_org_header", 0.90, Side.VICTIM,
         "A victim's tenant id in X-MS-Exchange-* headers."),
    Rule("exchange_internal_sender", "exchange_org_header", 0.80, Side.VICTIM,
         "AuthAs: Internal means the sender authenticated to the storing organisation, so the sender's is the "
         "storing one."),
    Rule("received_storing", "internal_host", 0.85, Side.VICTIM,
         "Received hops from the top down, starting at the first victim server, are written by the organisation "
         "that stored the copy."),
    Rule("legacy_dn", "legacy_dn", 0.80, Side.VICTIM,
         "A legacyExchangeDN (/O=ORG/...) only resolves inside the Exchange organisation that stored the item."),
    Rule("label_tenant", "label_tenant", 0.85, Side.VICTIM,
         "A sensitivity label carries the tenant id of the organisation that labelled the document."),
    Rule("credential_domain", "credential_domain", 0.70, Side.VICTIM,
         "Account domains of credential lines (DOMAIN\\user, UPN suffix, e-mail domain) say whose accounts were "
         "dumped; times the victim's share of the matched lines."),
    Rule("company", "doc_metadata", 0.60, Side.VICTIM,
         "The Office 'company' property equals a victim's name or alias: it is set by the owner's installation."),
    Rule("author_account", "doc_metadata", 0.55, Side.VICTIM,
         "author/last_modified_by carries a victim's domain or NetBIOS name (user@mofa.gov.bh, MOFABH\\user)."),
    Rule("company_contains", "doc_metadata", 0.50, Side.VICTIM,
         "The 'company' property contains a victim's name or alias."),
    Rule("author_name", "doc_metadata", 0.40, Side.VICTIM,
         "author/last_modified_by contains a victim's name or alias."),
    Rule("inherited", "inherited", 1.00, Side.VICTIM,
         "The container's proposal, times its confidence: a member was stolen with its container."),
    Rule("all_participants", "participant_domain", 0.75, Side.PARTICIPANT,
         "Sender and every recipient at one victim: internal mail of that victim."),
    Rule("message_id", "message_id_host", 0.60, Side.PARTICIPANT,
         "The Message-ID host is the sending server: it tells who wrote the message, not whose mailbox it came "
         "from."),
    Rule("only_victim", "participant_domain", 0.60, Side.PARTICIPANT,
         "The only victim among the participants (the others are outside the registry)."),
    Rule("sender", "participant_domain", 0.40, Side.PARTICIPANT,
         "The sender's domain: without anything better, a copy is most often the sender's (Sent Items)."),
    Rule("received_foreign", "internal_host", 0.35, Side.PARTICIPANT,
         "A victim host in the Received hops of another organisation's copy: the sender's side."),
    Rule("recipient", "participant_domain", 0.30, Side.PARTICIPANT, "A recipient's domain."),
    Rule("folder_name", "folder_name", 0.30, Side.MENTION,
         "A folder or member name containing a victim's name, alias or domain among other words."),
    Rule("text_alias", "text_alias", 0.20, Side.MENTION,
         "A victim's name, alias or domain in the title, the file name or the first 200,000 characters of text; "
         "in title and text the victim named most often gets the full weight, the others their share."),
)

RULE: dict[str, Rule] = {rule.name: rule for rule in RULES}

#: A host matched through its internal name only counts this much of its rule's weight.
INTERNAL_NAME_FACTOR = 0.9
#: Victim evidence at least this strong decides the victim on victim evidence alone.
STRONG_VICTIM_EVIDENCE = 0.5
#: The winner loses this share of the runner-up's competing score.
COMPETITION_PENALTY = 0.5
#: Confidence ceiling when two or more victims are among the participants and nothing stronger tells.
MIXED_PARTICIPANTS_CAP = 0.5
#: Below this confidence no victim is proposed.
MIN_CONFIDENCE = 0.1
#: Only this many characters of an item's text are scanned for names.
TEXT_SCAN_CHARS = 200_000


def weight_table(why: bool = False) -> str:
    """The table of RULES in Markdown; the docstring above holds it without reasons (a test keeps them in step)."""
    head = ["| rule | signal | weight | side |" + (" why |" if why else ""),
            "|---|---|---|---|" + ("---|" if why else "")]
    rows = [f"| {r.name} | {r.signal} | {r.weight:.2f} | {r.side} |" + (f" {r.why} |" if why else "") for r in RULES]
    return "\n".join(head + rows)

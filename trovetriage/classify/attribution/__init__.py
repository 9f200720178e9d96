"""Victim attribution by weighted evidence (DESIGN §4): whose system was an item stolen from?

Build a `Registry` once from the victims file, then call `attribute(subject, registry)` per item.
The victim is the organisation whose system held the item (mailbox owner, the side whose internal
Exchange headers and Received hosts appear, the owner named by the container); organisations that
only send or receive the message are correspondents, those only named are mentioned. The weights
and the combination rules are a table in `weights.py`, written for investigators.

Decisions (each has a test):
- Roles partition the victims an item shows: the proposed victim; correspondents (every other
  victim seen as sender, recipient, Message-ID host or sending-side Received host); mentioned
  (every other victim with any evidence: text, folder names, a weaker competing claim).
- Participants only, all at one victim: that victim at about 0.75-0.85. Mixed victims among the
  participants: the side with the stronger signals (Message-ID, sending hops) wins, which is the
  sender's organisation when nothing else tells; confidence at most 0.5, the others are
  correspondents. A dead heat proposes nobody.
- A name in text (any language, whole words after folding) alone proposes that victim at 0.2 at
  most, and only the best-named victim; next to any real evidence it only makes a mention.
- A container's proposal is inherited at its confidence; a member's own evidence for another
  victim wins only if stronger, and then loses half the container's confidence as a penalty.
"""

from __future__ import annotations

from trovetriage.classify.attribution.domains import registrable_domain
from trovetriage.classify.attribution.engine import attribute
from trovetriage.classify.attribution.registry import HostMatch, Registry
from trovetriage.classify.attribution.subject import AttributionSubject
from trovetriage.classify.attribution.weights import RULES, Rule, Side, weight_table

__all__ = [
    "RULES",
    "AttributionSubject",
    "HostMatch",
    "Registry",
    "Rule",
    "Side",
    "attribute",
    "registrable_domain",
    "weight_table",
]

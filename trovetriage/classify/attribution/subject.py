"""What attribution reads about one item: a plain record the case facade fills from the store."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from trovetriage.core.classification import VictimProposal


@dataclass(frozen=True)
class AttributionSubject:
    """One item as attribution sees it.

    `path` is the human path (container members joined with `!`); `headers` maps header names to
    their raw values in message order (top first; may be empty); `metadata` may hold `company`,
    `author`, `last_modified_by`, `sensitivity_labels` (dicts with `tenant_id`), `mailbox_owner`,
    `sender_legacy_dn`, `recipient_legacy_dns`; `credential_domains` are the account domains of the
    item's credential lines (one per line, repeats count); `parent` is the container's proposal.
    Every field may hold junk: attribution never trusts a type or a length.
    """

    path: str = ""
    kind: str = ""
    title: str = ""
    sender: str = ""
    recipients: Sequence[str] = ()
    headers: Mapping[str, Sequence[str]] = field(default_factory=dict)
    metadata: Mapping[str, Any] = field(default_factory=dict)
    text: str = ""
    credential_domains: Sequence[str] = ()
    parent: VictimProposal | None = None

"""Attribution of one item: gather every signal, then decide (`decide.py`) under the weights of `weights.py`."""

from __future__ import annotations

from collections.abc import Mapping

from trovetriage.classify.attribution import item_evidence, mail_evidence
from trovetriage.classify.attribution.clues import Clues
from trovetriage.classify.attribution.decide import decide
from trovetriage.classify.attribution.mailparts import header_values
from trovetriage.classify.attribution.registry import Registry
from trovetriage.classify.attribution.subject import AttributionSubject
from trovetriage.core.classification import VictimProposal


def attribute(subject: AttributionSubject, registry: Registry) -> VictimProposal:
    """Propose whose system `subject` was stolen from, with the evidence, correspondents and mentions.

    Pure and offline; hostile field values (wrong types, huge or binary strings) are read within
    bounds or ignored, never raised on.
    """
    clues = Clues()
    headers = header_values(subject.headers)
    metadata = subject.metadata if isinstance(subject.metadata, Mapping) else {}
    people = mail_evidence.participants(subject.sender, subject.recipients, registry, clues)
    mail_evidence.exchange_headers(headers, registry, people, clues)
    mail_evidence.received(headers, registry, clues)
    mail_evidence.message_id(headers, registry, clues)
    mail_evidence.legacy_dns(subject.sender, subject.recipients, metadata, registry, clues)
    item_evidence.mailbox_owner(metadata, registry, clues)
    item_evidence.path_components(subject.path, subject.kind, registry, clues)
    item_evidence.document_metadata(metadata, registry, clues)
    item_evidence.credential_domains(subject.credential_domains, registry, clues)
    item_evidence.names_in_text(subject.title, subject.text, registry, clues)
    item_evidence.inherited(subject.parent, clues)
    return decide(clues, people)

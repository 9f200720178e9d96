"""Outlook .msg files: every message class, Unicode and ANSI, bodies, transport headers, attachments.

The reading is done by extract-msg (opened quietly, never fetching anything) and the helpers in
`trovetriage.ingest.outlook`; the transport headers Exchange kept are read with the same mail
helpers as .eml files, so .msg and .eml items carry the same metadata keys.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email import policy
from email.message import Message
from email.parser import HeaderParser
from typing import Any, ClassVar

from trovetriage.core.limits import Limits
from trovetriage.core.types import Extraction, Kind, Sniffed, Status
from trovetriage.ingest.extractors.base import ChildSink, Source, extract_or_corrupt
from trovetriage.ingest.extractors.scoring import score_by_type_or_name
from trovetriage.ingest.mail.headers import MAX_LIST, Headers, parse_date
from trovetriage.ingest.mail.metadata import message_metadata
from trovetriage.ingest.mail.walk import MessageParts
from trovetriage.ingest.outlook.attachments import add_attachments
from trovetriage.ingest.outlook.body import body_text
from trovetriage.ingest.outlook.classes import encryption_of, kind_of
from trovetriage.ingest.outlook.details import item_details
from trovetriage.ingest.outlook.opening import open_msg, prop, string
from trovetriage.ingest.outlook.people import People, read_people
from trovetriage.ingest.sniff import MIME_MSG

MIME_TYPES = frozenset({MIME_MSG})
EXTENSIONS = frozenset({".msg"})
_OLE_TYPES = frozenset({"application/x-ole-storage", "application/cdfv2", "application/octet-stream"})
_HEADER_PREFIX = "Microsoft Mail Internet Headers Version 2.0"
#: Client submit time, delivery time, creation time (PT_SYSTIME properties).
_SENT, _DELIVERED, _CREATED = "00390040", "0E060040", "30070040"


class OutlookMsgExtractor:
    """One Outlook item: header summary plus body as text; attachments (and embedded .msg) as children."""

    name: ClassVar[str] = "msg"

    def score(self, sniffed: Sniffed) -> int:
        """Sniffed .msg wins; a .msg name on OLE bytes libmagic could not name comes close."""
        return score_by_type_or_name(sniffed, MIME_TYPES, EXTENSIONS, by_name=80, unnamed_content=_OLE_TYPES)

    def extract(self, source: Source, sink: ChildSink, limits: Limits) -> Extraction:
        sink.decompressing = False  # attachments are stored, not inflated: no bomb arithmetic
        return extract_or_corrupt(Kind.EMAIL, self._extract, source, sink, limits)

    def _extract(self, source: Source, sink: ChildSink, limits: Limits) -> Extraction:
        with open_msg(source.path) as msg:
            return _read(msg, sink, limits)


def _transport_headers(msg: Any) -> Message:
    """The internet headers Exchange stored with the message (an empty header set when none)."""
    text = string(msg, "007D")
    if text.startswith(_HEADER_PREFIX):
        text = text[len(_HEADER_PREFIX):].lstrip()
    try:
        return HeaderParser(policy=policy.compat32).parsestr(text)
    except Exception:
        return HeaderParser(policy=policy.compat32).parsestr("")


def _date(msg: Any, headers: Headers) -> tuple[datetime | None, str]:
    """When it was sent, else delivered, else the header Date, else created; and which one."""
    for name, label in ((_SENT, "sent"), (_DELIVERED, "delivered")):
        value = prop(msg, name)
        if isinstance(value, datetime) and 1900 <= value.year <= 2200:
            return (value if value.tzinfo else value.replace(tzinfo=UTC)), label
    header_date = parse_date(headers.text("date"))
    if header_date is not None:
        return header_date, "header"
    value = prop(msg, _CREATED)
    if isinstance(value, datetime) and 1900 <= value.year <= 2200:
        return (value if value.tzinfo else value.replace(tzinfo=UTC)), "created"
    return None, ""


def _fill_people(metadata: dict[str, Any], people: People) -> None:
    """MAPI addresses fill what the transport headers lack; EX legacy DNs are kept."""
    if people.sender.shown and not metadata.get("from"):
        metadata["from"] = people.sender.shown
    for role, persons in people.recipients.items():
        if persons and not metadata.get(role):
            metadata[role] = [person.shown for person in persons][:MAX_LIST]
    if people.sender.legacy_dn:
        metadata["sender_legacy_dn"] = people.sender.legacy_dn
    if people.representing.shown and people.representing.shown != people.sender.shown:
        metadata["sent_representing"] = people.representing.shown
    legacy = [p.legacy_dn for persons in people.recipients.values() for p in persons if p.legacy_dn]
    if legacy:
        metadata["recipient_legacy_dns"] = legacy[:MAX_LIST]


def _summary(metadata: dict[str, Any], date: datetime | None, subject: str, names: list[str],
             details: dict[str, str]) -> str:
    """The lines Outlook shows above an item, so they are searchable with its text."""
    lines = [f"From: {metadata['from']}"] if metadata.get("from") else []
    for role in ("to", "cc"):
        if metadata.get(role):
            lines.append(f"{role.capitalize()}: {', '.join(metadata[role])[:10_000]}")
    if date is not None:
        lines.append(f"Date: {date.isoformat()}")
    if subject:
        lines.append(f"Subject: {subject}")
    lines.extend(f"{label}: {value}" for label, value in details.items())
    if names:
        lines.append(f"Attachments: {', '.join(names)[:10_000]}")
    return "\n".join(lines)


def _read(msg: Any, sink: ChildSink, limits: Limits) -> Extraction:
    message_class = string(msg, "001A") or str(getattr(msg, "classType", "") or "")
    header_message = _transport_headers(msg)
    headers = Headers(header_message)
    people = read_people(msg)
    attachments = add_attachments(msg, sink)
    metadata = message_metadata(headers, header_message, MessageParts(), len(attachments.names) + attachments.skipped)
    _fill_people(metadata, people)
    subject = string(msg, "0037") or headers.text("subject")
    metadata["subject"] = metadata.get("subject") or subject[:1000]
    metadata["message_id"] = metadata.get("message_id") or string(msg, "1035")[:1000]
    metadata["in_reply_to"] = metadata.get("in_reply_to") or string(msg, "1042")[:1000]
    metadata["thread_topic"] = metadata.get("thread_topic") or string(msg, "0070")[:1000]
    index = prop(msg, "00710102")
    if not metadata.get("thread_index") and isinstance(index, bytes) and index:
        metadata["thread_index"] = index.hex()[:1000]
    metadata["message_class"] = message_class[:200]
    metadata["content_type"] = MIME_MSG
    metadata["unicode"] = bool(getattr(msg, "areStringsUnicode", False))
    metadata["string_encoding"] = str(getattr(msg, "stringEncoding", "") or "")

    date, date_source = _date(msg, headers)
    if date_source:
        metadata["date_source"] = date_source
    body, rendering = body_text(msg)
    metadata["body_format"] = rendering
    details = item_details(msg) if kind_of(message_class) == Kind.OTHER or "appointment" in message_class.lower() \
        or "schedule" in message_class.lower() else {}
    text = "\n\n".join(p for p in (_summary(metadata, date, subject, attachments.names, details), body) if p)

    notes: list[str] = [f"message class {message_class or 'unknown'}"]
    kind = kind_of(message_class)
    if kind == Kind.OTHER:
        notes.append("not a mail message: kept as kind other")
    if len(text) > limits.max_text_chars:
        text = text[: limits.max_text_chars]
        notes.append(f"text cut at {len(text):,} characters (limit max_text_chars={limits.max_text_chars:,})")
    if attachments.failed:
        notes.append(f"{attachments.failed} attachment(s) could not be read")
    if attachments.skipped:
        notes.append(f"member limit reached: {attachments.skipped} attachment(s) not extracted")
    status = Status.SKIPPED_BOMB if attachments.skipped else Status.OK
    encryption = encryption_of(message_class)
    if encryption:
        status = Status.ENCRYPTED
        notes.insert(0, f"{encryption}: the content cannot be read without the recipient's key")
    elif not body and not attachments.names:
        notes.append("no body")
    sender = people.sender.smtp or (metadata["from"] if "@" in metadata.get("from", "") else "")
    sender = _address_only(sender)
    recipients = list(dict.fromkeys(
        p.smtp for persons in people.recipients.values() for p in persons if p.smtp))
    if not recipients:
        recipients = [addr.lower() for _, addr in headers.addresses("to", "cc", "bcc") if addr]
    return Extraction(kind=kind, status=status, detail="; ".join(notes), text=text, title=subject, date=date,
                      sender=sender, recipients=recipients[:MAX_LIST], metadata=metadata)


def _address_only(value: str) -> str:
    """The addr-spec of `Name <addr>` in lower case."""
    if "<" in value and value.rstrip().endswith(">"):
        value = value.rsplit("<", 1)[1].rstrip("> ")
    return value.strip().lower()

"""What a message says about itself, for the index: the header summary that leads its text and
the metadata fields (addresses, threading, routing, Exchange and labelling headers).
"""

from __future__ import annotations

import re
from email.message import Message
from typing import Any

from trovetriage.ingest.mail.decoding import FOLD, clean_str, one_line
from trovetriage.ingest.mail.headers import (
    MAX_LIST,
    METADATA_VALUE_CAP,
    Headers,
    display_address,
    exchange_headers,
    received_hosts,
)
from trovetriage.ingest.mail.parts import content_type
from trovetriage.ingest.mail.walk import MessageParts

MAX_DEFECTS = 20

_MSG_ID = re.compile(r"<[^<>\s]{1,998}>")


def header_summary(headers: Headers, attachment_names: list[str]) -> str:
    """The lines a mail client shows above a message, so they are searchable with its text."""
    lines: list[str] = []
    for label in ("From", "To", "Cc", "Date", "Subject"):
        value = headers.text(label)
        if value:
            lines.append(f"{label}: {value[:10_000]}")
    if attachment_names:
        lines.append(f"Attachments: {', '.join(attachment_names)[:10_000]}")
    return "\n".join(lines)


def message_metadata(headers: Headers, message: Message, parts: MessageParts,
                     attachment_count: int) -> dict[str, Any]:
    """The metadata of one message item; every value capped, so hostile headers cannot bloat the index."""
    def cap(value: str) -> str:
        return value[:METADATA_VALUE_CAP]

    def shown(*names: str) -> list[str]:
        return [cap(display_address(n, a)) for n, a in headers.addresses(*names)]

    from_list = shown("from")
    references_text = headers.text("references")
    references = _MSG_ID.findall(references_text) or references_text.split()
    defects = list(dict.fromkeys(parts.defects))[:MAX_DEFECTS]
    metadata: dict[str, Any] = {
        "from": ", ".join(from_list) if from_list else cap(headers.text("from")),
        "to": shown("to"),
        "cc": shown("cc"),
        "bcc": shown("bcc"),
        "reply_to": shown("reply-to"),
        "sender": shown("sender"),
        "subject": cap(headers.text("subject")),
        "date_header": cap(headers.text("date")),
        "message_id": cap(headers.text("message-id")),
        "in_reply_to": cap(headers.text("in-reply-to")),
        "references": [cap(ref) for ref in references[:MAX_LIST]],
        "thread_index": cap(headers.text("thread-index")),
        "thread_topic": cap(headers.text("thread-topic")),
        "received_hosts": received_hosts(headers.raw_all("received"))[:MAX_LIST],
        # Whole lines, top first: victim attribution reads which side (from/by) a host is on.
        "received": [cap(one_line(clean_str(FOLD.sub("", raw)))) for raw in headers.raw_all("received")[:MAX_LIST]],
        "x_ms_exchange": exchange_headers(headers),
        "x_originating_ip": cap(headers.text("x-originating-ip").strip("[] ")),
        "mailer": cap(headers.text("x-mailer") or headers.text("user-agent")),
        "organization": cap(headers.text("organization")),
        "return_path": cap(headers.text("return-path")),
        "sensitivity": cap(headers.text("sensitivity")),
        "importance": cap(headers.text("importance") or headers.text("x-priority")),
        "msip_labels": cap(headers.text("msip_labels")),
        "content_type": content_type(message),
        "charsets": parts.charsets[:MAX_DEFECTS],
        "defects": defects,
        "attachment_count": attachment_count,
    }
    return metadata

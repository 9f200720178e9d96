"""The text of a body part as a reader would see it: HTML and enriched text reduced to plain text,
delivery reports and header blocks shown as they are.
"""

from __future__ import annotations

import re
from email.message import Message

from trovetriage.ingest.extractors.html import html_to_text
from trovetriage.ingest.mail.decoding import clean_str
from trovetriage.ingest.mail.parts import flatten, payload_bytes
from trovetriage.ingest.textdecode import decode_text


def body_text(part: Message, subtype: str, charset: str | None) -> tuple[str, bool]:
    """(plain text, damaged) of a text part; HTML is recognised by its markup when mislabelled."""
    data, damaged = payload_bytes(part)
    text = decode_text(data, charset)[0]
    if subtype == "html" or (subtype != "plain" and "<html" in text[:2048].lower()):
        text = html_to_text(text)[0]
    elif subtype in ("enriched", "richtext"):
        text = re.sub(r"<[^>]{1,60}>", "", text).replace("<<", "<")
    return text.strip("\r\n"), damaged


def report_text(part: Message, hint: str | None) -> str:
    """Delivery reports and header blocks as plain text."""
    try:
        payload = part.get_payload()
    except Exception:
        return ""
    if isinstance(payload, list):
        chunks: list[str] = []
        for block in payload:
            try:
                chunks.append(clean_str(flatten(block, "\n").decode("utf-8", errors="surrogateescape"), hint))
            except Exception:
                continue
        return "\n".join(chunks).strip()
    data, _ = payload_bytes(part)
    return decode_text(data, hint)[0].strip()

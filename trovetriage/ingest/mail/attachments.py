"""A message's attachments handed to the sink, each with a name an investigator can read.

Attachments are often unnamed (inline images, forwarded messages): they are named after their
type, or an attached message after its subject. An attachment that cannot be decoded is still
recorded, with the reason, so the listing of the message is complete.
"""

from __future__ import annotations

import binascii
import mimetypes
import re
from email import policy
from email.message import Message
from email.parser import BytesParser
from typing import Any

from trovetriage.core.types import Status
from trovetriage.ingest.extractors.base import ChildSink
from trovetriage.ingest.mail.decoding import b64decode_lenient
from trovetriage.ingest.mail.headers import Headers
from trovetriage.ingest.mail.parts import flatten, header_str, param, payload_bytes, transfer_encoding
from trovetriage.ingest.mail.walk import ChildPart, MessageParts

_FALLBACK_EXTENSIONS = {
    "message/rfc822": ".eml", "message/global": ".eml", "message/news": ".eml", "message/partial": ".eml",
    "text/plain": ".txt", "text/html": ".html", "image/jpeg": ".jpg", "application/octet-stream": ".bin",
    "text/calendar": ".ics", "application/ms-tnef": ".dat", "application/vnd.ms-tnef": ".dat",
    "application/pkcs7-mime": ".p7m", "application/x-pkcs7-mime": ".p7m",
    "application/pkcs7-signature": ".p7s", "application/x-pkcs7-signature": ".p7s",
    "application/pgp-signature": ".asc", "application/pgp-encrypted": ".asc", "text/x-vcard": ".vcf",
}
_MIMETYPES = mimetypes.MimeTypes()  # built-in table only: names do not depend on the host's mime.types
_FILE_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def add_attachments(parts: MessageParts, sink: ChildSink, linesep: str, hint: str | None) -> tuple[list[str], int]:
    """Hand every attachment to the sink; returns (names given, number skipped at the limit).

    An attachment whose transfer encoding is damaged also counts in `parts.damaged`.
    """
    names: list[str] = []
    skipped = 0
    for child in parts.attachments:
        if sink.full:
            skipped += 1
            continue
        meta: dict[str, Any] = {"content_type": child.ctype}
        if child.disposition:
            meta["disposition"] = child.disposition
        content_id = header_str(child.part, "content-id")
        if content_id:
            meta["content_id"] = content_id
        if child.message:
            data, name, problem = _attached_message(child, linesep, hint, len(names) + 1)
        else:
            payload, damaged = payload_bytes(child.part)
            data, name, problem = payload, child.name, "damaged transfer encoding" if damaged else ""
            name = name or f"attachment-{len(names) + 1}{_extension(child.ctype)}"
        if problem:
            meta["defect"] = problem
            parts.damaged += 1
        if data is None:
            record = sink.add_failed(name, Status.CORRUPT, problem or "attachment could not be read", meta=meta)
        else:
            record = sink.add_bytes(name, data, meta)
        names.append(record.name)
    return names, skipped


def _extension(ctype: str) -> str:
    """A file extension for an unnamed attachment of that type (".bin" when none is known)."""
    if ctype in _FALLBACK_EXTENSIONS:
        return _FALLBACK_EXTENSIONS[ctype]
    try:
        return _MIMETYPES.guess_extension(ctype, strict=False) or ".bin"
    except Exception:
        return ".bin"


def _attached_message(child: ChildPart, linesep: str, hint: str | None,
                      number: int) -> tuple[bytes | None, str, str]:
    """Raw bytes of an attached message, and its name: file name, "<subject>.eml" or generic."""
    part = child.part
    inner: Message | None = None
    data: bytes | None = None
    problem = ""
    try:
        payload = part.get_payload()
        if isinstance(payload, list) and payload:
            inner = payload[0]
            data = flatten(inner, linesep)
        else:
            data, damaged = payload_bytes(part)
            problem = "damaged transfer encoding" if damaged else ""
    except Exception as error:
        problem = f"attached message could not be re-serialised ({type(error).__name__})"
    if data is not None and inner is not None and transfer_encoding(part) in ("base64", "quoted-printable"):
        # Not allowed for message/rfc822 but seen: the parser took the encoded text for a message.
        if transfer_encoding(part) == "base64":
            data, damaged = b64decode_lenient(data)
            problem = "damaged transfer encoding" if damaged else problem
        else:
            data = binascii.a2b_qp(data)
        data = data.lstrip(b"\r\n")
        try:
            inner = BytesParser(policy=policy.compat32).parsebytes(data, headersonly=True)
        except Exception:
            inner = None
    name = child.name
    if not name:
        subject = Headers(inner, hint).text("subject") if inner is not None else ""
        safe = _safe_file_name(subject)
        if child.ctype == "message/partial":
            number_param, total = param(part, "number"), param(part, "total")
            name = f"partial-{number_param or number}-of-{total or 'unknown'}.eml"
        else:
            name = f"{safe}.eml" if safe else "attached-message.eml"
    return data, name, problem


def _safe_file_name(text: str) -> str:
    """A subject made usable as a file name: no path or shell characters, at most 100 characters."""
    return " ".join(_FILE_UNSAFE.sub(" ", text).split()).strip(" .")[:100]

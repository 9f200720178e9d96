"""A message's attachments handed to the sink; an embedded message becomes a .msg of its own.

An attachment that cannot be read (broken storage, cloud link, unknown type) is still recorded,
with the reason, so the listing of the message is complete.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from extract_msg.enums import AttachmentType

from trovetriage.core.types import Status
from trovetriage.ingest.extractors.base import ChildSink
from trovetriage.ingest.outlook.opening import quiet, string

_FILE_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


@dataclass
class AttachmentResult:
    names: list[str] = field(default_factory=list)
    skipped: int = 0
    failed: int = 0
    encrypted: list[str] = field(default_factory=list)


def safe_name(text: str) -> str:
    """Text usable as a member name: no path or control characters, at most 100 characters."""
    return " ".join(_FILE_UNSAFE.sub(" ", text).split()).strip(" .")[:100]


def _name(attachment: Any, number: int) -> str:
    for stream in ("3707", "3704", "3001"):  # long file name, short file name, display name
        name = safe_name(string(attachment, stream))
        if name:
            return name
    return f"attachment-{number}"


def _embedded(attachment: Any, number: int) -> tuple[str, bytes]:
    """The embedded message saved as a standalone .msg, named after its subject."""
    inner = attachment.data
    subject = safe_name(string(inner, "0037")) or safe_name(string(attachment, "3001"))
    name = f"{subject or f'attached-message-{number}'}.msg"
    return name, inner.exportBytes(allowBadEmbed=True)


def add_attachments(msg: Any, sink: ChildSink) -> AttachmentResult:
    """Hand every attachment to the sink; failures become failed members, never exceptions."""
    result = AttachmentResult()
    try:
        with quiet():
            attachments = list(msg.attachments or [])
    except Exception:
        attachments = []
        result.failed += 1
    for number, attachment in enumerate(attachments, 1):
        if sink.full:
            result.skipped += 1
            continue
        name = _name(attachment, number)
        kind = getattr(attachment, "type", AttachmentType.UNKNOWN)
        meta: dict[str, Any] = {"attachment_type": getattr(kind, "name", str(kind)).lower()}
        mime = string(attachment, "370E")
        if mime:
            meta["content_type"] = mime.lower()[:200]
        if name.lower() in ("smime.p7m", "message.rpmsg") or mime.lower() in (
                "application/pkcs7-mime", "application/x-pkcs7-mime"):
            result.encrypted.append(name)
        try:
            with quiet():
                if kind in (AttachmentType.MSG, AttachmentType.SIGNED_EMBEDDED):
                    name, data = _embedded(attachment, number)
                else:
                    data = attachment.data
        except Exception as error:
            result.failed += 1
            detail = f"attachment unreadable: {type(error).__name__}: {error}"[:500]
            record = sink.add_failed(name, Status.CORRUPT, detail, meta=meta)
            result.names.append(record.name)
            continue
        if isinstance(data, bytes):
            record = sink.add_bytes(name, data, meta)
        elif kind == AttachmentType.WEB:
            url = string(attachment, "7FF9") or "unknown address"
            record = sink.add_failed(name, Status.UNSUPPORTED, f"reference to a web resource: {url}"[:500], meta=meta)
        else:
            result.failed += 1
            status = Status.UNSUPPORTED if kind == AttachmentType.UNSUPPORTED else Status.CORRUPT
            record = sink.add_failed(name, status, f"{meta['attachment_type']} attachment without readable data",
                                     meta=meta)
        result.names.append(record.name)
    return result

"""Every part of a MIME tree sorted into body text or attachment: nothing is silently dropped.

The tree is walked iteratively, so nesting depth cannot exhaust the stack. Of a
multipart/alternative only one rendering joins the body (plain text before HTML); parts hidden
after a closing boundary are recovered; encrypted parts are noted on the way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from email import policy
from email.message import Message
from email.parser import BytesParser

from trovetriage.ingest.mail import encryption
from trovetriage.ingest.mail.body_text import body_text, report_text
from trovetriage.ingest.mail.parts import charset, content_type, defect_names, disposition, file_name, payload_bytes

#: Leaf text types that are the message body (not attachments) when they carry no file name.
BODY_SUBTYPES = frozenset({"plain", "html", "enriched", "richtext", "x-aol", "markdown", "watch-html"})
#: message/* types whose payload is a whole message: it becomes an attached-message child.
ATTACHED_MESSAGE_TYPES = frozenset({"message/rfc822", "message/global", "message/news", "message/partial"})
#: message/* and text/* types that are short machine reports: their text joins the body.
REPORT_TYPES = frozenset({
    "message/delivery-status", "message/global-delivery-status", "message/disposition-notification",
    "message/global-disposition-notification", "message/feedback-report", "text/rfc822-headers",
    "message/global-headers", "message/external-body",
})


@dataclass
class ChildPart:
    """A part that becomes a child of the message item."""

    part: Message
    ctype: str
    disposition: str
    name: str
    message: bool = False


@dataclass
class MessageParts:
    """What the walk found: body texts in document order, attachments, and what went wrong."""

    bodies: list[str] = field(default_factory=list)
    attachments: list[ChildPart] = field(default_factory=list)
    charsets: list[str] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)
    encrypted: list[str] = field(default_factory=list)
    damaged: int = 0
    parts: int = 0


def _parts_after_close(part: Message) -> list[Message]:
    """MIME parts hidden after a multipart's closing boundary (a known filter-evasion trick).

    Mail clients differ on showing them; the parser files them under the epilogue. They are
    parsed again so that an attachment placed there is not lost.
    """
    try:
        epilogue = part.epilogue
        boundary = part.get_boundary()
    except Exception:
        return []
    if not isinstance(epilogue, str) or not boundary or '"' in boundary or f"--{boundary}" not in epilogue:
        return []
    header = f'Content-Type: multipart/mixed; boundary="{boundary}"\n\n'
    try:
        wrapper = BytesParser(policy=policy.compat32).parsebytes(
            (header + epilogue).encode("utf-8", errors="surrogateescape"))
        payload = wrapper.get_payload()
    except Exception:
        return []
    return [child for child in payload if isinstance(child, Message)] if isinstance(payload, list) else []


def _alternative_rank(part: Message) -> int:
    """How much a multipart/alternative branch is wanted: plain text beats HTML beats the rest."""
    ctype = content_type(part)
    if ctype == "text/plain":
        return 3
    if ctype == "text/html":
        return 2
    if ctype.startswith("multipart/"):
        try:
            children = part.get_payload()
        except Exception:
            return 0
        kinds = {content_type(child) for child in children} if isinstance(children, list) else set()
        return 3 if "text/plain" in kinds else 2 if "text/html" in kinds else 1
    return 0


def walk_parts(message: Message, hint: str | None, max_parts: int = 10_000) -> MessageParts:
    """Sort every part into body text or child, iteratively, in document order."""
    result = MessageParts()
    stack: list[tuple[Message, bool]] = [(message, True)]  # (part, text parts belong to the body)
    while stack:
        part, body_mode = stack.pop()
        result.parts += 1
        if result.parts > max_parts:
            result.defects.append("TooManyParts")
            break
        result.defects.extend(defect_names(part))
        ctype = content_type(part)
        part_charset = charset(part)
        if part_charset and part_charset not in result.charsets:
            result.charsets.append(part_charset)
        part_disposition = disposition(part)
        name = file_name(part, hint)

        if ctype in ATTACHED_MESSAGE_TYPES:
            result.attachments.append(ChildPart(part, ctype, part_disposition, name, message=True))
            continue
        if ctype in REPORT_TYPES and not name and part_disposition != "attachment":
            if body_mode:
                report = report_text(part, hint)
                if report.strip():
                    result.bodies.append(report)
            continue
        try:
            children = part.get_payload() if part.is_multipart() else None
        except Exception:
            children = None
        if isinstance(children, list):
            if ctype == "multipart/encrypted":
                result.encrypted.append(encryption.PGP_MIME)
                children = [child for child in children if content_type(child) != encryption.PGP_CONTROL_TYPE]
            modes = [body_mode] * len(children)
            if ctype == "multipart/alternative" and body_mode and children:
                ranks = [_alternative_rank(child) for child in children]
                chosen = ranks.index(max(ranks))
                modes = [index == chosen for index in range(len(children))]
            hidden = _parts_after_close(part)
            if hidden:
                result.defects.append("PartsAfterCloseBoundaryDefect")
                stack.extend((child, True) for child in reversed(hidden))
            stack.extend(zip(reversed(children), reversed(modes), strict=True))
            continue

        is_attachment = bool(name) or part_disposition == "attachment"
        main, _, sub = ctype.partition("/")
        if ctype in encryption.PKCS7_TYPES:
            data, _ = payload_bytes(part)
            if encryption.is_enveloped_cms(part, data):
                result.encrypted.append(encryption.SMIME_ENVELOPED)
            result.attachments.append(ChildPart(part, ctype, part_disposition, name))
            continue
        if main == "multipart" and not is_attachment:
            # A multipart without a usable boundary: its payload is just text.
            if body_mode:
                text, damaged = body_text(part, "plain", part_charset or hint)
                result.damaged += damaged
                if text.strip():
                    result.bodies.append(text)
            continue
        if main == "text" and sub in BODY_SUBTYPES and not is_attachment:
            if body_mode:
                text, damaged = body_text(part, sub, part_charset or hint)
                result.damaged += damaged
                if encryption.is_pgp_armoured(text):
                    result.encrypted.append(encryption.PGP_INLINE)
                if text.strip():
                    result.bodies.append(text)
            continue  # the other renderings of a multipart/alternative
        result.attachments.append(ChildPart(part, ctype, part_disposition, name))
    return result

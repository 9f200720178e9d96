"""One MIME part, read without raising: its type, parameters, file name, charset and content.

The email package raises on malformed parameters, unknown charsets and broken payloads in
places that differ between its policies; every accessor here turns that into a plain default.
"""

from __future__ import annotations

import io
import re
from email import policy
from email.generator import BytesGenerator
from email.message import Message

from trovetriage.ingest.mail.decoding import b64decode_lenient, clean_str, decode_header_value, one_line
from trovetriage.ingest.mail.headers import METADATA_VALUE_CAP

MAX_NAME = 200

_NAME_JUNK = re.compile(r"[\x00-\x1f\x7f]")


def content_type(part: Message) -> str:
    """The lower-case MIME type; a type without a "/" is taken as opaque bytes."""
    try:
        ctype = part.get_content_type()
    except Exception:
        ctype = "text/plain"
    return ctype.lower() if isinstance(ctype, str) and "/" in ctype else "application/octet-stream"


def param(part: Message, name: str, header: str = "content-type") -> str:
    """A header parameter as text, RFC 2231 encoding decoded ("" when absent or unreadable)."""
    try:
        value = part.get_param(name, header=header)
    except Exception:
        return ""
    if isinstance(value, tuple):  # RFC 2231 (charset, language, value)
        try:
            value = bytes(value[2], "raw-unicode-escape").decode(value[0] or "utf-8", errors="replace")
        except (LookupError, TypeError, ValueError):
            value = str(value[2])
    return value.strip() if isinstance(value, str) else ""


def disposition(part: Message) -> str:
    """The lower-case Content-Disposition ("inline", "attachment"), or "" when there is none."""
    try:
        value = part.get_content_disposition()
    except Exception:
        raw = str(part.get("content-disposition", "") or "")
        value = raw.split(";", 1)[0].strip().lower() or None
    return value or ""


def file_name(part: Message, hint: str | None) -> str:
    """The part's file name, decoded, reduced to its last path component."""
    try:
        name = part.get_filename()
    except Exception:
        name = None
    if not name:
        name = param(part, "filename", "content-disposition") or param(part, "name")
    if not isinstance(name, str) or not name.strip():
        return ""
    name = decode_header_value(name, hint) if "=?" in name else clean_str(name, hint)
    name = _NAME_JUNK.sub("", name).strip()
    name = re.split(r"[\\/]", name)[-1].strip()
    return name[:MAX_NAME]


def charset(part: Message) -> str:
    """The declared charset label, lower case ("" when none)."""
    try:
        value = part.get_content_charset()
    except Exception:
        value = param(part, "charset").lower()
    return clean_str(value).strip().lower()[:40] if isinstance(value, str) else ""


def header_str(part: Message, name: str) -> str:
    """One header of a part as clean text on one line ("" when absent or unreadable)."""
    try:
        value = part.get(name, "")
    except Exception:
        return ""
    return one_line(clean_str(str(value or "")))[:METADATA_VALUE_CAP]


def transfer_encoding(part: Message) -> str:
    """The Content-Transfer-Encoding, lower case ("" when none)."""
    return header_str(part, "content-transfer-encoding").lower()


def defect_names(part: Message) -> list[str]:
    """Class names of the defects the parser recorded on this part."""
    try:
        return [type(defect).__name__ for defect in getattr(part, "defects", [])]
    except Exception:
        return []


def payload_bytes(part: Message) -> tuple[bytes, bool]:
    """The decoded content of a leaf part; (bytes, damaged). Base64 is decoded leniently."""
    if transfer_encoding(part) == "base64":
        try:
            raw = part.get_payload(decode=False)
        except Exception:
            raw = ""
        if isinstance(raw, str):
            return b64decode_lenient(raw.encode("ascii", errors="ignore"))
        return b"", False
    try:
        data = part.get_payload(decode=True)
    except Exception:
        data = None
    if isinstance(data, bytes):
        return data, False
    try:
        raw = part.get_payload(decode=False)
    except Exception:
        return b"", True
    if isinstance(raw, str):
        return raw.encode("utf-8", errors="surrogateescape"), True
    return b"", False


def flatten(message: Message, linesep: str) -> bytes:
    """A parsed message back to bytes as it was: raw headers, no refolding."""
    buffer = io.BytesIO()
    generator = BytesGenerator(buffer, mangle_from_=False,
                               policy=policy.compat32.clone(max_line_length=None, linesep=linesep))
    generator.flatten(message)
    return buffer.getvalue()

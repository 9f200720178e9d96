"""What a PDF says about itself outside its pages: Info-dictionary dates and its security handler.

pdfium refuses a password-protected file without telling which encryption it uses; investigators
triaging a trove want to know ("RC4 40-bit" is crackable in minutes, "AES-256" is not), so the
encryption dictionary is read from the raw bytes with a few bounded regular expressions.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

#: How much of a file's head and of its tail is searched for the encryption dictionary.
SCAN_BYTES = 4 * 1024 * 1024
#: The largest encryption dictionary looked at (real ones are a few hundred bytes).
MAX_DICT_BYTES = 4096
#: An encryption dictionary written inline in the trailer has no `endobj` to stop at.
INLINE_DICT_BYTES = 1024

_PDF_DATE = re.compile(
    r"^\s*(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?"
    r"\s*(?:[Zz]|([+-])(\d{2})'?(?:(\d{2})'?)?)?", re.ASCII)
_ENCRYPT_REF = re.compile(rb"/Encrypt\s*(\d{1,10})\s+(\d{1,5})\s+R")
_ENCRYPT_INLINE = re.compile(rb"/Encrypt\s*<<")
_FILTER = re.compile(rb"/Filter\s*/([A-Za-z0-9_.#-]{1,64})")
_SUB_FILTER = re.compile(rb"/SubFilter\s*/([A-Za-z0-9_.#-]{1,64})")
_V = re.compile(rb"/V\s+(\d{1,2})\b")
_R = re.compile(rb"/R\s+(\d{1,2})\b")
_LENGTH = re.compile(rb"/Length\s+(\d{1,4})\b")
_CFM = re.compile(rb"/CFM\s*/([A-Za-z0-9]{1,16})")


def parse_pdf_date(value: str) -> datetime | None:
    """A timezone-aware datetime from `D:YYYYMMDDHHmmSSOHH'mm'` (all but the year optional).

    A date without an offset is taken as UTC, as mail dates with an unknown zone are.
    """
    match = _PDF_DATE.match(value or "")
    if not match:
        return None
    year, month, day, hour, minute, second, sign, off_h, off_m = match.groups()
    zone: timezone = UTC
    if sign:
        offset = timedelta(hours=int(off_h), minutes=int(off_m or 0))
        if offset >= timedelta(hours=24):
            return None
        zone = timezone(-offset if sign == "-" else offset)
    try:
        return datetime(int(year), int(month or 1), int(day or 1), int(hour or 0), int(minute or 0),
                        int(second or 0), tzinfo=zone)
    except ValueError:
        return None


def describe_security(path: Path) -> str:
    """'Standard security handler R4, AES-128' or '' when no encryption dictionary is found."""
    found = _encryption_dict(_head_and_tail(path))
    return describe_encryption_dict(found) if found else ""


def describe_encryption_dict(data: bytes) -> str:
    """Name the handler, revision and cipher an encryption dictionary declares."""
    filter_name = _first(_FILTER, data) or "unknown"
    if filter_name != "Standard":
        sub = _first(_SUB_FILTER, data)
        kind = "public-key (certificate)" if "PubSec" in filter_name or sub.startswith("adbe.pkcs7") else "custom"
        return f"{filter_name} {kind} security handler" + (f" ({sub})" if sub else "")
    revision = _first(_R, data)
    text = "Standard security handler" + (f" R{revision}" if revision else "")
    cipher = _cipher(revision, _first(_V, data), _first(_CFM, data), _first(_LENGTH, data))
    return f"{text}, {cipher}" if cipher else text


def _cipher(revision: str, version: str, cfm: str, length: str) -> str:
    if revision in ("5", "6") or version == "5" or cfm == "AESV3":
        return "AES-256"
    if cfm == "AESV2":
        return "AES-128"
    if revision == "2" or version == "1":
        return "RC4 40-bit"
    if revision in ("3", "4"):
        return f"RC4 {int(length) if length else 40}-bit"
    return ""


def _first(pattern: re.Pattern[bytes], data: bytes) -> str:
    match = pattern.search(data)
    return match.group(1).decode("ascii", "replace") if match else ""


def _head_and_tail(path: Path) -> bytes:
    with path.open("rb") as handle:
        size = handle.seek(0, 2)
        handle.seek(0)
        if size <= 2 * SCAN_BYTES:
            return handle.read()
        head = handle.read(SCAN_BYTES)
        handle.seek(size - SCAN_BYTES)
        return head + handle.read(SCAN_BYTES)


def _encryption_dict(data: bytes) -> bytes:
    """The bytes of the encryption dictionary the trailer points at (last trailer wins)."""
    refs = list(_ENCRYPT_REF.finditer(data))
    if refs:
        number, generation = refs[-1].group(1), refs[-1].group(2)
        obj = re.compile(rb"(?<!\d)" + number + rb"\s+" + generation + rb"\s+obj\b")
        starts = list(obj.finditer(data))
        if starts:
            start = starts[-1].end()
            window = data[start:start + MAX_DICT_BYTES]
            return window.split(b"endobj", 1)[0]
    inline = _ENCRYPT_INLINE.search(data)
    if inline:
        return data[inline.end():inline.end() + INLINE_DICT_BYTES]
    return b""

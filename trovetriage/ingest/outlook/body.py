"""The readable body of a message: plain text first, else HTML reduced to text, else the RTF body.

Outlook stores up to three renderings; many messages only have compressed RTF, which is either
encapsulated HTML/plain text (de-encapsulated by extract-msg) or real RTF, reduced to text by the
shared RTF routine (`rtf_text.rtf_to_text`, which .pst and TNEF bodies use too).
"""

from __future__ import annotations

from typing import Any

from extract_msg.enums import DeencapType

from trovetriage.ingest.extractors.html import declared_charset, html_to_text
from trovetriage.ingest.outlook.opening import prop, quiet
from trovetriage.ingest.rtf_text import rtf_to_text
from trovetriage.ingest.textdecode import decode_text


def _attempt(read: Any) -> Any:
    try:
        with quiet():
            return read()
    except Exception:
        return None


def _html_text(data: bytes | str, codepage: str | None) -> str:
    if isinstance(data, bytes):
        data = decode_text(data, declared_charset(data[:4096]) or codepage)[0]
    return html_to_text(data)[0]


def body_text(msg: Any) -> tuple[str, str]:
    """(text, which rendering it came from: "plain", "html", "rtf-html", "rtf-text", "rtf" or "")."""
    cpid = prop(msg, "3FDE0003")
    codepage = f"cp{cpid}" if isinstance(cpid, int) and cpid not in (65001, 1200) else None
    plain = _attempt(lambda: msg.getStringStream("__substg1.0_1000"))
    if isinstance(plain, str) and plain.strip():
        return plain.strip(), "plain"
    html = _attempt(lambda: msg.getStream("__substg1.0_10130102")) or _attempt(
        lambda: msg.getStringStream("__substg1.0_1013"))
    if html:
        text = _html_text(html, codepage)
        if text.strip():
            return text.strip(), "html"
    rtf = _attempt(lambda: msg.rtfBody)
    if not isinstance(rtf, bytes) or not rtf:
        return "", ""
    for kind, label in ((DeencapType.HTML, "rtf-html"), (DeencapType.PLAIN, "rtf-text")):
        inner = _attempt(lambda kind=kind: msg.deencapsulateBody(rtf, kind))
        if inner:
            text = _html_text(inner, codepage) if kind == DeencapType.HTML else (
                inner if isinstance(inner, str) else decode_text(inner, codepage)[0])
            if text.strip():
                return text.strip(), label
    text = rtf_to_text(rtf)
    return text, "rtf" if text else ""

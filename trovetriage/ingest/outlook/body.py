"""The readable body of a message: plain text first, else HTML reduced to text, else the RTF body.

Outlook stores up to three renderings; many messages only have compressed RTF, which is either
encapsulated HTML/plain text (de-encapsulated by extract-msg) or real RTF (reduced here crudely
but searchably).
"""

from __future__ import annotations

import re
from typing import Any

from extract_msg.enums import DeencapType

from trovetriage.ingest.extractors.html import declared_charset, html_to_text
from trovetriage.ingest.outlook.opening import prop, quiet
from trovetriage.ingest.textdecode import decode_text

_RTF_SKIP = frozenset({"fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "listtable",
                       "listoverridetable", "rsidtbl", "generator", "latentstyles", "themedata", "datastore"})
_RTF_TOKEN = re.compile(r"\\\*|\\[a-zA-Z]+-?\d* ?|\\'[0-9a-fA-F]{2}|\\.|[{}]|[^\\{}]+", re.DOTALL)


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


def rtf_to_text(rtf: bytes) -> str:
    """Real (not encapsulated) RTF reduced to its words: tables, pictures and metadata groups dropped."""
    out: list[str] = []
    skip_depth = 0  # >0 while inside a group that holds no text
    depth = 0
    fresh_group = False
    for token in _RTF_TOKEN.findall(rtf.decode("latin-1")):
        if token == "{":
            depth += 1
            fresh_group = True
            continue
        if token == "}":
            if skip_depth and depth <= skip_depth:
                skip_depth = 0
            depth -= 1
            continue
        starts_group, fresh_group = fresh_group, False
        if skip_depth:
            continue
        if token == "\\*" or (starts_group and token[1:].rstrip(" -0123456789") in _RTF_SKIP):
            skip_depth = depth
        elif token.startswith("\\'"):
            out.append(bytes([int(token[2:], 16)]).decode("cp1252", errors="replace"))
        elif token.startswith("\\"):
            word = token[1:].rstrip(" -0123456789")
            if word in ("par", "line", "row", "cell"):
                out.append("\n")
            elif word == "tab":
                out.append("\t")
        else:
            out.append(token.replace("\r", "").replace("\n", "").replace("\x00", ""))
    return "\n".join(line.strip() for line in "".join(out).splitlines() if line.strip())


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

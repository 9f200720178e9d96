"""TNEF (winmail.dat, application/ms-tnef): Outlook's wrapper for rich-text mail and its attachments.

Mail clients other than Outlook show a TNEF part as an opaque winmail.dat, so the attachments of
such mail are only found by unwrapping it. The stream is bounds-checked first (`tnef_bounds`),
because tnefparse trusts every count in the file.
"""

from __future__ import annotations

from typing import Any, ClassVar

from trovetriage.core.limits import Limits
from trovetriage.core.types import Extraction, Kind, Sniffed, Status
from trovetriage.ingest.extractors.base import ChildSink, Source, extract_or_corrupt
from trovetriage.ingest.extractors.html import html_to_text
from trovetriage.ingest.extractors.scoring import score_by_type_or_name
from trovetriage.ingest.extractors.tnef_bounds import TnefBoundsError, check_tnef
from trovetriage.ingest.outlook.attachments import safe_name
from trovetriage.ingest.outlook.opening import quiet
from trovetriage.ingest.rtf_text import rtf_to_text
from trovetriage.ingest.textdecode import decode_text

MIME_TYPES = frozenset({"application/vnd.ms-tnef", "application/ms-tnef"})
EXTENSIONS = frozenset({".dat", ".tnef"})
_SIGNATURE = b"\x78\x9f\x3e\x22"
_SUBJECT, _MESSAGE_CLASS = 0x8004, 0x8008


class TnefExtractor:
    """A winmail.dat: body (plain, HTML or RTF) as text, attachments as children."""

    name: ClassVar[str] = "tnef"

    def score(self, sniffed: Sniffed) -> int:
        """libmagic names TNEF; a .dat/.tnef name on unnamed bytes is a good guess too."""
        return score_by_type_or_name(sniffed, MIME_TYPES, EXTENSIONS, by_name=60)

    def extract(self, source: Source, sink: ChildSink, limits: Limits) -> Extraction:
        sink.decompressing = False  # attachments are stored, not inflated
        return extract_or_corrupt(Kind.EMAIL, self._extract, source, sink, limits)

    def _extract(self, source: Source, sink: ChildSink, limits: Limits) -> Extraction:
        data = source.read_bytes()
        if not data.startswith(_SIGNATURE):
            return Extraction(kind=Kind.OTHER, status=Status.CORRUPT, title=source.sniffed.name,
                              detail="not a TNEF stream (signature 0x223e9f78 missing)")
        try:
            check_tnef(data)
        except TnefBoundsError as error:
            return Extraction(kind=Kind.EMAIL, status=Status.CORRUPT, title=source.sniffed.name,
                              detail=f"damaged TNEF stream: {error}")
        import tnefparse  # imported late: only TNEF files pay for it

        with quiet():
            parsed = tnefparse.TNEF(data, do_checksum=False)
        return _read(parsed, source, sink, limits)


def _as_text(value: Any, codepage: str | None) -> str:
    if isinstance(value, list):
        value = b"".join(v if isinstance(v, bytes) else str(v).encode() for v in value)
    if isinstance(value, bytes):
        return decode_text(value.rstrip(b"\x00"), codepage)[0]
    return str(value or "").rstrip("\x00")


def _body(parsed: Any) -> tuple[str, str]:
    """(text, rendering): plain text first, else HTML reduced to text, else RTF reduced to words."""
    codepage = parsed.codepage if isinstance(parsed.codepage, str) else None
    plain = _as_text(parsed.body, codepage).strip()
    if plain:
        return plain, "plain"
    html = _as_text(parsed.htmlbody, codepage)
    if html.strip():
        return html_to_text(html)[0].strip(), "html"
    with quiet():
        rtf = parsed.rtfbody
    if isinstance(rtf, bytes) and rtf:
        return rtf_to_text(rtf), "rtf"
    return "", ""


def _props(parsed: Any) -> dict[int, Any]:
    return {obj.name: obj.data for obj in parsed.msgprops if isinstance(obj.data, str | bytes | int)}


def _read(parsed: Any, source: Source, sink: ChildSink, limits: Limits) -> Extraction:
    props = _props(parsed)
    subject = _as_text(props.get(_SUBJECT, ""), None).strip()
    message_class = _as_text(props.get(_MESSAGE_CLASS, ""), None).strip()
    names: list[str] = []
    skipped = 0
    for number, attachment in enumerate(parsed.attachments, 1):
        if sink.full:
            skipped += 1
            continue
        try:
            name = safe_name(_as_text(attachment.long_filename(), None)) or f"attachment-{number}"
        except Exception:
            name = f"attachment-{number}"
        payload = attachment.data if isinstance(attachment.data, bytes) else b""
        names.append(sink.add_bytes(name, payload, {"source": "tnef"}).name)
    body, rendering = _body(parsed)
    summary = "\n".join(line for line in (
        f"Subject: {subject}" if subject else "", f"Attachments: {', '.join(names)}" if names else "") if line)
    text = "\n\n".join(p for p in (summary, body) if p)[: limits.max_text_chars]
    notes = [f"TNEF message class {message_class or 'unknown'}"]
    if skipped:
        notes.append(f"member limit reached: {skipped} attachment(s) not extracted")
    status = Status.SKIPPED_BOMB if skipped else Status.OK
    if not body and not names:
        status, notes = Status.EMPTY, [*notes, "no body and no attachments"]
    kind = Kind.EMAIL if not message_class or "note" in message_class.lower() else Kind.OTHER
    return Extraction(kind=kind, status=status, detail="; ".join(notes), text=text,
                      title=subject or source.sniffed.name,
                      metadata={"message_class": message_class[:200], "body_format": rendering,
                                "attachment_count": len(names) + skipped, "key": int(parsed.key)})

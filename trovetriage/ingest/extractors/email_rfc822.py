"""RFC 822 / MIME messages (.eml, Exchange exports, Apple .emlx): headers, body text, attachments.

Stolen mail is often malformed: 8-bit headers, unknown charsets, missing boundaries, broken
base64. The reading is done by `trovetriage.ingest.mail`, whose helpers never raise, so one bad
header never costs the message. Every part ends up either in the body text or as a child: nothing
is silently dropped.

Those helpers look up each part's headers many times, and under the default policy every look-up
parsed the header anew (half of the extraction time); so the message is parsed with a header
cache of its own, which changes nothing but the speed (`email_header_cache`).
"""

from __future__ import annotations

from typing import ClassVar

from trovetriage.core.limits import Limits
from trovetriage.core.types import Extraction, Kind, Sniffed, Status
from trovetriage.ingest.extractors.base import ChildSink, Source
from trovetriage.ingest.extractors.email_header_cache import parse_message_cached
from trovetriage.ingest.extractors.mbox import MboxExtractor
from trovetriage.ingest.extractors.scoring import UNNAMED_CONTENT, score_by_type_or_name
from trovetriage.ingest.mail.attachments import add_attachments
from trovetriage.ingest.mail.headers import MAX_LIST, Headers, parse_date, received_date
from trovetriage.ingest.mail.metadata import MAX_DEFECTS, header_summary, message_metadata
from trovetriage.ingest.mail.parsing import line_separator, strip_envelope
from trovetriage.ingest.mail.parts import charset
from trovetriage.ingest.mail.walk import walk_parts
from trovetriage.ingest.sniff import has_later_separator
from trovetriage.ingest.textdecode import decode_text

MIME_TYPES = frozenset({"message/rfc822", "message/global", "message/news"})
EXTENSIONS = frozenset({".eml", ".emlx", ".msg", ".mht", ".mhtml", ".nws", ".mime", ".mail"})
#: An empty .eml is still a message item (status "empty", kind email), so empty content counts too.
_UNNAMED_CONTENT = UNNAMED_CONTENT | {"application/x-empty"}


class EmailExtractor:
    """One RFC 822 message: header summary plus body as text; attachments as children."""

    name: ClassVar[str] = "email"

    def score(self, sniffed: Sniffed) -> int:
        """Exact message types win; mail file names on text or unknown bytes beat plain text."""
        return score_by_type_or_name(sniffed, MIME_TYPES, EXTENSIONS, by_name=70, unnamed_content=_UNNAMED_CONTENT)

    def extract(self, source: Source, sink: ChildSink, limits: Limits) -> Extraction:
        sink.decompressing = False  # attachments are decoded, not inflated: no bomb arithmetic
        try:
            data = source.read_bytes()
        except OSError as error:
            return Extraction(kind=Kind.EMAIL, status=Status.CORRUPT, detail=f"cannot read file: {error}")
        try:
            return self._extract(data, source, sink, limits)
        except Exception as error:  # last line of defence: a parser bug is a status, not a crash
            return Extraction(kind=Kind.EMAIL, status=Status.CORRUPT,
                              detail=f"message could not be parsed ({type(error).__name__}: {error})"[:500],
                              text=_raw_text(data, limits))

    def _extract(self, data: bytes, source: Source, sink: ChildSink, limits: Limits) -> Extraction:
        """Parse, sort the parts into body and attachments, and sum up the message for the index."""
        data, envelope_note = strip_envelope(data, source.sniffed.extension)
        if data.startswith(b"From ") and has_later_separator(data):
            # sniff saw one envelope line in the head only; more separators later make it a mailbox
            return MboxExtractor().extract(source, sink, limits)
        notes = [envelope_note] if envelope_note else []
        if not data.strip():
            return Extraction(kind=Kind.EMAIL, status=Status.EMPTY, detail="file is empty")
        parsed = parse_message_cached(data)
        notes.extend(parsed.notes)
        message = parsed.message
        headers = Headers(message) if message is not None else None
        if message is None or headers is None or not headers.items:
            return Extraction(kind=Kind.EMAIL, status=Status.CORRUPT,
                              detail="; ".join(["no mail headers found; the text is the raw content", *notes]),
                              text=_raw_text(data, limits))

        top_charset = charset(message) or None
        parts = walk_parts(message, top_charset)
        hint = top_charset or (parts.charsets[0] if parts.charsets else None)
        headers.hint = hint
        children, skipped = add_attachments(parts, sink, line_separator(data), hint)
        metadata = message_metadata(headers, message, parts, len(children) + skipped)

        from_pairs = headers.addresses("from") or headers.addresses("sender")
        sender = from_pairs[0][1].lower() if from_pairs and from_pairs[0][1] else ""
        recipients = list(dict.fromkeys(
            addr.lower() for _, addr in headers.addresses("to", "cc", "bcc") if addr))
        subject = headers.text("subject")
        date = parse_date(headers.text("date"))
        if date is None and not headers.raw("date"):
            date = received_date(headers)
            if date is not None:
                metadata["date_source"] = "received"

        summary = header_summary(headers, children)
        body = "\n\n".join(parts.bodies).strip()
        text = "\n\n".join(piece for piece in (summary, body) if piece)
        if len(text) > limits.max_text_chars:
            text = text[: limits.max_text_chars]
            notes.append(f"text cut at {len(text):,} characters (limit max_text_chars={limits.max_text_chars:,})")
        if parts.damaged:
            notes.append(f"undecodable content in {parts.damaged} part(s); kept what decoded")
            metadata["defects"] = (metadata["defects"] + ["UndecodableBase64Defect"])[:MAX_DEFECTS]
        if skipped:
            notes.append(f"member limit reached: {skipped} attachment(s) not extracted")
        status = Status.SKIPPED_BOMB if skipped else Status.OK  # DESIGN §3: limit hit -> skipped_*
        if parts.encrypted:
            status = Status.ENCRYPTED
            notes.insert(0, f"{parts.encrypted[0]}: the content cannot be read without the recipient's key")
        elif not body and not children:
            notes.insert(0, "no body")
        return Extraction(kind=Kind.EMAIL, status=status, detail="; ".join(notes), text=text,
                          title=subject, date=date, sender=sender, recipients=recipients[:MAX_LIST],
                          metadata=metadata)


def _raw_text(data: bytes, limits: Limits) -> str:
    """What cannot be read as a message is still searchable as text."""
    return decode_text(data[: limits.max_text_chars * 4])[0][: limits.max_text_chars]

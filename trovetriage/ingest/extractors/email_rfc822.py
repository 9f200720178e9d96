"""RFC 822 / MIME messages (.eml, Exchange exports, Apple .emlx): headers, body text, attachments.

Stolen mail is often malformed: 8-bit headers, unknown charsets, missing boundaries, broken
base64. Every header is read through helpers that cannot raise, so one bad header never costs the
message; the MIME tree is walked iteratively so nesting depth cannot exhaust the stack. Every
part ends up either in the body text or as a child: nothing is silently dropped.
"""

from __future__ import annotations

import binascii
import io
import mimetypes
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy
from email.generator import BytesGenerator
from email.message import Message
from email.parser import BytesHeaderParser, BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from typing import Any, ClassVar

from trovetriage.core.limits import Limits
from trovetriage.core.types import Extraction, Kind, Sniffed, Status
from trovetriage.ingest.extractors.base import ChildSink, Source
from trovetriage.ingest.extractors.html import html_to_text
from trovetriage.ingest.textdecode import decode_text

MIME_TYPES = frozenset({"message/rfc822", "message/global", "message/news"})
EXTENSIONS = frozenset({".eml", ".emlx", ".msg", ".mht", ".mhtml", ".nws", ".mime", ".mail"})
HEADER_VALUE_CAP = 256 * 1024      # longer header values are cut before any parsing
METADATA_VALUE_CAP = 1000
MAX_DEFECTS = 20
MAX_LIST = 5000
MAX_NAME = 200

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
PKCS7_TYPES = frozenset({"application/pkcs7-mime", "application/x-pkcs7-mime"})
#: DER object identifiers of CMS content types that mean "encrypted".
_CMS_ENVELOPED = bytes.fromhex("06092a864886f70d010703")              # 1.2.840.113549.1.7.3
_CMS_AUTH_ENVELOPED = bytes.fromhex("060b2a864886f70d0109100117")     # 1.2.840.113549.1.9.16.1.23

_FALLBACK_EXTENSIONS = {
    "message/rfc822": ".eml", "message/global": ".eml", "message/news": ".eml", "message/partial": ".eml",
    "text/plain": ".txt", "text/html": ".html", "image/jpeg": ".jpg", "application/octet-stream": ".bin",
    "text/calendar": ".ics", "application/ms-tnef": ".dat", "application/vnd.ms-tnef": ".dat",
    "application/pkcs7-mime": ".p7m", "application/x-pkcs7-mime": ".p7m",
    "application/pkcs7-signature": ".p7s", "application/x-pkcs7-signature": ".p7s",
    "application/pgp-signature": ".asc", "application/pgp-encrypted": ".asc", "text/x-vcard": ".vcf",
}
_MIMETYPES = mimetypes.MimeTypes()  # built-in table only: names do not depend on the host's mime.types

_ENCODED_WORD = re.compile(r"=\?([^?\s]{1,80})\?([QqBb])\?([^?]*?)\?=")
_FOLD = re.compile(r"\r?\n(?=[ \t])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_COMMENT = re.compile(r"\([^()]*\)")
_RECEIVED_FROM = re.compile(r"(?:^|\s)from\s+([^\s;]+)", re.IGNORECASE)
_RECEIVED_BY = re.compile(r"(?:^|\s)by\s+([^\s;]+)", re.IGNORECASE)
_RECEIVED_KEYWORDS = frozenset({"from", "by", "with", "via", "id", "for", "unknown-host"})
_HOST = re.compile(r"^[a-z0-9](?:[a-z0-9._:-]{0,253})$")
_MSG_ID = re.compile(r"<[^<>\s]{1,998}>")
_EMLX_COUNT = re.compile(rb"^\s{0,16}(\d{1,12})[ \t]*\r?\n")
_HEADER_START = re.compile(rb"[A-Za-z0-9-]{1,76}:")
_B64_JUNK = re.compile(rb"[^A-Za-z0-9+/=]")
_NAME_JUNK = re.compile(r"[\x00-\x1f\x7f]")
_FILE_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_PGP_MESSAGE = "-----BEGIN PGP MESSAGE-----"


# --- decoding helpers: none of them raises ------------------------------------------------------


def b64decode_lenient(raw: bytes) -> tuple[bytes, bool]:
    """Decode base64, keeping what decodes; returns (bytes, damaged).

    Stray characters are skipped, missing padding is added, and a segment that ends with an
    impossible single character loses only that character. Padding inside the data (two
    encodings concatenated) starts a new segment instead of corrupting the rest.
    """
    cleaned = re.sub(rb"\s+", b"", raw)
    junk = _B64_JUNK.search(cleaned) is not None
    if junk:
        cleaned = _B64_JUNK.sub(b"", cleaned)
    damaged = junk
    out = bytearray()
    for segment in re.split(rb"=+", cleaned):
        if not segment:
            continue
        rest = len(segment) % 4
        if rest == 1:
            segment, damaged = segment[:-1], True
        elif rest:
            segment += b"=" * (4 - rest)
        try:
            out += binascii.a2b_base64(segment)
        except (binascii.Error, ValueError):
            damaged = True
    return bytes(out), damaged


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def clean_str(text: str, hint: str | None = None) -> str:
    """Text safe to store: raw 8-bit bytes (kept by the parser as surrogates) decoded, NULs gone."""
    if _has_surrogates(text):
        text = decode_text(text.encode("utf-8", errors="surrogateescape"), hint)[0]
        if _has_surrogates(text):  # pragma: no cover - decode_text never yields surrogates
            text = text.encode("utf-8", errors="replace").decode("utf-8")
    return text.replace("\x00", "")


def _decode_word(charset: str, encoding: str, payload: str) -> bytes:
    raw = payload.encode("utf-8", errors="surrogateescape")
    if encoding.upper() == "B":
        return b64decode_lenient(raw)[0]
    try:
        return binascii.a2b_qp(raw, header=True)
    except (binascii.Error, ValueError):
        return raw


def decode_header_value(value: str, hint: str | None = None) -> str:
    """Unfold and decode RFC 2047 encoded words, tolerating unknown charsets and bad base64.

    Adjacent encoded words in one charset are joined as bytes before decoding, because mailers
    split multi-byte characters across words.
    """
    value = _FOLD.sub("", value[:HEADER_VALUE_CAP])
    out: list[str] = []
    run_charset: str | None = None
    run = bytearray()

    def flush() -> None:
        nonlocal run_charset
        if run_charset is not None:
            out.append(decode_text(bytes(run), run_charset)[0])
        run.clear()
        run_charset = None

    position = 0
    for match in _ENCODED_WORD.finditer(value):
        gap = value[position:match.start()]
        if run_charset is None or gap.strip():
            flush()
            out.append(clean_str(gap, hint))
        charset = match.group(1).split("*", 1)[0].lower()
        if run_charset is not None and charset != run_charset:
            flush()
        run_charset = charset
        run += _decode_word(charset, match.group(2), match.group(3))
        position = match.end()
    flush()
    out.append(clean_str(value[position:], hint))
    return _CONTROL.sub(" ", "".join(out)).strip()


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- header access ------------------------------------------------------------------------------


class Headers:
    """Raw headers of one message, read once; lookups are case-insensitive and never raise."""

    def __init__(self, message: Message, hint: str | None = None) -> None:
        self.hint = hint
        self.items: list[tuple[str, str]] = []
        try:
            for name, value in message.raw_items():
                self.items.append((str(name), value if isinstance(value, str) else str(value)))
        except Exception:  # a header object that cannot even be listed
            self.items = []

    def raw_all(self, name: str) -> list[str]:
        key = name.lower()
        return [value[:HEADER_VALUE_CAP] for item, value in self.items if item.lower() == key]

    def raw(self, name: str) -> str:
        found = self.raw_all(name)
        return found[0] if found else ""

    def text(self, name: str) -> str:
        """The decoded value of the first header of that name, on one line ("" when absent)."""
        raw = self.raw(name)
        return _one_line(decode_header_value(raw, self.hint)) if raw else ""

    def addresses(self, *names: str) -> list[tuple[str, str]]:
        """(display name, addr-spec) pairs of address headers; groups and junk tolerated."""
        values = [value for name in names for value in self.raw_all(name)]
        return parse_addresses(values, self.hint)


def parse_addresses(values: list[str], hint: str | None = None) -> list[tuple[str, str]]:
    """Parse before decoding, so commas inside encoded display names do not split addresses."""
    if not values:
        return []
    unfolded = [_FOLD.sub("", value) for value in values]
    try:
        pairs = getaddresses(unfolded)
    except Exception:
        pairs = []
    found: list[tuple[str, str]] = []
    for name, addr in pairs:
        if "=?" in addr and "@" not in addr:
            # A mailer encoded the whole "Name <addr>": decode first, then parse again.
            try:
                nested = getaddresses([decode_header_value(addr, hint)])
            except Exception:
                nested = []
            found.extend((decode_header_value(n, hint), clean_str(a, hint).strip()) for n, a in nested)
            continue
        found.append((_one_line(decode_header_value(name, hint)), _one_line(clean_str(addr, hint)).strip("<> ")))
    if not found or not any(addr for _, addr in found):
        # Nothing parsed: fall back to anything that looks like an address.
        text = " ".join(decode_header_value(value, hint) for value in values)
        found = [("", addr) for addr in re.findall(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", text)]
    return [(name, addr) for name, addr in found if name or addr][:MAX_LIST]


def display_address(name: str, addr: str) -> str:
    if name and addr:
        return f"{name} <{addr}>"
    return addr or name


def received_hosts(values: Iterable[str]) -> list[str]:
    """Host names of `Received: from X ... by Y` lines, top to bottom, each host once."""
    hosts: dict[str, None] = {}
    for raw in values:
        line = _one_line(clean_str(_FOLD.sub("", raw)))
        line = line.rsplit(";", 1)[0] if ";" in line else line
        for _ in range(8):  # nested comments, innermost first
            stripped = _COMMENT.sub(" ", line)
            if stripped == line:
                break
            line = stripped
        for pattern in (_RECEIVED_FROM, _RECEIVED_BY):
            match = pattern.search(line)
            if match:
                host = match.group(1).strip("[]<>,.'\"").lower()
                if _HOST.match(host) and host not in _RECEIVED_KEYWORDS:
                    hosts.setdefault(host, None)
    return list(hosts)


def parse_date(value: str) -> datetime | None:
    """A timezone-aware datetime, or None; "-0000" (zone unknown) is taken as UTC."""
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed is None or not 1900 <= parsed.year <= 2200:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


# --- part inspection ----------------------------------------------------------------------------


def _content_type(part: Message) -> str:
    try:
        ctype = part.get_content_type()
    except Exception:
        ctype = "text/plain"
    return ctype.lower() if isinstance(ctype, str) and "/" in ctype else "application/octet-stream"


def _param(part: Message, name: str, header: str = "content-type") -> str:
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


def _disposition(part: Message) -> str:
    try:
        value = part.get_content_disposition()
    except Exception:
        raw = str(part.get("content-disposition", "") or "")
        value = raw.split(";", 1)[0].strip().lower() or None
    return value or ""


def _filename(part: Message, hint: str | None) -> str:
    """The part's file name, decoded, reduced to its last path component."""
    try:
        name = part.get_filename()
    except Exception:
        name = None
    if not name:
        name = _param(part, "filename", "content-disposition") or _param(part, "name")
    if not isinstance(name, str) or not name.strip():
        return ""
    name = decode_header_value(name, hint) if "=?" in name else clean_str(name, hint)
    name = _NAME_JUNK.sub("", name).strip()
    name = re.split(r"[\\/]", name)[-1].strip()
    return name[:MAX_NAME]


def _charset(part: Message) -> str:
    try:
        value = part.get_content_charset()
    except Exception:
        value = _param(part, "charset").lower()
    return clean_str(value).strip().lower()[:40] if isinstance(value, str) else ""


def _header_str(part: Message, name: str) -> str:
    """One header of a part as clean text on one line ("" when absent or unreadable)."""
    try:
        value = part.get(name, "")
    except Exception:
        return ""
    return _one_line(clean_str(str(value or "")))[:METADATA_VALUE_CAP]


def _cte(part: Message) -> str:
    return _header_str(part, "content-transfer-encoding").lower()


def _defect_names(part: Message) -> list[str]:
    try:
        return [type(defect).__name__ for defect in getattr(part, "defects", [])]
    except Exception:
        return []


def payload_bytes(part: Message) -> tuple[bytes, bool]:
    """The decoded content of a leaf part; (bytes, damaged). Base64 is decoded leniently."""
    if _cte(part) == "base64":
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


def _linesep(data: bytes) -> str:
    head = data[:65536]
    return "\r\n" if head.count(b"\r\n") * 2 >= head.count(b"\n") else "\n"


def flatten(message: Message, linesep: str) -> bytes:
    """A parsed message back to bytes as it was: raw headers, no refolding."""
    buffer = io.BytesIO()
    generator = BytesGenerator(buffer, mangle_from_=False,
                               policy=policy.compat32.clone(max_line_length=None, linesep=linesep))
    generator.flatten(message)
    return buffer.getvalue()


def _is_enveloped_cms(part: Message, data: bytes) -> bool:
    smime_type = _param(part, "smime-type").lower()
    if smime_type in ("enveloped-data", "authenveloped-data"):
        return True
    if smime_type:
        return False
    head = data[:96]
    return _CMS_ENVELOPED in head or _CMS_AUTH_ENVELOPED in head


def _safe_file_name(text: str) -> str:
    return " ".join(_FILE_UNSAFE.sub(" ", text).split()).strip(" .")[:100]


# --- the walk -----------------------------------------------------------------------------------


@dataclass
class _Leaf:
    """A part that becomes a child."""

    part: Message
    ctype: str
    disposition: str
    name: str
    message: bool = False


@dataclass
class _Walk:
    bodies: list[str] = field(default_factory=list)
    leaves: list[_Leaf] = field(default_factory=list)
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
    ctype = _content_type(part)
    if ctype == "text/plain":
        return 3
    if ctype == "text/html":
        return 2
    if ctype.startswith("multipart/"):
        try:
            children = part.get_payload()
        except Exception:
            return 0
        kinds = {_content_type(child) for child in children} if isinstance(children, list) else set()
        return 3 if "text/plain" in kinds else 2 if "text/html" in kinds else 1
    return 0


def walk(message: Message, hint: str | None, max_parts: int = 10_000) -> _Walk:
    """Sort every part into body text or child, iteratively, in document order."""
    result = _Walk()
    stack: list[tuple[Message, bool]] = [(message, True)]  # (part, text parts belong to the body)
    while stack:
        part, body_mode = stack.pop()
        result.parts += 1
        if result.parts > max_parts:
            result.defects.append("TooManyParts")
            break
        result.defects.extend(_defect_names(part))
        ctype = _content_type(part)
        charset = _charset(part)
        if charset and charset not in result.charsets:
            result.charsets.append(charset)
        disposition = _disposition(part)
        name = _filename(part, hint)

        if ctype in ATTACHED_MESSAGE_TYPES:
            result.leaves.append(_Leaf(part, ctype, disposition, name, message=True))
            continue
        if ctype in REPORT_TYPES and not name and disposition != "attachment":
            if body_mode:
                report = _report_text(part, hint)
                if report.strip():
                    result.bodies.append(report)
            continue
        try:
            children = part.get_payload() if part.is_multipart() else None
        except Exception:
            children = None
        if isinstance(children, list):
            if ctype == "multipart/encrypted":
                result.encrypted.append("PGP/MIME encrypted (multipart/encrypted)")
                children = [child for child in children
                            if _content_type(child) != "application/pgp-encrypted"]
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

        is_attachment = bool(name) or disposition == "attachment"
        main, _, sub = ctype.partition("/")
        if ctype in PKCS7_TYPES:
            data, _ = payload_bytes(part)
            if _is_enveloped_cms(part, data):
                result.encrypted.append("S/MIME encrypted (enveloped-data)")
            result.leaves.append(_Leaf(part, ctype, disposition, name))
            continue
        if main == "multipart" and not is_attachment:
            # A multipart without a usable boundary: its payload is just text.
            if body_mode:
                text, damaged = _body_text(part, "plain", charset or hint)
                result.damaged += damaged
                if text.strip():
                    result.bodies.append(text)
            continue
        if main == "text" and sub in BODY_SUBTYPES and not is_attachment:
            if body_mode:
                text, damaged = _body_text(part, sub, charset or hint)
                result.damaged += damaged
                if text.lstrip().startswith(_PGP_MESSAGE):
                    result.encrypted.append("PGP-encrypted body (inline armour)")
                if text.strip():
                    result.bodies.append(text)
            continue  # the other renderings of a multipart/alternative
        result.leaves.append(_Leaf(part, ctype, disposition, name))
    return result


def _body_text(part: Message, subtype: str, charset: str | None) -> tuple[str, bool]:
    data, damaged = payload_bytes(part)
    text = decode_text(data, charset)[0]
    if subtype == "html" or (subtype != "plain" and "<html" in text[:2048].lower()):
        text = html_to_text(text)[0]
    elif subtype in ("enriched", "richtext"):
        text = re.sub(r"<[^>]{1,60}>", "", text).replace("<<", "<")
    return text.strip("\r\n"), damaged


def _report_text(part: Message, hint: str | None) -> str:
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


# --- the extractor ------------------------------------------------------------------------------


@dataclass
class _Parsed:
    message: Message | None
    notes: list[str]


#: Defects that mean the MIME structure was not understood (the body is then raw MIME text).
STRUCTURE_DEFECTS = frozenset({
    "StartBoundaryNotFoundDefect", "NoBoundaryInMultipartDefect", "MultipartInvariantViolationDefect",
})


def structure_defects(message: Message, limit: int = 10_000) -> int:
    """How many parts of the tree the parser could not split (iterative; bounded)."""
    count = 0
    stack = [message]
    seen = 0
    while stack and seen < limit:
        part = stack.pop()
        seen += 1
        count += sum(1 for name in _defect_names(part) if name in STRUCTURE_DEFECTS)
        try:
            payload = part.get_payload() if part.is_multipart() else None
        except Exception:
            payload = None
        if isinstance(payload, list):
            stack.extend(child for child in payload if isinstance(child, Message))
    return count


def parse_message(data: bytes) -> _Parsed:
    """policy.default first; compat32 if that fails; headers only as the last resort.

    The default policy's strict header grammar rejects some boundaries compat32 reads (Outlook
    Express writes `boundary=----=_NextPart...` unquoted); when the structure broke, the parse
    with fewer broken parts wins.
    """
    notes: list[str] = []
    attempts: tuple[tuple[str, Any], ...] = (
        ("default", lambda: BytesParser(policy=policy.default).parsebytes(data)),
        ("compat32", lambda: BytesParser(policy=policy.compat32).parsebytes(data)),
        ("headers only", lambda: BytesHeaderParser(policy=policy.compat32).parsebytes(data)),
    )
    for index, (label, attempt) in enumerate(attempts):
        try:
            message = attempt()
        except Exception as error:  # RecursionError on absurd nesting, parser bugs
            notes.append(f"{label} parser failed ({type(error).__name__})")
            continue
        if index == 0 and structure_defects(message):
            try:
                lenient = BytesParser(policy=policy.compat32).parsebytes(data)
                if structure_defects(lenient) < structure_defects(message):
                    message = lenient
            except Exception:
                pass
        return _Parsed(message, notes)
    return _Parsed(None, notes)


def strip_envelope(data: bytes, extension: str) -> tuple[bytes, str]:
    """Remove what is not the message: a BOM, leading blank lines, the .emlx byte count and plist."""
    note = ""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    match = _EMLX_COUNT.match(data)
    if match and (extension == ".emlx" or _HEADER_START.match(data, match.end())):
        count = int(match.group(1))
        body = data[match.end():]
        if 0 < count <= len(body):
            body = body[:count]
        data, note = body, "Apple Mail .emlx: byte count and property list removed"
    stripped = data.lstrip(b"\r\n")
    return stripped, note


class EmailExtractor:
    """One RFC 822 message: header summary plus body as text; attachments as children."""

    name: ClassVar[str] = "email"

    def score(self, sniffed: Sniffed) -> int:
        """Exact message types win; mail file names on text or unknown bytes beat plain text."""
        mime = sniffed.mime.lower()
        if mime in MIME_TYPES:
            return 100
        if sniffed.extension in EXTENSIONS and (
                mime.startswith("text/") or mime in ("application/octet-stream", "application/x-empty")):
            return 70
        return 0

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
                              text=decode_text(data[: limits.max_text_chars * 4])[0][: limits.max_text_chars])

    def _extract(self, data: bytes, source: Source, sink: ChildSink, limits: Limits) -> Extraction:
        data, envelope_note = strip_envelope(data, source.sniffed.extension)
        notes = [envelope_note] if envelope_note else []
        if not data.strip():
            return Extraction(kind=Kind.EMAIL, status=Status.EMPTY, detail="file is empty")
        parsed = parse_message(data)
        notes.extend(parsed.notes)
        message = parsed.message
        headers = Headers(message) if message is not None else None
        if message is None or headers is None or not headers.items:
            text = decode_text(data[: limits.max_text_chars * 4])[0][: limits.max_text_chars]
            return Extraction(kind=Kind.EMAIL, status=Status.CORRUPT,
                              detail="; ".join(["no mail headers found; the text is the raw content", *notes]),
                              text=text)

        top_charset = _charset(message) or None
        parts = walk(message, top_charset)
        hint = top_charset or (parts.charsets[0] if parts.charsets else None)
        headers.hint = hint
        linesep = _linesep(data)
        children, skipped = self._add_children(parts, sink, linesep, hint)
        metadata = self._metadata(headers, message, parts, len(children) + skipped)

        from_pairs = headers.addresses("from") or headers.addresses("sender")
        sender = from_pairs[0][1].lower() if from_pairs and from_pairs[0][1] else ""
        recipients = list(dict.fromkeys(
            addr.lower() for _, addr in headers.addresses("to", "cc", "bcc") if addr))
        subject = headers.text("subject")
        date = parse_date(headers.text("date"))
        if date is None and not headers.raw("date"):
            date = self._received_date(headers)
            if date is not None:
                metadata["date_source"] = "received"

        summary = self._summary(headers, children)
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

    # -- pieces --

    def _add_children(self, parts: _Walk, sink: ChildSink, linesep: str,
                      hint: str | None) -> tuple[list[str], int]:
        """Hand every attachment to the sink; returns (names given, number skipped at the limit)."""
        names: list[str] = []
        skipped = 0
        for leaf in parts.leaves:
            if sink.full:
                skipped += 1
                continue
            meta: dict[str, Any] = {"content_type": leaf.ctype}
            if leaf.disposition:
                meta["disposition"] = leaf.disposition
            content_id = _header_str(leaf.part, "content-id")
            if content_id:
                meta["content_id"] = content_id
            if leaf.message:
                data, name, problem = self._attached_message(leaf, linesep, hint, len(names) + 1)
            else:
                payload, damaged = payload_bytes(leaf.part)
                data, name, problem = payload, leaf.name, "damaged transfer encoding" if damaged else ""
                name = name or f"attachment-{len(names) + 1}{self._extension(leaf.ctype)}"
            if problem:
                meta["defect"] = problem
                parts.damaged += 1
            if data is None:
                record = sink.add_failed(name, Status.CORRUPT, problem or "attachment could not be read",
                                         meta=meta)
            else:
                record = sink.add_bytes(name, data, meta)
            names.append(record.name)
        return names, skipped

    @staticmethod
    def _extension(ctype: str) -> str:
        if ctype in _FALLBACK_EXTENSIONS:
            return _FALLBACK_EXTENSIONS[ctype]
        try:
            return _MIMETYPES.guess_extension(ctype, strict=False) or ".bin"
        except Exception:
            return ".bin"

    def _attached_message(self, leaf: _Leaf, linesep: str, hint: str | None,
                          number: int) -> tuple[bytes | None, str, str]:
        """Raw bytes of an attached message, and its name: file name, "<subject>.eml" or generic."""
        part = leaf.part
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
        if data is not None and inner is not None and _cte(part) in ("base64", "quoted-printable"):
            # Not allowed for message/rfc822 but seen: the parser took the encoded text for a message.
            if _cte(part) == "base64":
                data, damaged = b64decode_lenient(data)
                problem = "damaged transfer encoding" if damaged else problem
            else:
                data = binascii.a2b_qp(data)
            data = data.lstrip(b"\r\n")
            try:
                inner = BytesParser(policy=policy.compat32).parsebytes(data, headersonly=True)
            except Exception:
                inner = None
        name = leaf.name
        if not name:
            subject = Headers(inner, hint).text("subject") if inner is not None else ""
            safe = _safe_file_name(subject)
            if leaf.ctype == "message/partial":
                number_param, total = _param(part, "number"), _param(part, "total")
                name = f"partial-{number_param or number}-of-{total or 'unknown'}.eml"
            else:
                name = f"{safe}.eml" if safe else "attached-message.eml"
        return data, name, problem

    @staticmethod
    def _received_date(headers: Headers) -> datetime | None:
        """When a message has no Date header, the top Received line says when it arrived."""
        for raw in headers.raw_all("received"):
            if ";" in raw:
                date = parse_date(_one_line(clean_str(raw.rsplit(";", 1)[1])))
                if date is not None:
                    return date
        return None

    @staticmethod
    def _summary(headers: Headers, children: list[str]) -> str:
        lines: list[str] = []
        for label in ("From", "To", "Cc", "Date", "Subject"):
            value = headers.text(label)
            if value:
                lines.append(f"{label}: {value[:10_000]}")
        if children:
            lines.append(f"Attachments: {', '.join(children)[:10_000]}")
        return "\n".join(lines)

    def _metadata(self, headers: Headers, message: Message, parts: _Walk,
                  attachment_count: int) -> dict[str, Any]:
        def cap(value: str) -> str:
            return value[:METADATA_VALUE_CAP]

        def shown(*names: str) -> list[str]:
            return [cap(display_address(n, a)) for n, a in headers.addresses(*names)]

        from_list = shown("from")
        references_text = headers.text("references")
        references = _MSG_ID.findall(references_text) or references_text.split()
        exchange: dict[str, str] = {}
        for name, raw in headers.items:
            key = name.lower()
            if key.startswith("x-ms-exchange-"):
                value = _one_line(decode_header_value(raw, headers.hint))
                exchange[key] = cap(f"{exchange[key]}\n{value}" if key in exchange else value)
        defects = list(dict.fromkeys(parts.defects))[:MAX_DEFECTS]
        metadata: dict[str, Any] = {
            "from": ", ".join(from_list) if from_list else cap(headers.text("from")),
            "to": shown("to"),
            "cc": shown("cc"),
            "bcc": shown("bcc"),
            "reply_to": shown("reply-to"),
            "sender": shown("sender"),
            "subject": cap(headers.text("subject")),
            "date_header": cap(headers.text("date")),
            "message_id": cap(headers.text("message-id")),
            "in_reply_to": cap(headers.text("in-reply-to")),
            "references": [cap(ref) for ref in references[:MAX_LIST]],
            "thread_index": cap(headers.text("thread-index")),
            "thread_topic": cap(headers.text("thread-topic")),
            "received_hosts": received_hosts(headers.raw_all("received"))[:MAX_LIST],
            "x_ms_exchange": exchange,
            "x_originating_ip": cap(headers.text("x-originating-ip").strip("[] ")),
            "mailer": cap(headers.text("x-mailer") or headers.text("user-agent")),
            "organization": cap(headers.text("organization")),
            "return_path": cap(headers.text("return-path")),
            "sensitivity": cap(headers.text("sensitivity")),
            "importance": cap(headers.text("importance") or headers.text("x-priority")),
            "msip_labels": cap(headers.text("msip_labels")),
            "content_type": _content_type(message),
            "charsets": parts.charsets[:MAX_DEFECTS],
            "defects": defects,
            "attachment_count": attachment_count,
        }
        return metadata

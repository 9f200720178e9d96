"""Outlook personal folders (.pst) and offline stores (.ost): every message becomes an RFC 822 child.

The store is read with libpff (`pypff`), which also undoes the "compressible" and "high"
obfuscation of PST files (a PST password is only a stored CRC, not encryption). The folder tree
is walked depth first, one message at a time: no list of all messages is ever built. Each message
is rebuilt as an .eml (the transport headers Exchange kept, verbatim, else headers synthesised
from the Outlook properties; plain and HTML bodies; every attachment as a MIME part), so the
e-mail extractor reads it like any other mail and its attachments become grandchildren.

Children are named by folder path and 0-based position (DESIGN §2:
`x.pst!Top of Personal Folders/Inbox/12`); orphan items libpff found outside the folder tree are
named `(recovered)/N`.
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy
from email.header import Header
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from typing import Any, BinaryIO, ClassVar

from trovetriage.core.limits import Limits
from trovetriage.core.types import Extraction, Kind, Sniffed, Status
from trovetriage.ingest.extractors.base import ChildSink, Source, extract_or_corrupt
from trovetriage.ingest.extractors.html import declared_charset
from trovetriage.ingest.extractors.scoring import score_by_type_or_name
from trovetriage.ingest.outlook.attachments import safe_name
from trovetriage.ingest.rtf_text import rtf_to_text
from trovetriage.ingest.sniff import MIME_PST
from trovetriage.ingest.textdecode import decode_text

MIME_TYPES = frozenset({MIME_PST})
EXTENSIONS = frozenset({".pst", ".ost"})
FOLDER_CAP = 1000
#: Deeper folder trees are hostile or looping; the walk stops there (and says so).
MAX_FOLDER_DEPTH = 64
#: Embedded messages inside embedded messages: how deep they are rebuilt.
MAX_EMBED_DEPTH = 5
RECOVERED = "(recovered)"
ROOT_NAME = "(root)"

# MAPI property tags (entry types) read from record sets.
_PR_MESSAGE_CLASS = 0x001A
_PR_SENDER_EMAIL = 0x0C1F
_PR_SENDER_SMTP = 0x5D01
_PR_SENT_REPR_EMAIL = 0x0065
_PR_DISPLAY_TO = 0x0E04
_PR_DISPLAY_CC = 0x0E03
_PR_MESSAGE_ID = 0x1035
_PR_IN_REPLY_TO = 0x1042
_PR_INTERNET_CPID = 0x3FDE
_PR_DISPLAY_NAME = 0x3001
_PR_EMAIL_ADDRESS = 0x3003
_PR_SMTP_ADDRESS = 0x39FE
_PR_RECIPIENT_TYPE = 0x0C15
_PR_ATTACH_LONG_FILENAME = 0x3707
_PR_ATTACH_FILENAME = 0x3704
_PR_ATTACH_METHOD = 0x3705
_PR_PST_PASSWORD = 0x67FF
_ATTACH_EMBEDDED_MSG = 5
_STRING_TYPES = (0x001E, 0x001F)
_INTEGER_TYPES = (0x0002, 0x0003, 0x0014)

_ROLES = {1: "To", 2: "Cc", 3: "Bcc"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_HEADER_FIELD = re.compile(r"[!-9;-~]{1,76}:")
#: Header fields of the original message that describe its body, which is rebuilt here.
_BODY_HEADERS = frozenset({"content-type", "content-transfer-encoding", "mime-version", "content-disposition",
                           "content-id", "content-description", "content-length"})
_ENCRYPTION = {0: "none", 1: "compressible", 2: "high"}
_CONTENT_TYPES = {ord("p"): "PST", ord("o"): "OST", ord("a"): "PAB"}
_EML_POLICY = policy.default.clone(linesep="\n")


class MessageTooLarge(Exception):
    """A message's parts already add up to more than max_member_bytes: it is not built."""


# --- reading properties -----------------------------------------------------------------------


def _attempt(read: Any, default: Any = None) -> Any:
    """One libpff read; a damaged value is the default, never an exception."""
    try:
        value = read()
    except MemoryError:
        raise
    except Exception:
        return default
    return default if value is None else value


def properties(item: Any) -> dict[int, Any]:
    """The first record set of an item as {property tag: entry} (an empty dict when unreadable)."""
    found: dict[int, Any] = {}
    record_sets = _attempt(lambda: item.record_sets, [])
    for record_set in record_sets:
        for entry in _attempt(lambda rs=record_set: rs.entries, []):
            tag = _attempt(lambda e=entry: e.entry_type)
            if isinstance(tag, int) and tag not in found:
                found[tag] = entry
        break
    return found


def prop_text(props: dict[int, Any], tag: int) -> str:
    entry = props.get(tag)
    if entry is None or _attempt(lambda: entry.value_type) not in _STRING_TYPES:
        return ""
    value = _attempt(lambda: entry.data_as_string, "")
    return value if isinstance(value, str) else ""


def prop_int(props: dict[int, Any], tag: int) -> int | None:
    entry = props.get(tag)
    if entry is None or _attempt(lambda: entry.value_type) not in _INTEGER_TYPES:
        return None
    value = _attempt(lambda: entry.data_as_integer)
    return value if isinstance(value, int) else None


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return decode_text(value)[0]
    return value if isinstance(value, str) else ""


def header_value(text: str, cap: int = 10_000) -> str:
    """A property made safe for one header line: no line breaks or control characters, bounded."""
    return " ".join(_CONTROL.sub(" ", text).split())[:cap]


# --- naming -----------------------------------------------------------------------------------


def folder_part(name: Any) -> str:
    """One folder name as a path component: "/" cannot split it, control characters are dropped."""
    text = header_value(_text(name), 200).replace("/", "\u2215")
    return text or "(unnamed)"


def folder_path(parts: list[str]) -> str:
    """Folder names from the root's first child, joined with "/" (messages in the root: "(root)")."""
    return "/".join(parts) if parts else ROOT_NAME


def child_name(parts: list[str], index: int) -> str:
    return f"{folder_path(parts)}/{index}"


# --- building the .eml ------------------------------------------------------------------------


@dataclass
class Built:
    data: bytes
    subject: str
    attachments: int
    from_headers: bool
    unreadable: int = 0


def _transport_lines(headers: str) -> list[str]:
    """The original header fields, verbatim, minus those that describe the body (rebuilt here).

    Lines that are neither a field nor a continuation (Outlook's "Microsoft Mail Internet Headers
    Version 2.0" banner, garbage) are dropped so the result still parses as a header block.
    """
    kept: list[str] = []
    keep_current = False
    for line in headers.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if not line.strip():
            if kept:
                break  # the end of the header block
            continue
        if line[0] in " \t":
            if keep_current:
                kept.append(line)
            continue
        match = _HEADER_FIELD.match(line)
        keep_current = match is not None and match.group(0)[:-1].strip().lower() not in _BODY_HEADERS
        if keep_current:
            kept.append(line.replace("\x00", ""))
    return kept


def _encoded(name: str, value: str) -> str:
    value = header_value(value)
    if value.isascii():
        return f"{name}: {value}"
    return f"{name}: {Header(value, 'utf-8', header_name=name).encode()}"


def _address(name: str, address: str) -> str:
    name, address = header_value(name, 500), header_value(address, 500)
    if address and "@" not in address:  # an Exchange legacy DN is not an address
        name = f"{name} ({address})" if name and name != address else (name or address)
        address = ""
    if not address:
        return _quote_name(name)
    try:
        return formataddr((name, address), charset="utf-8")
    except Exception:
        return address


def _quote_name(name: str) -> str:
    if not name:
        return ""
    if name.isascii():
        return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return Header(name, "utf-8").encode()


def _recipients(message: Any, props: dict[int, Any]) -> dict[str, list[str]]:
    """To/Cc/Bcc from the recipient table; the display strings when the table is unreadable."""
    found: dict[str, list[str]] = {}
    table = _attempt(lambda: message.recipients)
    for record_set in _attempt(lambda: table.record_sets, []) if table is not None else []:
        recipient = properties(_Single(record_set))
        role = _ROLES.get(prop_int(recipient, _PR_RECIPIENT_TYPE) or 1, "To")
        address = prop_text(recipient, _PR_SMTP_ADDRESS) or prop_text(recipient, _PR_EMAIL_ADDRESS)
        shown = _address(prop_text(recipient, _PR_DISPLAY_NAME), address)
        if shown and len(found.get(role, [])) < 1000:
            found.setdefault(role, []).append(shown)
    if not found:
        for role, tag in (("To", _PR_DISPLAY_TO), ("Cc", _PR_DISPLAY_CC)):
            shown = prop_text(props, tag)
            if shown:
                found[role] = [_quote_name(header_value(shown, 2000))]
    return found


@dataclass
class _Single:
    """Makes one record set look like an item with record sets, for `properties`."""

    record_set: Any

    @property
    def record_sets(self) -> list[Any]:
        return [self.record_set]


def _when(message: Any) -> datetime | None:
    for attribute in ("client_submit_time", "delivery_time", "creation_time"):
        value = _attempt(lambda a=attribute: getattr(message, a))
        if isinstance(value, datetime) and 1900 <= value.year <= 2200:
            return value if value.tzinfo else value.replace(tzinfo=UTC)
    return None


def synthesised_headers(message: Any, props: dict[int, Any]) -> list[str]:
    """From/To/Cc/Bcc/Subject/Date/Message-ID/In-Reply-To made from the Outlook properties."""
    lines: list[str] = []
    sender = _text(_attempt(lambda: message.sender_name, ""))
    sender_address = (prop_text(props, _PR_SENDER_SMTP) or prop_text(props, _PR_SENDER_EMAIL)
                      or prop_text(props, _PR_SENT_REPR_EMAIL))
    shown = _address(sender, sender_address)
    if shown:
        lines.append(f"From: {shown}")
    for role, people in _recipients(message, props).items():
        lines.append(f"{role}: " + ", ".join(people))
    subject = _text(_attempt(lambda: message.subject, ""))
    if subject:
        lines.append(_encoded("Subject", subject))
    when = _when(message)
    if when is not None:
        lines.append(f"Date: {format_datetime(when)}")
    for name, tag in (("Message-ID", _PR_MESSAGE_ID), ("In-Reply-To", _PR_IN_REPLY_TO)):
        value = header_value(prop_text(props, tag), 1000)
        if value:
            lines.append(_encoded(name, value))
    return lines


def _html(data: bytes, props: dict[int, Any]) -> str:
    cpid = prop_int(props, _PR_INTERNET_CPID)
    codepage = f"cp{cpid}" if cpid and cpid not in (65001, 1200) else "utf-8" if cpid == 65001 else None
    return decode_text(data, declared_charset(data[:4096]) or codepage)[0]


def _body(message: Any, props: dict[int, Any]) -> tuple[EmailMessage, str]:
    """The body part (text/plain, text/html or multipart/alternative) and which rendering it is."""
    body = EmailMessage(policy=_EML_POLICY)
    plain = _text(_attempt(lambda: message.plain_text_body, b""))
    html_raw = _attempt(lambda: message.html_body, b"")
    html = _html(html_raw, props) if isinstance(html_raw, bytes) else _text(html_raw)
    rendering = "+".join(name for name, text in (("plain", plain), ("html", html)) if text.strip())
    if not rendering:
        rtf = _attempt(lambda: message.rtf_body, b"")
        if isinstance(rtf, bytes) and rtf.strip():
            plain, rendering = rtf_to_text(rtf), "rtf"
    plain, html = plain.replace("\x00", ""), html.replace("\x00", "")
    if html.strip():
        if plain.strip():
            body.set_content(plain)
            body.add_alternative(html, subtype="html")
        else:
            body.set_content(html, subtype="html")
    else:
        body.set_content(plain)
    return body, rendering or "none"


def _attachment_name(props: dict[int, Any], attachment: Any, number: int) -> str:
    for tag in (_PR_ATTACH_LONG_FILENAME, _PR_ATTACH_FILENAME, _PR_DISPLAY_NAME):
        name = safe_name(prop_text(props, tag))
        if name:
            return name
    name = safe_name(_text(_attempt(lambda: attachment.get_long_filename(), "")))
    return name or f"attachment-{number}"


def _embedded_message(attachment: Any) -> Any:
    for index in range(_attempt(lambda: attachment.number_of_sub_items, 0)):
        item = _attempt(lambda i=index: attachment.get_sub_item(i))
        if item is not None and hasattr(item, "subject"):
            return item
    return None


def _attachments(message: Any, limit: int, used: int, depth: int) -> Iterator[tuple[str, bytes | None, str]]:
    """(file name, bytes or None when unreadable, MIME type) of each attachment; raises MessageTooLarge
    before the member limit is passed."""
    count = _attempt(lambda: message.number_of_attachments, 0)
    for number in range(1, count + 1):
        attachment = _attempt(lambda n=number: message.get_attachment(n - 1))
        if attachment is None:
            yield f"attachment-{number}", None, ""
            continue
        props = properties(attachment)
        name = _attachment_name(props, attachment, number)
        if prop_int(props, _PR_ATTACH_METHOD) == _ATTACH_EMBEDDED_MSG and depth < MAX_EMBED_DEPTH:
            inner = _embedded_message(attachment)
            if inner is not None:
                data = build_eml(inner, limit - used, depth + 1).data
                used += len(data)
                yield (name if name.lower().endswith(".eml") else f"{name}.eml"), data, "message/rfc822"
                continue
        size = _attempt(lambda a=attachment: a.size, 0)
        if not isinstance(size, int) or size < 0:
            size = 0
        if used + size > limit:
            raise MessageTooLarge(f"attachments exceed max_member_bytes ({limit:,})")
        data = _attempt(lambda a=attachment, s=size: a.read_buffer(s), None) if size else b""
        if not isinstance(data, bytes):
            yield name, None, ""
            continue
        used += len(data)
        yield name, data, mimetypes.guess_type(name)[0] or "application/octet-stream"


def build_eml(message: Any, limit: int, depth: int = 0) -> Built:
    """One Outlook message as RFC 822 bytes. Raises MessageTooLarge, or anything libpff raises."""
    props = properties(message)
    transport = _text(_attempt(lambda: message.transport_headers, ""))
    header_lines = _transport_lines(transport) if transport.strip() else []
    from_headers = bool(header_lines)
    if from_headers:
        present = {line.split(":", 1)[0].strip().lower() for line in header_lines if line[0] not in " \t"}
        header_lines += [line for line in synthesised_headers(message, props)
                         if line.split(":", 1)[0].lower() not in present]
    else:
        header_lines = synthesised_headers(message, props)
    message_class = header_value(prop_text(props, _PR_MESSAGE_CLASS), 200)
    if message_class:
        header_lines.append(f"X-TroveTriage-Message-Class: {message_class}")

    body, rendering = _body(message, props)
    used = len(body.get_content()) if not body.is_multipart() else sum(
        len(part.get_content()) for part in body.iter_parts())
    if used > limit:
        raise MessageTooLarge(f"body exceeds max_member_bytes ({limit:,})")
    attached = 0
    unreadable: list[str] = []
    for name, data, mime in _attachments(message, limit, used, depth):
        if data is None:
            unreadable.append(name)
            continue
        maintype, _, subtype = mime.partition("/")
        if maintype in ("text", "multipart", "message") or not subtype:
            # stored as bytes, exactly; the pipeline sniffs the content, not this label
            maintype, subtype = "application", "octet-stream"
        body.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
        used += len(data)
        attached += 1
    body["X-TroveTriage-Body"] = rendering
    if unreadable:
        body["X-TroveTriage-Unreadable-Attachments"] = header_value(", ".join(unreadable), 2000)
    mime_part = body.as_bytes(policy=_EML_POLICY)
    head = "\n".join(header_lines).encode("utf-8", errors="replace")
    data = head + b"\n" + mime_part if head else mime_part
    subject = _text(_attempt(lambda: message.subject, ""))
    return Built(data=data, subject=header_value(subject, 1000), attachments=attached, from_headers=from_headers,
                 unreadable=len(unreadable))


# --- the walk ---------------------------------------------------------------------------------


@dataclass
class Walk:
    """Counts and notes of one pass over a store."""

    folders: list[str] = field(default_factory=list)
    folder_count: int = 0
    expected: int = 0
    seen: int = 0
    emitted: int = 0
    failed: int = 0
    recovered: int = 0
    not_extracted: int = 0
    damaged: list[str] = field(default_factory=list)


def _store_format(handle: BinaryIO, pff: Any) -> tuple[str, bool | None]:
    """("PST ANSI" / "PST Unicode" / "OST" / ..., unicode or None) from the header's wVer."""
    handle.seek(0)
    header = handle.read(12)
    handle.seek(0)
    kind = _CONTENT_TYPES.get(_attempt(lambda: pff.content_type, -1), "PST")
    unicode: bool | None = None
    if len(header) >= 12 and header[:4] == b"!BDN":
        version = int.from_bytes(header[10:12], "little")
        unicode = version >= 23 if version else None
    if kind == "PST" and unicode is not None:
        return f"PST {'Unicode' if unicode else 'ANSI'}", unicode
    return kind, unicode


def _store_notes(pff: Any, metadata: dict[str, Any], notes: list[str]) -> None:
    encryption = _attempt(lambda: pff.encryption_type)
    if isinstance(encryption, int):
        metadata["encryption"] = _ENCRYPTION.get(encryption, str(encryption))
    store = _attempt(lambda: pff.message_store)
    password = prop_int(properties(store), _PR_PST_PASSWORD) if store is not None else None
    if password:
        metadata["password_protected"] = True
        notes.append("password set (only a stored CRC32 checksum: the content is not encrypted and was read)")


def _emit(sink: ChildSink, name: str, message: Any, limits: Limits, walk: Walk, meta: dict[str, Any]) -> None:
    try:
        built = build_eml(message, limits.max_member_bytes)
    except MemoryError:
        raise
    except MessageTooLarge as error:
        sink.add_failed(name, Status.TOO_LARGE, str(error), meta=meta)
        walk.failed += 1
        return
    except Exception as error:
        sink.add_failed(name, Status.CORRUPT, f"cannot read message: {type(error).__name__}: {error}"[:2000],
                        meta=meta)
        walk.failed += 1
        return
    meta = {**meta, "subject": built.subject, "attachments": built.attachments,
            "headers": "transport" if built.from_headers else "synthesised"}
    if built.unreadable:
        meta["unreadable_attachments"] = built.unreadable
    record = sink.add_bytes(name, built.data, meta=meta)
    if record.sha256 is None:
        walk.failed += 1
    else:
        walk.emitted += 1


def _walk_folders(pff: Any, sink: ChildSink, limits: Limits, walk: Walk) -> None:
    """Depth first, in stored order; each message is built, handed over and dropped."""
    root = pff.get_root_folder()
    stack: list[tuple[Any, list[str]]] = [(root, [])]
    while stack:
        folder, parts = stack.pop()
        path = folder_path(parts)
        walk.folder_count += 1
        if parts and len(walk.folders) < FOLDER_CAP:
            walk.folders.append(path)
        count = _attempt(lambda f=folder: f.number_of_sub_messages)
        if not isinstance(count, int):
            walk.damaged.append(f"folder {path!r}: message count unreadable")
            count = 0
        walk.expected += count
        for index in range(count):
            walk.seen += 1
            name = child_name(parts, index)
            if sink.full:
                walk.not_extracted += 1
                continue
            meta: dict[str, Any] = {"folder": path, "position": index}
            try:
                message = folder.get_sub_message(index)
            except MemoryError:
                raise
            except Exception as error:
                sink.add_failed(name, Status.CORRUPT, f"cannot read message: {error}"[:2000], meta=meta)
                walk.failed += 1
                continue
            _emit(sink, name, message, limits, walk, meta)
        subfolders = _attempt(lambda f=folder: f.number_of_sub_folders)
        if not isinstance(subfolders, int):
            walk.damaged.append(f"folder {path!r}: sub-folders unreadable")
            continue
        if len(parts) >= MAX_FOLDER_DEPTH:
            if subfolders:
                walk.damaged.append(f"folder {path!r}: deeper than {MAX_FOLDER_DEPTH} levels, not walked")
            continue
        children: list[tuple[Any, list[str]]] = []
        for number in range(subfolders):
            sub = _attempt(lambda f=folder, n=number: f.get_sub_folder(n))
            if sub is None:
                walk.damaged.append(f"folder {path!r}: sub-folder {number} unreadable")
                continue
            children.append((sub, [*parts, folder_part(_attempt(lambda s=sub: s.name, ""))]))
        stack.extend(reversed(children))


def _walk_orphans(pff: Any, sink: ChildSink, limits: Limits, walk: Walk) -> None:
    """Items libpff found in the index but in no folder (deleted, recovered): "(recovered)/N"."""
    count = _attempt(lambda: pff.number_of_orphan_items, 0)
    position = 0
    for number in range(count if isinstance(count, int) else 0):
        item = _attempt(lambda n=number: pff.get_orphan_item(n))
        if item is None or not hasattr(item, "subject"):
            continue  # folders and other non-message items
        name = f"{RECOVERED}/{position}"
        position += 1
        walk.recovered += 1
        if sink.full:
            walk.not_extracted += 1
            continue
        _emit(sink, name, item, limits, walk, {"recovered": True})


class PstExtractor:
    """A PST/OST store: every message (and every recovered orphan) as an RFC 822 child."""

    name: ClassVar[str] = "pst"

    def score(self, sniffed: Sniffed) -> int:
        """The sniffed `!BDN` magic wins; a .pst/.ost name on bytes libmagic could not name comes next."""
        return score_by_type_or_name(sniffed, MIME_TYPES, EXTENSIONS, by_name=60)

    def extract(self, source: Source, sink: ChildSink, limits: Limits) -> Extraction:
        sink.decompressing = False  # a store is split into messages, not inflated
        return extract_or_corrupt(Kind.MAILBOX, self._extract, source, sink, limits)

    def _extract(self, source: Source, sink: ChildSink, limits: Limits) -> Extraction:
        import pypff  # a compiled dependency: imported when a store is actually read

        title = source.sniffed.name or source.path.name
        walk = Walk()
        notes: list[str] = []
        metadata: dict[str, Any] = {}
        status = Status.OK
        with source.open() as handle:
            pff = pypff.file()
            try:
                pff.open_file_object(handle)
            except Exception as error:
                return Extraction(kind=Kind.MAILBOX, status=Status.CORRUPT, title=title,
                                  detail=f"not a readable PST/OST: {error}"[:2000])
            try:
                metadata["format"], unicode = _store_format(handle, pff)
                if unicode is not None:
                    metadata["unicode"] = unicode
                _store_notes(pff, metadata, notes)
                try:
                    _walk_folders(pff, sink, limits, walk)
                except MemoryError:
                    raise
                except Exception as error:
                    walk.damaged.append(f"folder tree unreadable: {type(error).__name__}: {error}")
                _walk_orphans(pff, sink, limits, walk)
            finally:
                pff.close()
        metadata.update({"folders": walk.folders, "folder_count": walk.folder_count, "expected": walk.expected,
                         "emitted": walk.emitted, "failed": walk.failed, "recovered": walk.recovered})
        summary = (f"{walk.expected:,} message(s) in {walk.folder_count:,} folder(s): {walk.emitted:,} extracted, "
                   f"{walk.failed:,} failed, {walk.recovered:,} recovered")
        if walk.damaged:
            status = Status.TRUNCATED if walk.seen or walk.recovered else Status.CORRUPT
            notes.insert(0, f"store damaged, walk incomplete after {walk.seen:,} message(s): "
                            + "; ".join(walk.damaged[:20]))
            metadata["damage"] = walk.damaged[:100]
        if walk.not_extracted:
            metadata["not_extracted"] = walk.not_extracted
            status = Status.SKIPPED_BOMB if status is Status.OK else status
            notes.insert(0, f"member limit reached (max_members={limits.max_members:,}): "
                            f"{walk.not_extracted:,} message(s) not extracted")
        if status is Status.OK and walk.expected == 0 and walk.recovered == 0:
            status = Status.EMPTY
            notes.insert(0, "no messages in the store")
        return Extraction(kind=Kind.MAILBOX, status=status, title=title, text="\n".join(walk.folders),
                          detail="; ".join([summary, *notes])[:4000], metadata=metadata)

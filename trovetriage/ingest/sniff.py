"""Type detection: libmagic first, then our own sniffers for what libmagic gets wrong in troves.

libmagic calls an RFC 822 message without a `Received:` header plain text, an mbox plain text,
a PST `data`, and a CSV plain text; those are exactly the files an investigator cares about.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from trovetriage.core.types import Sniffed

HEAD_BYTES = 256 * 1024

MIME_EML = "message/rfc822"
MIME_MBOX = "application/mbox"
MIME_PST = "application/vnd.ms-outlook-pst"
MIME_MSG = "application/vnd.ms-outlook"
MIME_CSV = "text/csv"
MIME_TEXT = "text/plain"
MIME_HTML = "text/html"
MIME_ZIP = "application/zip"
MIME_TAR = "application/x-tar"
MIME_GZIP = "application/gzip"
MIME_BZIP2 = "application/x-bzip2"
MIME_XZ = "application/x-xz"
OOXML_PREFIX = "application/vnd.openxmlformats-officedocument."

_HEADER_LINE = re.compile(rb"^([A-Za-z0-9][A-Za-z0-9-]{0,76}):[ \t]*\S?", re.ASCII)
_MAIL_HEADERS = {
    b"from", b"to", b"cc", b"subject", b"date", b"message-id", b"mime-version", b"received",
    b"return-path", b"content-type", b"reply-to", b"sender", b"x-mailer", b"delivered-to",
    b"in-reply-to", b"references", b"thread-index", b"x-ms-exchange-organization-authas",
}
_MBOX_FROM = re.compile(rb"^From \S+.*\d{4}\s*$|^From \S+ +\w{3} \w{3} ", re.ASCII)
#: A separator line further in: an envelope `From ` line directly followed by a header line (as mbox splits).
_LATER_SEPARATOR = re.compile(rb"\nFrom [^\r\n]*\r?\n[!-9;-~]{1,76}:", re.ASCII)
#: Names that promise one message: with a single envelope line such a file is that message, not a mailbox.
MESSAGE_EXTENSIONS = frozenset({".eml"})
_TEXTUAL = ("text/", "message/", "application/octet-stream", "application/csv", "application/mbox")

LIBMAGIC_HELP = ("libmagic, the file-type library, is missing. Install it: Debian/Ubuntu 'sudo apt-get install "
                 "libmagic1', Fedora 'sudo dnf install file-libs', macOS 'brew install libmagic', Windows "
                 "'pip install python-magic-bin'.")

_magic_local: Any = None


class LibmagicMissing(RuntimeError):
    """python-magic is installed but the libmagic library it wraps is not."""


def _magic() -> Any:
    """One libmagic handle per process (they are not thread-safe and slow to open).

    Imported here, not at the top: without libmagic, `import magic` fails, and every command,
    `--help` included, would die with a traceback instead of saying what to install.
    """
    global _magic_local
    if _magic_local is None:
        try:
            import magic
        except ImportError as error:
            raise LibmagicMissing(f"{LIBMAGIC_HELP} ({error})") from error
        _magic_local = magic.Magic(mime=True)
    return _magic_local


def require_libmagic() -> None:
    """Raise `LibmagicMissing` with what to install, before an ingest starts rather than on every file."""
    _magic()


def looks_like_rfc822(head: bytes) -> bool:
    """At least two known mail headers in a header block that starts the file."""
    lines = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 60)[:60]
    known = 0
    for number, raw in enumerate(lines):
        line = raw.rstrip(b"\r")
        if not line:
            break
        if line[:1] in (b" ", b"\t") and number > 0:
            continue
        match = _HEADER_LINE.match(line)
        if not match:
            return False
        if match.group(1).lower() in _MAIL_HEADERS:
            known += 1
    return known >= 2


def looks_like_mbox(head: bytes) -> bool:
    first, _, rest = head.partition(b"\n")
    return bool(_MBOX_FROM.match(first.rstrip(b"\r"))) and looks_like_rfc822(rest)


def has_later_separator(data: bytes) -> bool:
    """A second mbox separator after the first line: the content holds more than one message."""
    return _LATER_SEPARATOR.search(data) is not None


def looks_like_csv(head: bytes, extension: str) -> bool:
    """Consistent delimiter counts over the first lines. Prose has commas too, so without a .csv
    or .tsv name at least five lines must agree."""
    text = head[:64 * 1024]
    lines = [line for line in text.splitlines()[:40] if line.strip()]
    if len(head) >= 64 * 1024 and lines:
        lines = lines[:-1]  # the last sampled line may be cut in the middle
    named = extension in (".csv", ".tsv")
    if len(lines) < (1 if named else 5):
        return False
    for delimiter in (b",", b";", b"\t", b"|"):
        counts = {line.count(delimiter) for line in lines}
        if len(counts) == 1 and min(counts) >= 1:
            return True
    return named


def sniff_bytes(head: bytes, name: str, size: int) -> Sniffed:
    """Detect the type of content from its first bytes and its (untrusted) name."""
    extension = Path(name).suffix.lower() if name else ""
    mime = "application/x-empty" if size == 0 else _magic().from_buffer(head)
    description = mime
    if head.startswith(b"!BDN"):
        mime = MIME_PST
    elif mime in (MIME_ZIP, "application/octet-stream") and head.startswith(b"PK\x03\x04"):
        mime = _ooxml_or_zip(head)
    elif mime.startswith(_TEXTUAL) or mime in ("application/x-empty",):
        if looks_like_mbox(head):
            # An .eml saved by an mbox tool keeps its envelope line; one separator is one message.
            single = extension in MESSAGE_EXTENSIONS and not has_later_separator(head)
            mime = MIME_EML if single else MIME_MBOX
        elif looks_like_rfc822(head):
            mime = MIME_EML
        elif mime == MIME_TEXT and looks_like_csv(head, extension):
            mime = MIME_CSV
    elif mime in ("application/x-ole-storage", "application/CDFV2") and (
            extension == ".msg" or b"__substg1.0_" in head.replace(b"\x00", b"")):
        mime = MIME_MSG
    return Sniffed(mime=mime, description=description, extension=extension, name=name, size=size)


def _ooxml_or_zip(head: bytes) -> str:
    if b"[Content_Types].xml" not in head:
        return MIME_ZIP
    if b"word/" in head:
        return OOXML_PREFIX + "wordprocessingml.document"
    if b"xl/" in head:
        return OOXML_PREFIX + "spreadsheetml.sheet"
    if b"ppt/" in head:
        return OOXML_PREFIX + "presentationml.presentation"
    return MIME_ZIP


def sniff_file(path: Path, name: str | None = None) -> Sniffed:
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    return sniff_bytes(head, name if name is not None else path.name, size)

"""PDF documents through pdfium: page text, Info metadata, embedded files, encryption status.

pdfium is Chrome's PDF engine, fuzzed for years against exactly the hostile files troves hold; it
resolves page-tree and xref loops itself. Forms are never initialised, so document JavaScript has
no environment to run in. Pages and text are still capped here so a huge file ends in bounded time.
"""

from __future__ import annotations

import ctypes
from typing import Any, ClassVar

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from trovetriage.core.limits import Limits
from trovetriage.core.types import Extraction, Kind, Sniffed, Status
from trovetriage.ingest.extractors.base import (
    OPENED_WITH_PASSWORD,
    ChildSink,
    Source,
    extract_or_corrupt,
    mask_password,
    no_password_worked,
)
from trovetriage.ingest.extractors.pdf_info import describe_security, parse_pdf_date
from trovetriage.ingest.extractors.scoring import EXACT_TYPE_SCORE

MIME_PDF = "application/pdf"
#: libmagic's other names for PDF content.
PDF_MIMES = frozenset({MIME_PDF, "application/x-pdf"})
#: A `.pdf` that libmagic could not name (garbage before `%PDF-`): worth a try, below real types.
BY_NAME_SCORE = 40
#: Pages read at most; a real 20,000-page PDF is a book scan, a bigger count is an attack.
MAX_PAGES = 20_000
PAGE_SEPARATOR = "\f"
HEADER_WINDOW = 1024
TAIL_WINDOW = 1024

_INFO_KEYS = {"Title": "title", "Author": "author", "Subject": "subject", "Keywords": "keywords",
              "Creator": "creator", "Producer": "producer"}
_DATE_KEYS = {"CreationDate": "created", "ModDate": "modified"}
_LOAD_ERRORS = {
    pdfium_c.FPDF_ERR_FILE: "file cannot be opened",
    pdfium_c.FPDF_ERR_FORMAT: "not a PDF or damaged beyond repair",
    pdfium_c.FPDF_ERR_PAGE: "page tree missing or damaged",
}


class PdfExtractor:
    """Text, metadata and attachments of a PDF; a clear status for encrypted or broken files."""

    name: ClassVar[str] = "pdf"

    def score(self, sniffed: Sniffed) -> int:
        """Exact for what libmagic calls PDF; a `.pdf` name on unnamed bytes scores lower."""
        mime = sniffed.mime.lower()
        if mime in PDF_MIMES:
            return EXACT_TYPE_SCORE
        if mime == "application/octet-stream" and sniffed.extension == ".pdf":
            return BY_NAME_SCORE
        return 0

    def extract(self, source: Source, sink: ChildSink, limits: Limits) -> Extraction:
        return extract_or_corrupt(Kind.PDF, _extract, source, sink, limits)


def _extract(source: Source, sink: ChildSink, limits: Limits) -> Extraction:
    password: str | None = None
    try:
        document = pdfium.PdfDocument(source.path)
    except pdfium.PdfiumError as error:
        if error.err_code != pdfium_c.FPDF_ERR_PASSWORD or not sink.passwords:
            return _not_opened(source, error)
        opened = _open_with_passwords(source, sink.passwords)
        if opened is None:
            failed = _not_opened(source, error)
            failed.detail = f"{failed.detail}; {no_password_worked(len(sink.passwords))}"
            return failed
        document, password = opened
    try:
        extraction = _read(document, source, sink, limits)
    finally:
        document.close()
    if password is not None:
        extraction.metadata["opened_with_password"] = mask_password(password)
        extraction.detail = "; ".join(filter(None, (OPENED_WITH_PASSWORD, extraction.detail)))
    return extraction


def _open_with_passwords(source: Source, passwords: tuple[str, ...]) -> tuple[pdfium.PdfDocument, str] | None:
    """The document opened with the first password of the case list that works, and that password."""
    for password in passwords:
        try:
            return pdfium.PdfDocument(source.path, password=password), password
        except pdfium.PdfiumError as error:
            if error.err_code != pdfium_c.FPDF_ERR_PASSWORD:
                return None
    return None


def _not_opened(source: Source, error: pdfium.PdfiumError) -> Extraction:
    """Why pdfium refused the file, as a status an investigator can act on."""
    def failed(status: Status, detail: str) -> Extraction:
        return Extraction(kind=Kind.PDF, status=status, title=source.sniffed.name, detail=detail)

    code = error.err_code
    if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
        handler = describe_security(source.path) or "unknown security handler"
        what = "needs a user password" if code == pdfium_c.FPDF_ERR_PASSWORD else "unsupported encryption"
        return failed(Status.ENCRYPTED, f"PDF {what} ({handler})")
    head = source.read_bytes(HEADER_WINDOW)
    if b"%PDF-" not in head:
        return failed(Status.CORRUPT, "no %PDF- header in the first 1024 bytes; pdfium: "
                      + _LOAD_ERRORS.get(code or 0, str(error)))
    if code == pdfium_c.FPDF_ERR_FORMAT and not _ends_like_pdf(source):
        return failed(Status.TRUNCATED, "PDF ends before %%EOF and cannot be repaired (truncated?)")
    return failed(Status.CORRUPT, f"pdfium: {_LOAD_ERRORS.get(code or 0, str(error))}")


def _ends_like_pdf(source: Source) -> bool:
    with source.open() as handle:
        size = handle.seek(0, 2)
        handle.seek(max(size - TAIL_WINDOW, 0))
        return b"%%EOF" in handle.read(TAIL_WINDOW)


def _read(document: pdfium.PdfDocument, source: Source, sink: ChildSink, limits: Limits) -> Extraction:
    metadata = _metadata(document)
    notes: list[str] = []
    revision = pdfium_c.FPDF_GetSecurityHandlerRevision(document)
    if revision != -1:
        handler = describe_security(source.path) or f"Standard security handler R{revision}"
        metadata["encryption"] = f"owner-password protected ({handler})"
        metadata["permissions"] = pdfium_c.FPDF_GetDocPermissions(document) & 0xFFFFFFFF
    page_count = len(document)
    metadata["pages"] = page_count
    text, text_notes = _text(document, page_count, limits)
    notes += text_notes
    _attachments(document, source, sink, limits)
    if sink.full:
        notes.append(f"attachments stopped at max_members={limits.max_members:,}")
    date = parse_pdf_date(metadata.get("created_raw", "")) or parse_pdf_date(metadata.get("modified_raw", ""))
    status = Status.OK
    if page_count == 0:
        status = Status.EMPTY if not sink.members else Status.OK
        notes.insert(0, "PDF has no pages")
    elif not text.strip():
        text = ""
        notes.insert(0, "no text layer (scanned?)")
    return Extraction(kind=Kind.PDF, status=status, detail="; ".join(notes), text=text,
                      title=metadata.get("title", ""), date=date,
                      metadata=metadata)


def _metadata(document: pdfium.PdfDocument) -> dict[str, Any]:
    """Info-dictionary strings under our names; dates both raw and as ISO 8601."""
    info = document.get_metadata_dict(skip_empty=True)
    metadata: dict[str, Any] = {ours: info[key].strip() for key, ours in _INFO_KEYS.items()
                                if info.get(key, "").strip()}
    for key, ours in _DATE_KEYS.items():
        raw = info.get(key, "").strip()
        if raw:
            metadata[f"{ours}_raw"] = raw
            parsed = parse_pdf_date(raw)
            if parsed:
                metadata[ours] = parsed.isoformat()
    version = document.get_version()
    if version:
        metadata["pdf_version"] = f"{version // 10}.{version % 10}"
    return metadata


def _text(document: pdfium.PdfDocument, page_count: int, limits: Limits) -> tuple[str, list[str]]:
    """Page texts joined by form feeds, stopping at the page cap and at max_text_chars."""
    budget = max(limits.max_text_chars, 0)
    parts: list[str] = []
    used = 0
    notes: list[str] = []
    broken = 0
    for index in range(min(page_count, MAX_PAGES)):
        if used >= budget:
            notes.append(f"text cut at {used:,} characters (limit max_text_chars={budget:,})")
            break
        try:
            page_text = _page_text(document, index)
        except pdfium.PdfiumError:
            broken += 1
            page_text = ""
        piece = (PAGE_SEPARATOR if index else "") + page_text
        if used + len(piece) > budget:
            piece = piece[: budget - used]
            notes.append(f"text cut at {budget:,} characters (limit max_text_chars={budget:,})")
            parts.append(piece)
            used += len(piece)
            break
        parts.append(piece)
        used += len(piece)
    if page_count > MAX_PAGES:
        notes.append(f"only the first {MAX_PAGES:,} of {page_count:,} pages read")
    if broken:
        notes.append(f"{broken} page(s) could not be read")
    return "".join(parts).replace("\x00", ""), notes


def _page_text(document: pdfium.PdfDocument, index: int) -> str:
    page = document.get_page(index)
    try:
        textpage = page.get_textpage()
        try:
            return textpage.get_text_bounded().replace("\r\n", "\n")
        finally:
            textpage.close()
    finally:
        page.close()


def _attachments(document: pdfium.PdfDocument, source: Source, sink: ChildSink, limits: Limits) -> None:
    """Each embedded file of the document's name tree becomes a child, or a failed member."""
    for index in range(document.count_attachments()):
        if sink.full:
            return
        try:
            attachment = document.get_attachment(index)
        except pdfium.PdfiumError as error:
            sink.add_failed(f"attachment-{index}", Status.CORRUPT, f"cannot read embedded file: {error}")
            continue
        name = _attachment_name(attachment, index)
        try:
            data = _attachment_data(attachment, source.sniffed.size, limits, sink.decompressing)
        except _Refused as refused:
            sink.add_failed(name, refused.status, str(refused), refused.size)
            continue
        except pdfium.PdfiumError as error:
            sink.add_failed(name, Status.CORRUPT, f"cannot read embedded file: {error}")
            continue
        sink.add_bytes(name, data, {"embedded_in": "pdf"})


def _attachment_name(attachment: pdfium.PdfAttachment, index: int) -> str:
    try:
        return attachment.get_name().replace("\x00", "") or f"attachment-{index}"
    except pdfium.PdfiumError:
        return f"attachment-{index}"


class _Refused(Exception):
    """An embedded file that is not copied out because of a limit."""

    def __init__(self, status: Status, detail: str, size: int) -> None:
        super().__init__(detail)
        self.status = status
        self.size = size


def _attachment_data(attachment: pdfium.PdfAttachment, file_size: int, limits: Limits,
                     decompressing: bool) -> bytes:
    """The decoded bytes, after asking pdfium the size so a bomb is refused before Python copies it."""
    size_out = ctypes.c_ulong()
    if not pdfium_c.FPDFAttachment_GetFile(attachment, None, 0, size_out):
        raise pdfium.PdfiumError("embedded file has no data stream")
    size = size_out.value
    bomb = Status.SKIPPED_BOMB if decompressing else Status.TOO_LARGE
    if size > limits.max_member_bytes:
        raise _Refused(bomb, f"embedded file of {size} bytes exceeds max_member_bytes", size)
    if size > limits.ratio_min_bytes and size / max(file_size, 1) > limits.max_ratio:
        raise _Refused(bomb, f"embedded file expands above {limits.max_ratio:g}:1 (bomb)", size)
    if size == 0:
        return b""
    return bytes(attachment.get_data())

"""Legacy binary Office (.doc/.xls/.ppt) and password-protected Office files (OLE containers).

Troves are full of both. This module orchestrates: it reads what every OLE file carries - the
SummaryInformation property sets (title, author, company...) - detects encryption with
msoffcrypto-tool (and opens it with the case's passwords, the decrypted document becoming the
child), and hands an unencrypted file to ole_content for its text and embedded objects. Nothing
is run; what cannot be read is said in the detail.

Office's public default password (what Excel uses when a file is only write-protected) is tried
first on every encrypted file: such a document is readable by anyone, so it is read in place, as
if it were not encrypted, and the default password is never reported as a case password.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
import zipfile
from datetime import UTC, datetime
from typing import Any

import msoffcrypto
import olefile

from trovetriage.core.limits import Limits
from trovetriage.core.types import Extraction, Kind, Sniffed, Status
from trovetriage.ingest.extractors.base import (
    ChildSink,
    Source,
    extract_or_corrupt,
    mask_password,
    no_password_worked,
)
from trovetriage.ingest.extractors.ole_content import MAIN_STREAMS, read_content
from trovetriage.ingest.extractors.ole_properties import property_set_problem
from trovetriage.ingest.extractors.ooxml import OoxmlExtractor
from trovetriage.ingest.sniff import sniff_file

MIME_KINDS: dict[str, Kind] = {
    "application/msword": Kind.DOCUMENT,
    "application/vnd.ms-excel": Kind.SPREADSHEET,
    "application/vnd.ms-powerpoint": Kind.PRESENTATION,
    "application/encrypted": Kind.DOCUMENT,
}
EXTENSION_KINDS: dict[str, Kind] = {
    ".doc": Kind.DOCUMENT, ".dot": Kind.DOCUMENT, ".docx": Kind.DOCUMENT, ".docm": Kind.DOCUMENT,
    ".xls": Kind.SPREADSHEET, ".xlt": Kind.SPREADSHEET, ".xlsx": Kind.SPREADSHEET, ".xlsm": Kind.SPREADSHEET,
    ".xlsb": Kind.SPREADSHEET, ".ppt": Kind.PRESENTATION, ".pps": Kind.PRESENTATION, ".pot": Kind.PRESENTATION,
    ".pptx": Kind.PRESENTATION, ".pptm": Kind.PRESENTATION,
}
OLE_MIMES = frozenset({"application/x-ole-storage", "application/cdfv2"})
#: olefile's SummaryInformation/DocumentSummaryInformation attributes worth keeping, by our key.
META_FIELDS = {
    "title": "title", "subject": "subject", "author": "creator", "last_saved_by": "last_modified_by",
    "keywords": "keywords", "comments": "description", "template": "template", "creating_application": "application",
    "company": "company", "manager": "manager", "category": "category", "create_time": "created",
    "last_saved_time": "modified", "last_printed": "last_printed", "revision_number": "revision",
}


def _plain(value: Any) -> Any:
    """olefile gives bytes in the file's code page and naive UTC datetimes; store text and ISO dates."""
    if isinstance(value, bytes):
        return value.decode("cp1252", "replace").rstrip("\x00").strip()[:2000]
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC).isoformat()
    return value


def ole_metadata(ole: olefile.OleFileIO) -> dict[str, Any]:
    meta = ole.get_metadata()
    found: dict[str, Any] = {}
    for attribute, key in META_FIELDS.items():
        value = _plain(getattr(meta, attribute, None))
        if value not in (None, "", b""):
            found[key] = value
    return found


def encryption(path_source: Source) -> str | None:
    """A description of the encryption if the file is password-protected, else None."""
    with path_source.open() as handle:
        office = msoffcrypto.OfficeFile(handle)
        if not office.is_encrypted():
            return None
        scheme = getattr(office, "type", None) or type(office).__name__.replace("File", "")
        return f"password-protected Office file ({scheme} encryption)"


DECRYPTED_DETAIL = "decrypted with a password from the case list; the decrypted document is the child"
#: Office's built-in password: public knowledge, so a file it opens is no secret of the case.
DEFAULT_PASSWORD = "VelvetSweatshop"
DEFAULT_PASSWORD_DETAIL = "encrypted with Office's default password (VelvetSweatshop): readable by anyone"
#: MS-OFFCRYPTO caps an agile file's key-derivation spin count at 10,000,000; a larger one is only
#: there to make every password attempt hang.
MAX_SPIN_COUNT = 10_000_000
OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
#: Extensions kept for the decrypted child; anything else is guessed from the decrypted bytes.
OFFICE_EXTENSIONS = frozenset({".doc", ".dot", ".xls", ".xlt", ".ppt", ".pot", ".docx", ".docm", ".xlsx",
                               ".xlsm", ".pptx", ".pptm"})
_OOXML_PARTS = (("word/", ".docx"), ("xl/", ".xlsx"), ("ppt/", ".pptx"))


class _BoundedBuffer(io.BytesIO):
    """Refuses to grow past `limit` bytes: a decrypted document is held in memory."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def write(self, data: Any) -> int:
        if self.tell() + len(data) > self.limit:
            raise OverflowError(f"decrypted document exceeds max_member_bytes ({self.limit})")
        return super().write(data)


def _agile_info(office: Any) -> dict[str, Any] | None:
    info = getattr(office, "info", None)
    return info if getattr(office, "type", None) == "agile" and isinstance(info, dict) else None


def _unverifiable(office: Any) -> bool:
    """msoffcrypto compares an agile file's verifier hash with its AES padding still on, so a
    SHA-1 (20-byte) verifier never matches, not even for the right password: such a file is
    checked by decrypting it and looking for an OOXML package instead."""
    info = _agile_info(office)
    if info is None:
        return False
    try:
        size = hashlib.new(str(info.get("passwordHashAlgorithm", "")).replace("-", "").lower()).digest_size
    except (ValueError, TypeError):
        return False
    return size % 16 != 0


def _hangs(office: Any) -> bool:
    """A spin count beyond the specification's cap: deriving one key would take hours."""
    info = _agile_info(office)
    try:
        return info is not None and int(info.get("spinValue", 0)) > MAX_SPIN_COUNT
    except (TypeError, ValueError):
        return True


def _is_ooxml_package(data: bytes) -> bool:
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return "[Content_Types].xml" in package.namelist()
    except Exception:
        return False


def _decrypt(source: Source, password: str, limit: int) -> bytes | None:
    """The decrypted document if `password` opens it, else None."""
    with source.open() as handle:
        office = msoffcrypto.OfficeFile(handle)
        if _hangs(office):
            return None
        verify = not _unverifiable(office)
        try:
            if not verify:
                office.load_key(password=password)
            else:
                try:
                    office.load_key(password=password, verify_password=True)
                except TypeError:  # a format whose load_key has no verify_password (it checks anyway)
                    office.load_key(password=password)
        except MemoryError:
            raise
        except Exception:  # msoffcrypto.exceptions.InvalidKeyError and friends
            return None
        out = _BoundedBuffer(limit)
        try:
            office.decrypt(out)
        except (MemoryError, OverflowError):
            raise
        except Exception:
            return None
        data = out.getvalue()
    if not verify and not _is_ooxml_package(data):
        return None
    return data or None


def decrypted_extension(original: str, data: bytes) -> str:
    """The original extension when it is an Office one, else one guessed from the decrypted bytes."""
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                names = package.namelist()
        except Exception:
            names = []
        for prefix, extension in _OOXML_PARTS:
            if any(name.startswith(prefix) for name in names):
                return original if original in OFFICE_EXTENSIONS and original.endswith("x") else extension
        return original if original in OFFICE_EXTENSIONS else ".zip"
    return original if original in OFFICE_EXTENSIONS else ".bin"


def decrypt_with_passwords(source: Source, passwords: tuple[str, ...], limit: int) -> tuple[bytes, str] | None:
    """The document decrypted with the first password of the case list that opens it."""
    for password in passwords:
        if password == DEFAULT_PASSWORD:  # tried already, before the case's list
            continue
        data = _decrypt(source, password, limit)
        if data is not None:
            return data, password
    return None


class LegacyOfficeExtractor:
    """Word/Excel/PowerPoint 97-2003 text, metadata and embedded objects; encryption of any OLE Office file."""

    name = "ole_office"

    def score(self, sniffed: Sniffed) -> int:
        mime = sniffed.mime.lower()
        if mime in MIME_KINDS:
            return 100
        if mime in OLE_MIMES:
            return 90 if sniffed.extension in EXTENSION_KINDS else 30
        return 0

    def extract(self, source: Source, sink: ChildSink, limits: Limits) -> Extraction:
        return extract_or_corrupt(self._guess_kind(source.sniffed), self._extract, source, sink, limits)

    @staticmethod
    def _guess_kind(sniffed: Sniffed) -> Kind:
        return MIME_KINDS.get(sniffed.mime.lower()) or EXTENSION_KINDS.get(sniffed.extension, Kind.OTHER)

    def _extract(self, source: Source, sink: ChildSink, limits: Limits, default_tried: bool = False) -> Extraction:
        """`default_tried`: this is a document the default password already opened (no second try)."""
        title = source.sniffed.name
        kind = self._guess_kind(source.sniffed)
        if not olefile.isOleFile(str(source.path)):
            return Extraction(kind=kind, status=Status.CORRUPT, title=title,
                              detail="not an OLE compound file (damaged or misnamed legacy Office file)")
        with olefile.OleFileIO(str(source.path)) as ole:
            kind = next((k for stream, k in MAIN_STREAMS if ole.exists(stream)), kind)
            try:
                refused = property_set_problem(ole)
                metadata = {"metadata_error": f"property set not parsed: {refused}"} if refused else ole_metadata(ole)
            except Exception as error:  # property sets of fuzzed files break olefile in many ways
                metadata = {"metadata_error": f"{type(error).__name__}: {error}"[:500]}
            packaged = ole.exists("EncryptionInfo") and ole.exists("EncryptedPackage")
            if ole.exists("Macros") or ole.exists("_VBA_PROJECT_CUR") or any(
                    entry[-1] == "VBA" for entry in ole.listdir(streams=False, storages=True)):
                metadata["has_macros"] = True
        try:
            encrypted = encryption(source)
        except Exception as error:  # msoffcrypto cannot tell: fall back to the package streams
            encrypted = "encrypted OOXML package (EncryptedPackage stream)" if packaged else None
            if packaged:
                metadata["encryption_check_error"] = f"{type(error).__name__}: {error}"[:500]
        if packaged:
            kind = EXTENSION_KINDS.get(source.sniffed.extension, Kind.DOCUMENT)
        meta_title = str(metadata.get("title") or title)
        if encrypted and not default_tried:
            try:
                data = _decrypt(source, DEFAULT_PASSWORD, limits.max_member_bytes)
            except OverflowError:
                data = None  # the case-list attempt below says why (or the file stays encrypted)
            if data is not None:
                return self._read_in_place(data, source, sink, limits, kind, metadata | {"encryption": encrypted})
        if encrypted and sink.passwords:
            metadata["encryption"] = encrypted
            try:
                opened = decrypt_with_passwords(source, sink.passwords, limits.max_member_bytes)
            except OverflowError as error:
                return Extraction(kind=kind, status=Status.ENCRYPTED, title=meta_title,
                                  detail=f"{encrypted}; {error}", sender=str(metadata.get("creator", "")),
                                  metadata=metadata)
            if opened is None:
                encrypted = f"{encrypted}; {no_password_worked(len(sink.passwords))}"
            else:
                data, password = opened
                metadata["opened_with_password"] = mask_password(password)
                extension = decrypted_extension(source.sniffed.extension, data)
                sink.add_bytes(f"decrypted{extension}", data,
                               meta={"opened_with_password": mask_password(password)})
                return Extraction(kind=kind, status=Status.OK, title=meta_title, detail=DECRYPTED_DETAIL,
                                  sender=str(metadata.get("creator", "")), metadata=metadata)
        if encrypted:
            return Extraction(kind=kind, status=Status.ENCRYPTED, title=meta_title, detail=encrypted,
                              sender=str(metadata.get("creator", "")), metadata=metadata)
        content = read_content(source, sink, limits)
        return Extraction(kind=kind, status=content.status(bool(sink.members)), detail=content.detail()[:2000],
                          text=content.text, title=meta_title, sender=str(metadata.get("creator", "")),
                          metadata=metadata)

    def _read_in_place(self, data: bytes, source: Source, sink: ChildSink, limits: Limits, kind: Kind,
                       metadata: dict[str, Any]) -> Extraction:
        """A document the default password opens is read as if it were not encrypted: its text is
        this item's text and its embedded files are this item's children."""
        handle, temp = sink.blobs.new_temp()
        try:
            with handle:
                handle.write(data)
            opened = Source(temp, sniff_file(temp, name=source.sniffed.name))
            if data.startswith(b"PK"):
                inner = OoxmlExtractor().extract(opened, sink, limits)
            elif data.startswith(OLE_MAGIC):
                inner = extract_or_corrupt(kind, functools.partial(self._extract, default_tried=True),
                                           opened, sink, limits)
            else:  # neither OOXML nor OLE: keep the bytes for a look, as the case-password path does
                extension = decrypted_extension(source.sniffed.extension, data)
                sink.add_bytes(f"decrypted{extension}", data, meta={"opened_with_default_password": True})
                inner = Extraction(kind=kind, title=str(metadata.get("title") or source.sniffed.name),
                                   detail="the decrypted content is neither OOXML nor OLE: it is the child")
        finally:
            temp.unlink(missing_ok=True)
        detail = "; ".join(filter(None, (DEFAULT_PASSWORD_DETAIL, inner.detail)))[:2000]
        return dataclasses.replace(inner, detail=detail, sender=inner.sender or str(metadata.get("creator", "")),
                                   metadata=metadata | inner.metadata | {"opened_with_default_password": True})

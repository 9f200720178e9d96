"""OOXML (.docx/.docm/.xlsx/.xlsm/.pptx...): text, properties, labels and embedded files.

An OOXML file is a zip of XML parts. Parts are streamed through defusedxml with byte and ratio
caps (office_xml); spreadsheet text is the shared-string table once plus the cells' own values,
so a shared-strings amplification bomb (one huge string referenced a million times) costs
nothing. Relationship targets marked External (remote templates, links) are listed, never fetched.
"""

from __future__ import annotations

import io
import os
import re
import struct
import zipfile
from collections import Counter
from typing import Any, BinaryIO, cast

from trovetriage.core.limits import Limits, MiB
from trovetriage.core.types import Extraction, Kind, Sniffed, Status
from trovetriage.ingest.extractors.base import ChildSink, Source, extract_or_corrupt
from trovetriage.ingest.extractors.office_xml import (
    PartRefused,
    TextBudget,
    TextFull,
    TextRules,
    local,
    parse_small,
    stream_text,
)
from trovetriage.ingest.extractors.ooxml_meta import (
    app_properties,
    core_properties,
    custom_properties,
    parse_date,
    sensitivity_labels,
)
from trovetriage.ingest.extractors.scoring import score_by_prefix_or_name
from trovetriage.ingest.extractors.xlsb_cells import WORKBOOK as XLSB_WORKBOOK
from trovetriage.ingest.extractors.xlsb_cells import xlsb_text
from trovetriage.ingest.extractors.zip import EOCD_SIG, ZIP_MIMES, ZipExtractor, find_overlap
from trovetriage.ingest.sniff import OOXML_PREFIX

EXTENSIONS = frozenset({".docx", ".docm", ".dotx", ".dotm", ".xlsx", ".xlsm", ".xltx", ".xltm", ".xlsb",
                        ".pptx", ".pptm", ".potx", ".potm", ".ppsx", ".ppsm"})
#: Containers libmagic names when it misses the OOXML inside (or sniff sends zips here by name).
BY_NAME_MIMES = ZIP_MIMES | {"application/octet-stream"}
MAX_EXTERNAL_TARGETS = 50
#: Salvaging a package without its central directory holds the file in memory: only up to this size.
SALVAGE_MAX_BYTES = 64 * MiB
SALVAGE_MAX_PARTS = 10_000
_LOCAL = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s6H3L5H2L")

WORD_RULES = TextRules(text=frozenset({"t", "delText"}), para=frozenset({"p"}), tab=frozenset({"tab"}),
                       newline=frozenset({"br", "cr"}), skip=frozenset({"pPr", "rPr", "instrText"}))
SLIDE_RULES = TextRules(text=frozenset({"t"}), para=frozenset({"p"}), newline=frozenset({"br"}))
SHARED_STRING_RULES = TextRules(text=frozenset({"t"}), para=frozenset({"si"}), skip=frozenset({"rPh"}))


def _shared_string_ref(tag: str, attrs: dict[str, str]) -> bool:
    """A cell holding an index into the shared strings: its text is already indexed once."""
    return tag == "c" and attrs.get("t") == "s"


SHEET_RULES = TextRules(text=frozenset({"v", "t"}), para=frozenset({"row"}), skip=frozenset({"f", "extLst"}),
                        skip_when=_shared_string_ref)
#: Text parts by kind, each with the rules of its vocabulary, in reading order.
TEXT_PARTS: dict[Kind, list[tuple[re.Pattern[str], TextRules]]] = {
    Kind.DOCUMENT: [
        (re.compile(r"^word/document\d*\.xml$"), WORD_RULES),
        (re.compile(r"^word/(header|footer)\d*\.xml$"), WORD_RULES),
        (re.compile(r"^word/(footnotes|endnotes|comments)\.xml$"), WORD_RULES),
    ],
    Kind.SPREADSHEET: [
        (re.compile(r"^xl/sharedStrings\.xml$"), SHARED_STRING_RULES),
        (re.compile(r"^xl/worksheets/sheet\d+\.xml$"), SHEET_RULES),
        (re.compile(r"^xl/comments\d+\.xml$"), SHARED_STRING_RULES),
    ],
    Kind.PRESENTATION: [
        (re.compile(r"^ppt/slides/slide\d+\.xml$"), SLIDE_RULES),
        (re.compile(r"^ppt/notesSlides/notesSlide\d+\.xml$"), SLIDE_RULES),
    ],
}
EMBEDDED = re.compile(r"^(word|xl|ppt)/embeddings/[^/]+$")
_NUMBER = re.compile(r"(\d+)")


def _natural(name: str) -> list[Any]:
    """slide2 before slide10."""
    return [int(piece) if piece.isdigit() else piece for piece in _NUMBER.split(name)]


def package_kind(names: set[str]) -> Kind | None:
    if any(name.startswith("word/") for name in names):
        return Kind.DOCUMENT
    if any(name.startswith("xl/") for name in names):
        return Kind.SPREADSHEET
    if any(name.startswith("ppt/") for name in names):
        return Kind.PRESENTATION
    return None


class OoxmlExtractor:
    """Office Open XML documents, workbooks and presentations (outbids the zip extractor)."""

    name = "ooxml"

    def score(self, sniffed: Sniffed) -> int:
        return score_by_prefix_or_name(sniffed, OOXML_PREFIX, EXTENSIONS, BY_NAME_MIMES, by_name=90)

    def extract(self, source: Source, sink: ChildSink, limits: Limits) -> Extraction:
        return extract_or_corrupt(Kind.DOCUMENT, self._open_and_extract, source, sink, limits)

    def _open_and_extract(self, source: Source, sink: ChildSink, limits: Limits) -> Extraction:
        with source.open() as handle:
            try:
                zf = zipfile.ZipFile(handle)
            except (zipfile.BadZipFile, OSError, ValueError) as error:
                unreadable = _unreadable_zip(source, handle, error)
                salvaged = _salvage(handle)
                if salvaged is None:
                    return unreadable
                with salvaged:
                    if package_kind(set(salvaged.namelist())) is None:  # no office part left to read
                        return unreadable
                    found = _read_zip(salvaged, cast(BinaryIO, salvaged.fp), source, sink, limits)
                if found.status in (Status.OK, Status.EMPTY):
                    found.status = unreadable.status
                    found.detail = "; ".join(filter(None, (unreadable.detail, f"parts salvaged from "
                                                           f"{len(salvaged.filelist)} local headers", found.detail)))
                return found
            with zf:
                return _read_zip(zf, handle, source, sink, limits)


def _read_zip(zf: zipfile.ZipFile, handle: BinaryIO, source: Source, sink: ChildSink, limits: Limits) -> Extraction:
    infos = zf.infolist()
    kind = package_kind({info.filename for info in infos})
    if kind is None:  # a plain zip with an office name: list it like any archive
        return ZipExtractor().extract(source, sink, limits)
    overlap = find_overlap(handle, infos, getattr(zf, "start_dir", None))
    if overlap:
        return Extraction(kind=kind, status=Status.SKIPPED_BOMB, title=source.sniffed.name,
                          detail=f"overlapping zip entries (zip bomb): {overlap}")
    return _Package(zf, infos, kind, source, sink, limits).read()


def _salvage(handle: BinaryIO) -> zipfile.ZipFile | None:
    """A package without a readable central directory, rebuilt in memory from its leading run of local headers
    whose sizes are known (a cut download keeps them intact); None when nothing is left or it is too big."""
    handle.seek(0, os.SEEK_END)
    if handle.tell() > SALVAGE_MAX_BYTES:
        return None
    handle.seek(0)
    data = bytearray(handle.read())
    records: list[bytes] = []
    end = 0
    while data.startswith(b"PK\x03\x04", end) and end + _LOCAL.size <= len(data) and len(records) < SALVAGE_MAX_PARTS:
        _, version, flags, method, time, date, crc, size, full, name_length, extra = _LOCAL.unpack_from(data, end)
        following = end + _LOCAL.size + name_length + extra + size
        if flags & 0x8 or 0xFFFFFFFF in (size, full) or following > len(data):
            break  # sizes unknown here (data descriptor, zip64) or the entry itself is cut
        name = bytes(data[end + _LOCAL.size: end + _LOCAL.size + name_length])
        records.append(_CENTRAL.pack(b"PK\x01\x02", version, version, flags, method, time, date, crc, size, full,
                                     name_length, 0, 0, 0, 0, 0, end) + name)
        end = following
    if not records:
        return None
    directory = b"".join(records)
    del data[end:]
    data += directory + struct.pack("<4s4H2LH", EOCD_SIG, 0, 0, len(records), len(records), len(directory), end, 0)
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def _unreadable_zip(source: Source, handle: BinaryIO, error: Exception) -> Extraction:
    """No central directory: cut short if the end record is missing, otherwise damaged."""
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    handle.seek(max(0, size - 65557))
    tail = handle.read()
    handle.seek(0)
    starts_as_zip = handle.read(4) == b"PK\x03\x04"
    if starts_as_zip and EOCD_SIG not in tail:
        return Extraction(kind=Kind.DOCUMENT, status=Status.TRUNCATED, title=source.sniffed.name,
                          detail=f"office package cut short: the zip central directory is missing ({error})")
    return Extraction(kind=Kind.DOCUMENT, status=Status.CORRUPT, title=source.sniffed.name,
                      detail=f"not a readable office package (zip): {error}")


class _Package:
    """One open OOXML package being read; collects text, metadata and problems."""

    def __init__(self, zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], kind: Kind, source: Source,
                 sink: ChildSink, limits: Limits) -> None:
        self.zf, self.infos, self.kind = zf, infos, kind
        self.source, self.sink, self.limits = source, sink, limits
        self.budget = TextBudget(limits.max_text_chars)
        self.refusals: list[PartRefused] = []
        self.notes: list[str] = []
        self.metadata: dict[str, Any] = {}

    def read(self) -> Extraction:
        duplicates = sorted(name for name, count in Counter(i.filename for i in self.infos).items() if count > 1)
        if duplicates:
            self.metadata["duplicate_parts"] = duplicates[:50]
            self.notes.append("ambiguous package: duplicate part names (every copy was read): "
                              + ", ".join(duplicates[:5]))
        self._read_properties()
        self._read_text()
        self._scan_package()
        self._add_embeddings()
        return self._result()

    def _parts(self, pattern: re.Pattern[str]) -> list[zipfile.ZipInfo]:
        return sorted((i for i in self.infos if pattern.match(i.filename)), key=lambda i: _natural(i.filename))

    def _first(self, name: str) -> zipfile.ZipInfo | None:
        return next((info for info in self.infos if info.filename == name), None)

    def _read_properties(self) -> None:
        readers = (("docProps/core.xml", core_properties), ("docProps/app.xml", app_properties))
        for name, reader in readers:
            info = self._first(name)
            if info is not None:
                try:
                    self.metadata.update(reader(parse_small(self.zf, info, self.limits)))
                except PartRefused as refused:
                    self.refusals.append(refused)
        info = self._first("docProps/custom.xml")
        if info is not None:
            try:
                props = custom_properties(parse_small(self.zf, info, self.limits))
            except PartRefused as refused:
                self.refusals.append(refused)
            else:
                labels = sensitivity_labels(props)
                if labels:
                    self.metadata["sensitivity_labels"] = labels
                others = {k: v for k, v in props.items() if not k.startswith("MSIP_Label_")}
                if others:
                    self.metadata["custom_properties"] = others

    def _read_text(self) -> None:
        if self.kind is Kind.SPREADSHEET and self._first(XLSB_WORKBOOK) is not None:
            self._read_xlsb()
            return
        parts = [(info, rules) for pattern, rules in TEXT_PARTS[self.kind] for info in self._parts(pattern)]
        self.metadata["text_parts"] = len(parts)
        for info, rules in parts:
            try:
                if note := stream_text(self.zf, info, rules, self.budget, self.limits):
                    self.notes.append(note)
                self.budget.add("\n")
            except TextFull:
                self.notes.append(f"text cut at {self.budget.size:,} characters "
                                  f"(limit max_text_chars={self.limits.max_text_chars:,})")
                return
            except PartRefused as refused:
                self.refusals.append(refused)

    def _read_xlsb(self) -> None:
        """Binary workbook: the cells come from BIFF12 records (xlsb_cells), not XML parts."""
        try:
            self.notes.extend(xlsb_text(self.zf, self.infos, self.budget, self.limits))
        except TextFull:
            self.notes.append(f"text cut at {self.budget.size:,} characters "
                              f"(limit max_text_chars={self.limits.max_text_chars:,})")
        except PartRefused as refused:
            self.refusals.append(refused)

    def _scan_package(self) -> None:
        """Macros, signatures and external relationship targets: facts for triage, nothing run or fetched."""
        names = [info.filename for info in self.infos]
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            self.metadata["has_macros"] = True
        if any(name.startswith("_xmlsignatures/") for name in names):
            self.metadata["signed"] = True
        if self.kind is Kind.SPREADSHEET and any(name.endswith(".bin") and name.startswith("xl/worksheets/")
                                                 for name in names):
            self.metadata["binary_workbook"] = True
        external: list[str] = []
        for info in self.infos:
            if not info.filename.endswith(".rels") or len(external) >= MAX_EXTERNAL_TARGETS:
                continue
            try:
                root = parse_small(self.zf, info, self.limits)
            except PartRefused as refused:
                self.refusals.append(refused)
                continue
            for rel in root:
                if local(rel.tag) == "Relationship" and rel.get("TargetMode", "").lower() == "external":
                    kind = rel.get("Type", "").rpartition("/")[2]
                    external.append(f"{kind}: {rel.get('Target', '')[:500]}")
        if external:
            self.metadata["external_targets"] = external[:MAX_EXTERNAL_TARGETS]

    def _add_embeddings(self) -> None:
        for info in self.infos:
            if self.sink.full:
                self.notes.append("member limit reached: further embedded objects not listed")
                return
            if not EMBEDDED.match(info.filename):
                continue
            if info.flag_bits & 0x1:
                self.sink.add_failed(info.filename, Status.ENCRYPTED, "zip-encrypted part")
                continue

            def opener(info: zipfile.ZipInfo = info) -> BinaryIO:
                return cast(BinaryIO, self.zf.open(info))

            self.sink.add_stream(info.filename, opener, meta={"embedded": True},
                                 compressed_size=info.compress_size)

    def _result(self) -> Extraction:
        text = self.budget.text().strip()
        metadata = self.metadata
        status, details = Status.OK, list(self.notes)
        if self.refusals:
            status = self.refusals[0].status
            details = [refused.detail for refused in self.refusals[:5]] + details
        elif not text and not self.sink.members and "binary_workbook" not in metadata:
            status = Status.EMPTY
            details.insert(0, "no text in the document")
        title = str(metadata.get("title") or self.source.sniffed.name)
        date = parse_date(metadata.get("modified")) or parse_date(metadata.get("created"))
        return Extraction(kind=self.kind, status=status, detail="; ".join(details)[:2000], text=text, title=title,
                          date=date, sender=str(metadata.get("creator", "")), metadata=metadata)

"""OpenDocument (.odt/.ods/.odp): text of content.xml, properties of meta.xml, encryption, embedded objects.

ODF is a zip of XML like OOXML and gets the same safe, bounded part reading (office_xml).
An encrypted ODF keeps a readable manifest whose entries carry <manifest:encryption-data>.
Embedded objects (odf_embedded): an embedded sub-document ("Object 1/content.xml") adds its text to
this document's text under a heading; any other embedded non-image file becomes a child.
"""

from __future__ import annotations

import zipfile
from typing import Any

from trovetriage.core.limits import Limits
from trovetriage.core.types import Extraction, Kind, Sniffed, Status
from trovetriage.ingest.extractors.base import ChildSink, Source, extract_or_corrupt
from trovetriage.ingest.extractors.odf_embedded import Embedded, add_files, append_subdocuments, find_embedded
from trovetriage.ingest.extractors.office_xml import (
    PartRefused,
    TextBudget,
    TextFull,
    TextRules,
    local,
    parse_small,
    stream_text,
)
from trovetriage.ingest.extractors.ooxml_meta import parse_date
from trovetriage.ingest.extractors.scoring import score_by_prefix_or_name
from trovetriage.ingest.extractors.zip import ZIP_MIMES

ODF_PREFIX = "application/vnd.oasis.opendocument."
EXTENSION_KINDS = {".odt": Kind.DOCUMENT, ".ott": Kind.DOCUMENT, ".ods": Kind.SPREADSHEET,
                   ".ots": Kind.SPREADSHEET, ".odp": Kind.PRESENTATION, ".otp": Kind.PRESENTATION}
#: Containers libmagic names when it misses the ODF inside. Not text: an .odt that libmagic reads as text is
#: not a zip, so the content decides and the text extractor reads it.
BY_NAME_MIMES = ZIP_MIMES | {"application/octet-stream"}
META_FIELDS = {"title": "title", "subject": "subject", "description": "description", "creator": "last_modified_by",
               "initial-creator": "creator", "creation-date": "created", "date": "modified",
               "generator": "application", "keyword": "keywords"}
TEXT_RULES = TextRules(text=frozenset({"p", "h"}), para=frozenset({"p", "h"}), tab=frozenset({"tab"}),
                       newline=frozenset({"line-break"}), spaces=frozenset({"s"}))


def _kind(mimetype: str, extension: str) -> Kind:
    if "spreadsheet" in mimetype:
        return Kind.SPREADSHEET
    if "presentation" in mimetype:
        return Kind.PRESENTATION
    if "text" in mimetype:
        return Kind.DOCUMENT
    return EXTENSION_KINDS.get(extension, Kind.DOCUMENT)


class OdfExtractor:
    """OpenDocument text, spreadsheets and presentations."""

    name = "odf"

    def score(self, sniffed: Sniffed) -> int:
        return score_by_prefix_or_name(sniffed, ODF_PREFIX, EXTENSION_KINDS, BY_NAME_MIMES, by_name=90)

    def extract(self, source: Source, sink: ChildSink, limits: Limits) -> Extraction:
        kind = EXTENSION_KINDS.get(source.sniffed.extension, Kind.DOCUMENT)
        return extract_or_corrupt(kind, self._extract, source, sink, limits)

    def _extract(self, source: Source, sink: ChildSink, limits: Limits) -> Extraction:
        title = source.sniffed.name
        with source.open() as handle:
            try:
                zf = zipfile.ZipFile(handle)
            except (zipfile.BadZipFile, OSError, ValueError) as error:
                return Extraction(kind=EXTENSION_KINDS.get(source.sniffed.extension, Kind.DOCUMENT),
                                  status=Status.CORRUPT, title=title,
                                  detail=f"not a readable OpenDocument package (zip): {error}")
            with zf:
                return _read(zf, source, sink, limits)


def _read(zf: zipfile.ZipFile, source: Source, sink: ChildSink, limits: Limits) -> Extraction:
    infos = {info.filename: info for info in zf.infolist()}
    mimetype = ""
    if "mimetype" in infos:
        mimetype = zf.read(infos["mimetype"])[:200].decode("ascii", "replace").strip() if \
            infos["mimetype"].file_size <= 200 else ""
    kind = _kind(mimetype, source.sniffed.extension)
    metadata: dict[str, Any] = {"odf_mimetype": mimetype} if mimetype else {}
    problems: list[PartRefused] = []
    encrypted: list[str] = []
    media_types: dict[str, str] = {}
    if "META-INF/manifest.xml" in infos:
        try:
            manifest = parse_small(zf, infos["META-INF/manifest.xml"], limits)
            for entry in manifest:
                attributes = {local(key): value for key, value in entry.attrib.items()}
                path = attributes.get("full-path", "?")
                media_types[path] = attributes.get("media-type", "")[:200]
                if any(local(child.tag) == "encryption-data" for child in entry):
                    encrypted.append(path)
        except PartRefused as refused:
            problems.append(refused)
    if "meta.xml" in infos and "meta.xml" not in encrypted:
        try:
            root = parse_small(zf, infos["meta.xml"], limits)
            for element in root.iter():
                key = META_FIELDS.get(local(element.tag))
                if key and (element.text or "").strip():
                    metadata.setdefault(key, element.text.strip()[:2000])
        except PartRefused as refused:
            problems.append(refused)
    title = str(metadata.get("title") or source.sniffed.name)
    date = parse_date(metadata.get("modified")) or parse_date(metadata.get("created"))
    common: dict[str, Any] = {"kind": kind, "title": title, "date": date, "metadata": metadata,
                              "sender": str(metadata.get("creator", ""))}
    if "content.xml" in encrypted:
        return Extraction(status=Status.ENCRYPTED, detail=f"password-protected OpenDocument "
                                                          f"({len(encrypted)} encrypted parts)", **common)
    budget = TextBudget(limits.max_text_chars)
    notes: list[str] = []
    if "content.xml" not in infos:
        return Extraction(status=Status.CORRUPT, detail="OpenDocument package without content.xml", **common)
    embedded = find_embedded(infos, media_types)
    try:
        if note := stream_text(zf, infos["content.xml"], TEXT_RULES, budget, limits):
            notes.append(note)
        append_subdocuments(zf, infos, embedded, TEXT_RULES, budget, limits)
    except TextFull:
        notes.append(f"text cut at {budget.size:,} characters (limit max_text_chars={limits.max_text_chars:,})")
    except PartRefused as refused:
        problems.append(refused)
    text = budget.text().strip()
    add_files(zf, embedded, set(encrypted), media_types, sink)
    status = _embedded_notes(embedded, metadata, notes, limits)
    if problems:
        return Extraction(status=problems[0].status, text=text,
                          detail="; ".join([*(p.detail for p in problems[:5]), *notes])[:2000], **common)
    if not text and not embedded.files:
        return Extraction(status=Status.EMPTY, detail="no text in the document", **common)
    return Extraction(status=status, text=text, detail="; ".join(notes)[:4000], **common)


def _embedded_notes(embedded: Embedded, metadata: dict[str, Any], notes: list[str], limits: Limits) -> Status:
    """Record the embedded objects in metadata and notes; SKIPPED_BOMB when the member limit stopped them."""
    if embedded.subdocuments:
        metadata["embedded_documents"] = embedded.subdocuments[:1000]
    if embedded.files:
        metadata["embedded_files"] = len(embedded.files)
        notes.append(f"{len(embedded.files):,} embedded file(s): {embedded.children:,} extracted, "
                     f"{embedded.failed:,} failed")
    notes.extend(embedded.notes[:20])
    if embedded.not_extracted:
        metadata["not_extracted"] = embedded.not_extracted
        notes.insert(0, f"member limit reached (max_members={limits.max_members:,}): "
                        f"{embedded.not_extracted:,} embedded file(s) not extracted")
        return Status.SKIPPED_BOMB
    return Status.OK

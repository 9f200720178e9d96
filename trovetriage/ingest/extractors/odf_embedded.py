"""What an OpenDocument package embeds besides its own text: sub-documents and files.

The choice made here:
- a directory ("Object 1/") holding a content.xml is an embedded OpenDocument (a chart, a formula,
  a spreadsheet pasted into a letter). Its parts are spread through the parent's zip, so it has no
  file of its own to become a child: its text is appended to the parent's text under the heading
  "[Embedded object: Object 1]", where the investigator reads it in context;
- any other file that is neither package plumbing nor an image becomes a child named by its path
  in the package: "Object 2" when it is a binary OLE object, an attached .msg, a PDF...;
- plumbing (mimetype, styles/settings/meta parts, META-INF/, Configurations2/, Thumbnails/, the
  Basic/ and Dialogs/ macro libraries) and images (Pictures/, ObjectReplacements/, image media
  types and extensions) are skipped: they are the document's own rendering, not content.
Sub-document XML goes through the same safe, bounded reader as the main text (office_xml).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from typing import Any, BinaryIO, cast

from trovetriage.core.limits import Limits
from trovetriage.core.types import Status
from trovetriage.ingest.extractors.base import ChildSink
from trovetriage.ingest.extractors.office_xml import PartRefused, TextBudget, TextFull, TextRules, stream_text

PLUMBING_FILES = frozenset({"mimetype", "content.xml", "styles.xml", "meta.xml", "settings.xml", "manifest.rdf",
                            "layout-cache"})
PLUMBING_DIRS = ("META-INF/", "Configurations2/", "Thumbnails/", "Pictures/", "ObjectReplacements/", "Basic/",
                 "Dialogs/")
IMAGE_EXTENSIONS = frozenset({".png", ".jpg", ".jpeg", ".gif", ".bmp", ".svg", ".svm", ".wmf", ".emf", ".tif",
                              ".tiff", ".webp"})
#: Zip methods the standard library inflates (stored, deflate, bzip2, lzma).
READABLE_METHODS = frozenset({0, 8, 12, 14})
#: Embedded sub-documents whose text is read; more are listed in the detail only.
MAX_SUBDOCUMENTS = 1000
#: Directory levels looked at to place a file in a sub-document (deeper names are hostile).
MAX_DEPTH = 64
HEADING = "\n[Embedded object: {name}]\n"
_DIGITS = re.compile(r"(\d+)")


@dataclass
class Embedded:
    """The embedded sub-documents and files of one package, and what became of them."""

    subdocuments: list[str] = field(default_factory=list)
    files: list[zipfile.ZipInfo] = field(default_factory=list)
    children: int = 0
    failed: int = 0
    not_extracted: int = 0
    notes: list[str] = field(default_factory=list)


def _natural(name: str) -> list[Any]:
    """"Object 2" before "Object 10"."""
    return [int(part) if part.isdigit() else part for part in _DIGITS.split(name)]


def _is_image(relative: str, media_type: str) -> bool:
    dot = relative.rfind(".")
    return media_type.startswith("image/") or (dot > relative.rfind("/") and relative[dot:].lower() in IMAGE_EXTENSIONS)


def _skipped(relative: str, media_type: str) -> bool:
    return relative in PLUMBING_FILES or relative.startswith(PLUMBING_DIRS) or _is_image(relative, media_type)


def _subdocument_of(name: str, roots: set[str]) -> str:
    """The deepest sub-document directory holding `name` ("" for the main document); MAX_DEPTH levels at most."""
    found = ""
    slash = name.find("/")
    for _ in range(MAX_DEPTH):
        if slash < 0:
            break
        if name[:slash] in roots:
            found = name[:slash]
        slash = name.find("/", slash + 1)
    return found


def find_embedded(infos: dict[str, zipfile.ZipInfo], media_types: dict[str, str]) -> Embedded:
    """Sub-documents (directories with a content.xml) and the files that become children, in package order."""
    roots = {name[:-len("/content.xml")] for name in infos if name.endswith("/content.xml")}
    roots = {root for root in roots if root and not (root + "/").startswith(PLUMBING_DIRS)}
    found = Embedded(subdocuments=sorted(roots, key=_natural))
    for name, info in infos.items():
        if info.is_dir():
            continue
        root = _subdocument_of(name, roots)
        relative = name[len(root) + 1:] if root else name
        if not _skipped(relative, media_types.get(name, "")):
            found.files.append(info)
    return found


def append_subdocuments(zf: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo], found: Embedded, rules: TextRules,
                        budget: TextBudget, limits: Limits) -> None:
    """Each sub-document's text under its heading; a refused part is a note, not the parent's status.

    Raises TextFull when the parent's text budget is spent."""
    for number, root in enumerate(found.subdocuments):
        if number >= MAX_SUBDOCUMENTS:
            found.notes.append(f"text of {len(found.subdocuments) - number:,} more embedded object(s) not read")
            return
        own = TextBudget(max(budget.limit - budget.size, 0))
        try:
            stream_text(zf, infos[root + "/content.xml"], rules, own, limits)
        except TextFull:
            pass
        except PartRefused as refused:
            found.notes.append(f"embedded object {root!r}: {refused.detail}")
        text = own.text().strip()
        if text:
            separator = "\n" if budget.parts and not budget.parts[-1].endswith("\n") else ""
            budget.add(separator + HEADING.format(name=root) + text + "\n")


def _opener(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> BinaryIO:
    try:
        return cast(BinaryIO, zf.open(info))
    except (NotImplementedError, RuntimeError) as error:
        raise ValueError(str(error)) from error


def add_files(zf: zipfile.ZipFile, found: Embedded, encrypted: set[str], media_types: dict[str, str],
              sink: ChildSink) -> None:
    """Hand the embedded files to the sink, each through the sink's size and ratio limits."""
    for info in found.files:
        name = info.filename
        if sink.full:
            found.not_extracted += 1
            continue
        meta: dict[str, Any] = {"embedded": True}
        if media_types.get(name):
            meta["odf_media_type"] = media_types[name]
        if name in encrypted or info.flag_bits & 0x1:
            sink.add_failed(name, Status.ENCRYPTED, "encrypted with the document's password", info.file_size, meta)
            found.failed += 1
            continue
        if info.compress_type not in READABLE_METHODS:
            sink.add_failed(name, Status.UNSUPPORTED, f"zip compression method {info.compress_type} not supported",
                            info.file_size, meta)
            found.failed += 1
            continue
        record = sink.add_stream(name, lambda info=info: _opener(zf, info), meta=meta,
                                 compressed_size=info.compress_size)
        if record.sha256 is None:
            found.failed += 1
        else:
            found.children += 1

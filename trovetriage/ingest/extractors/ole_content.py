"""Text and embedded objects of an unencrypted legacy Office file: the main stream by its kind.

The format knowledge lives in word_binary (.doc), ppt_binary (.ppt), xls_cells (.xls) and
ole_objects (embedded objects); this module picks the reader, keeps every stream it loads under
max_member_bytes, and turns what went wrong into the item's status and detail: a Word 6/95 file
or a broken FIB is "metadata only: <why>", unreadable cells are corrupt, damaged records a note.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import olefile

from trovetriage.core.limits import Limits
from trovetriage.core.types import Kind, Status
from trovetriage.ingest.extractors.base import ChildSink, Source
from trovetriage.ingest.extractors.ole_objects import add_ppt_storages, add_storage_objects
from trovetriage.ingest.extractors.ppt_binary import walk_records
from trovetriage.ingest.extractors.word_binary import WordEncrypted, WordFormatError, word_text
from trovetriage.ingest.extractors.xls_cells import is_encrypted_error, xls_text

#: The stream that makes an OLE file a Word, Excel (BIFF8 "Workbook", BIFF5 "Book") or PowerPoint file.
MAIN_STREAMS = (("WordDocument", Kind.DOCUMENT), ("Workbook", Kind.SPREADSHEET), ("Book", Kind.SPREADSHEET),
                ("PowerPoint Document", Kind.PRESENTATION))
METADATA_ONLY = "metadata only"


@dataclass
class Content:
    """What the main stream and the embedded objects gave, and what stopped them."""

    text: str = ""
    notes: list[str] = field(default_factory=list)
    #: Why only the metadata could be read ("" when the text was read).
    metadata_only: str = ""
    #: A status that overrides the text's (corrupt or encrypted cells), with its reason.
    failure: tuple[Status, str] | None = None

    def status(self, has_children: bool) -> Status:
        if self.failure:
            return self.failure[0]
        if not self.metadata_only and not self.text and not has_children:
            return Status.CORRUPT if self.notes else Status.EMPTY
        return Status.OK

    def detail(self) -> str:
        if self.failure:
            head = [self.failure[1]]
        elif self.metadata_only:
            head = [f"{METADATA_ONLY}: {self.metadata_only}"]
        else:
            head = [] if self.text or self.notes else ["no text in the document"]
        return "; ".join(head + self.notes)


class StreamTooLarge(Exception):
    """A main stream beyond max_member_bytes: it is not loaded."""


def _stream(ole: olefile.OleFileIO, name: str, limits: Limits) -> bytes:
    size = ole.get_size(name)
    if size > limits.max_member_bytes:
        raise StreamTooLarge(f"{name} stream of {size:,} bytes exceeds max_member_bytes")
    return bytes(ole.openstream(name).read())


def _cut_note(text: str, limits: Limits) -> str:
    return f"text cut at {len(text):,} characters (limit max_text_chars={limits.max_text_chars:,})"


def _word(ole: olefile.OleFileIO, limits: Limits) -> Content:
    def table(name: str) -> bytes | None:
        return _stream(ole, name, limits) if ole.exists(name) else None

    try:
        found = word_text(_stream(ole, "WordDocument", limits), table, limits.max_text_chars)
    except WordEncrypted as error:
        return Content(failure=(Status.ENCRYPTED, str(error)))
    except WordFormatError as error:
        return Content(metadata_only=str(error))
    return Content(text=found.text, notes=found.notes + ([_cut_note(found.text, limits)] if found.cut else []))


def _workbook(ole: olefile.OleFileIO, stream: str, limits: Limits) -> Content:
    try:
        cells = xls_text(_stream(ole, stream, limits), limits.max_text_chars)
    except (StreamTooLarge, MemoryError):
        raise
    except Exception as error:  # xlrd's XLRDError, struct and index errors on damaged BIFF
        if is_encrypted_error(error):
            return Content(failure=(Status.ENCRYPTED, f"encrypted workbook ({error})"))
        return Content(failure=(Status.CORRUPT, f"cannot read the cells: {type(error).__name__}: {error}"[:500]))
    content = Content(text=cells.text, notes=[_cut_note(cells.text, limits)] if cells.cut else [])
    if cells.failures:
        content.failure = (Status.CORRUPT, f"cannot read the cells of {'; '.join(cells.failures)}"[:1000])
    return content


def _presentation(ole: olefile.OleFileIO, sink: ChildSink, limits: Limits) -> Content:
    stream = _stream(ole, "PowerPoint Document", limits)
    found = walk_records(stream, limits.max_text_chars)
    text = found.text()
    notes = found.notes + ([_cut_note(text, limits)] if found.cut else [])
    return Content(text=text, notes=notes + add_ppt_storages(stream, found.storages, sink, limits))


def read_content(source: Source, sink: ChildSink, limits: Limits) -> Content:
    """The text of the file's main stream (by its kind) and its embedded objects as children."""
    with olefile.OleFileIO(str(source.path)) as ole:
        main = next((stream for stream, _ in MAIN_STREAMS if ole.exists(stream)), None)
        try:
            if main == "WordDocument":
                content = _word(ole, limits)
            elif main == "PowerPoint Document":
                content = _presentation(ole, sink, limits)
            elif main is not None:
                content = _workbook(ole, main, limits)
            else:
                content = Content(metadata_only="no Word, Excel or PowerPoint stream in this OLE file")
        except StreamTooLarge as error:
            content = Content(metadata_only=str(error))
        content.notes += add_storage_objects(ole, sink, limits)
    return content

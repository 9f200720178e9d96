"""Cell text of Excel binary workbooks (.xlsb): BIFF12 records inside an OOXML-style zip.

pyxlsb decodes the records (variable-length ids and sizes, RK numbers, strings); its Workbook and
Worksheet classes are not used because they inflate whole parts into temporary files outside the
case and index rows by the sheet's declared dimension. Here every part is streamed through the
package's bounded reader (byte cap and compression-ratio rule), records are size-checked, cells
are placed by their own column, and text stops at the item's budget. Same layout as .xls: the
sheet name as a heading, then tab-separated rows.
"""

from __future__ import annotations

import posixpath
import struct
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any, ClassVar

from pyxlsb import biff12
from pyxlsb.handlers import Handler
from pyxlsb.reader import BIFF12Reader, RecordReader

from trovetriage.core.limits import Limits
from trovetriage.core.types import Status
from trovetriage.ingest.extractors.office_xml import (
    READ_CHUNK,
    BoundedPart,
    PartRefused,
    TextBudget,
    local,
    open_part,
    parse_small,
)
from trovetriage.ingest.extractors.xls_cells import number_text

WORKBOOK = "xl/workbook.bin"
WORKBOOK_RELS = "xl/_rels/workbook.bin.rels"
SHARED_STRINGS = "xl/sharedStrings.bin"
#: Real records are small (a 32,767-character string is 64 KiB); a huge claimed size is hostile.
MAX_RECORD_BYTES = 16 * 1024 * 1024
MAX_SHEETS = 10_000
MAX_COLUMNS = 16_384
#: BIFF12 error codes ([MS-XLSB] BErr) as Excel shows them.
ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!",
          0x2A: "#N/A", 0x2B: "#GETTING_DATA"}
CELL_RECORDS = range(biff12.BLANK, biff12.FORMULA_BOOLERR + 1)


class _RawHandler(Handler):
    """Hands over a record's bytes undecoded (for BrtBundleSh, whose layout changed once)."""

    def read(self, reader: RecordReader, recid: int, reclen: int) -> bytes:
        return bytes(reader.read(reclen))


class _Reader(BIFF12Reader):
    """pyxlsb's record reader with the sheet-list record left raw; its class table stays untouched."""

    handlers: ClassVar[dict[int, Handler]] = {**BIFF12Reader.handlers, biff12.SHEET: _RawHandler()}


class _RecordStream:
    """What pyxlsb's reader reads from: a bounded part, buffered, refusing absurd record sizes."""

    def __init__(self, part: BoundedPart, name: str) -> None:
        self._part = part
        self._name = name
        self._buffer = bytearray()
        self._position = 0

    def read(self, size: int) -> bytes:
        if size > MAX_RECORD_BYTES:
            raise PartRefused(Status.CORRUPT, f"part {self._name}: a record claims {size:,} bytes")
        while len(self._buffer) - self._position < size:
            chunk = self._part.read(READ_CHUNK)
            if not chunk:
                break
            del self._buffer[: self._position]
            self._position = 0
            self._buffer += chunk
        data = bytes(self._buffer[self._position: self._position + size])
        self._position += len(data)
        return data

    def close(self) -> None:
        self._part.close()


def _records(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> Iterator[tuple[int, Any]]:
    """(record id, decoded value) of one part, streamed; damaged parts raise PartRefused."""
    stream = _RecordStream(open_part(zf, info, limits), info.filename)
    try:
        yield from _Reader(fp=stream)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, struct.error, TypeError, ValueError, IndexError,
            AttributeError) as error:  # zip damage, or pyxlsb's handlers on records cut short
        raise PartRefused(Status.CORRUPT, f"part {info.filename} is damaged: {error}") from error
    finally:
        stream.close()


def _wide_string(data: bytes, offset: int) -> tuple[str, int] | None:
    """An XLWideString (u32 character count, UTF-16LE) at `offset` and the offset after it."""
    if offset + 4 > len(data):
        return None
    count = struct.unpack_from("<I", data, offset)[0]
    if count == 0xFFFFFFFF:  # XLNullableWideString: null
        return "", offset + 4
    end = offset + 4 + 2 * count
    if end > len(data):
        return None
    return data[offset + 4: end].decode("utf-16-le", "replace"), end


def bundle_sheet(data: bytes, targets: dict[str, str]) -> tuple[str, str] | None:
    """(sheet name, relationship id) of a BrtBundleSh record, or None if it cannot be read.

    The record holds hsState and iTabID (8 bytes) before the strings; Excel 2007 beta 2 wrote
    4 more bytes. The layout whose relationship id the workbook knows wins, then one that reads
    as two non-empty strings.
    """
    readings: list[tuple[str, str]] = []
    for start in (8, 12):
        relationship = _wide_string(data, start)
        name = _wide_string(data, relationship[1]) if relationship else None
        if relationship and name:
            if relationship[0] in targets:
                return name[0], relationship[0]
            readings.append((name[0], relationship[0]))
    readings.sort(key=lambda reading: not (reading[0] and reading[1]))
    return readings[0] if readings else None


def _sheets(zf: zipfile.ZipFile, info: zipfile.ZipInfo, targets: dict[str, str],
            limits: Limits) -> list[tuple[str, str]]:
    """(sheet name, relationship id) in workbook order."""
    sheets: list[tuple[str, str]] = []
    for record_id, value in _records(zf, info, limits):
        if record_id == biff12.SHEET and isinstance(value, bytes):
            sheet = bundle_sheet(value, targets)
            if sheet is not None:
                sheets.append(sheet)
        if record_id == biff12.SHEETS_END or len(sheets) >= MAX_SHEETS:
            break
    return sheets


def _targets(zf: zipfile.ZipFile, info: zipfile.ZipInfo | None, limits: Limits) -> dict[str, str]:
    """Relationship id -> part name of the workbook's parts."""
    if info is None:
        return {}
    targets: dict[str, str] = {}
    for rel in parse_small(zf, info, limits):
        if local(rel.tag) == "Relationship" and rel.get("TargetMode", "").lower() != "external":
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
            targets[rel.get("Id", "")] = path
    return targets


def _shared_strings(zf: zipfile.ZipFile, info: zipfile.ZipInfo | None, limits: Limits) -> list[str]:
    """The shared-string table; past twice the text limit strings are kept as '' (indexes stay right)."""
    strings: list[str] = []
    if info is None:
        return strings
    room = 2 * limits.max_text_chars
    for record_id, value in _records(zf, info, limits):
        if record_id == biff12.SI:
            text = str(value.t or "") if value is not None else ""
            room -= len(text)
            strings.append(text if room >= 0 else "")
        elif record_id == biff12.SST_END:
            break
    return strings


def _value(record_id: int, value: Any, strings: list[str]) -> str:
    raw = value.v
    if raw is None:
        return ""
    if record_id == biff12.STRING:
        return strings[raw] if isinstance(raw, int) and 0 <= raw < len(strings) else ""
    if record_id in (biff12.BOOLERR, biff12.FORMULA_BOOLERR):
        return ERRORS.get(int(raw, 16), "#ERROR") if isinstance(raw, str) else ""
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, float | int):
        return number_text(float(raw))
    return str(raw)


def _flush(cells: dict[int, str], budget: TextBudget) -> None:
    if cells:
        row = [""] * (max(cells) + 1)
        for column, text in cells.items():
            row[column] = text.replace("\t", " ").replace("\r", " ").replace("\n", " ")
        budget.add("\t".join(row).rstrip("\t") + "\n")
        cells.clear()


def sheet_text(zf: zipfile.ZipFile, info: zipfile.ZipInfo, strings: list[str], budget: TextBudget,
               limits: Limits) -> None:
    """The rows of one worksheet part into the budget (raises TextFull when it is spent)."""
    cells: dict[int, str] = {}
    for record_id, value in _records(zf, info, limits):
        if record_id == biff12.ROW:
            _flush(cells, budget)
        elif record_id in CELL_RECORDS and value is not None:
            column = value.c
            if isinstance(column, int) and 0 <= column < MAX_COLUMNS:
                text = _value(record_id, value, strings)
                if text:
                    cells[column] = text
        elif record_id == biff12.SHEETDATA_END:
            break
    _flush(cells, budget)


def xlsb_text(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], budget: TextBudget, limits: Limits) -> list[str]:
    """All sheets of an .xlsb package into the budget; notes on sheets that could not be found.

    Raises PartRefused for a bomb or damaged part, TextFull when the budget is spent.
    """
    parts = {info.filename: info for info in infos}
    workbook = parts.get(WORKBOOK)
    if workbook is None:
        return [f"binary workbook without {WORKBOOK}: no cells read"]
    targets = _targets(zf, parts.get(WORKBOOK_RELS), limits)
    sheets = _sheets(zf, workbook, targets, limits)
    strings = _shared_strings(zf, parts.get(SHARED_STRINGS), limits)
    missing: list[str] = []
    for name, relationship in sheets:
        info = parts.get(targets.get(relationship, ""))
        if info is None:
            missing.append(name)
            continue
        budget.add(f"{name}\n")
        sheet_text(zf, info, strings, budget, limits)
        budget.add("\n")
    return [f"sheet part not found for: {', '.join(missing)[:300]}"] if missing else []

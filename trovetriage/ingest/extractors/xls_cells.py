"""Cell text of Excel 97-2003 (BIFF8) and Excel 5/95 (BIFF5) workbooks, read with xlrd.

Each sheet gives its name as a heading line, then one line per row with tab-separated cells;
empty rows and trailing empty cells are dropped. Sheets are loaded one at a time (on_demand) and
released, rows are kept ragged (no padding to the widest row), and reading stops at the text
limit. A damaged sheet does not cost the others their text. xlrd's diagnostics go to a null
sink: a worker prints nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import xlrd
from xlrd.biffh import XLRDError

from trovetriage.ingest.extractors.office_xml import TextBudget, TextFull


class _NullLog:
    """Where xlrd's warnings go: nowhere."""

    def write(self, text: str) -> int:
        return len(text)


@dataclass
class SheetText:
    """The cells as text, whether the text limit cut it, and the sheets xlrd could not read (why)."""

    text: str
    cut: bool = False
    failures: list[str] = field(default_factory=list)


def number_text(value: float) -> str:
    """12.0 -> "12" (ids and amounts read as typed), other numbers as Python prints them."""
    if math.isfinite(value) and value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def cell_text(cell: xlrd.sheet.Cell, datemode: int) -> str:
    kind, value = cell.ctype, cell.value
    if kind == xlrd.XL_CELL_TEXT:
        return str(value).replace("\t", " ").replace("\r\n", "\n").replace("\n", " ")
    if kind == xlrd.XL_CELL_NUMBER:
        return number_text(float(value))
    if kind == xlrd.XL_CELL_DATE:
        try:
            moment = xlrd.xldate.xldate_as_datetime(value, datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return number_text(float(value))
        return moment.date().isoformat() if moment.time() == moment.min.time() else moment.isoformat()
    if kind == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if value else "FALSE"
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#ERROR")
    return ""


def _sheet_rows(book: xlrd.book.Book, index: int, budget: TextBudget) -> None:
    sheet = book.sheet_by_index(index)
    for row in range(sheet.nrows):
        cells = [cell_text(cell, book.datemode) for cell in sheet.row(row)]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            budget.add("\t".join(cells) + "\n")


def xls_text(data: bytes, max_chars: int) -> SheetText:
    """The cells of a workbook stream (or whole .xls file). Raises XLRDError (and friends) when the
    workbook globals cannot be read; a sheet that cannot be read is a failure, the others still count."""
    book = xlrd.open_workbook(file_contents=data, on_demand=True, logfile=_NullLog(), ragged_rows=True)
    budget = TextBudget(max_chars)
    failures: list[str] = []
    try:
        for index, name in enumerate(book.sheet_names()):
            budget.add(f"{name}\n")
            try:
                _sheet_rows(book, index, budget)
            except (TextFull, MemoryError):
                raise
            except Exception as error:  # xlrd on damaged records: struct, index, key, assertion errors
                failures.append(f"sheet {name!r}: {type(error).__name__}: {error}"[:300])
            book.unload_sheet(index)
            budget.add("\n")
    except TextFull:
        return SheetText(budget.text().strip(), cut=True, failures=failures)
    finally:
        book.release_resources()
    return SheetText(budget.text().strip(), failures=failures)


def is_encrypted_error(error: BaseException) -> bool:
    """xlrd refuses encrypted workbooks with this message."""
    return isinstance(error, XLRDError) and "encrypted" in str(error).lower()

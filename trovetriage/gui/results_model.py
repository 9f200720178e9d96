"""The results table's model: it holds only item keys and fetches rows in blocks when they are shown.

A search may match 100,000 items. Keeping their keys costs less than a megabyte; their rows are
asked for a block at a time, as the view scrolls to them, so scrolling stays smooth and nothing
waits for rows nobody looks at. Sorting is done by the case server over all matches.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

BLOCK = 200
LEVEL_NAMES = {0: "PUBLIC", 1: "INTERNAL", 2: "CONFIDENTIAL", 3: "SECRET", 4: "CRITICAL"}
Index = QModelIndex | QPersistentModelIndex


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def short_date(value: str | None) -> str:
    if not value:
        return ""
    try:
        return datetime.fromisoformat(value).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return value[:16]


class ResultsModel(QAbstractTableModel):
    """Item keys in display order; rows arrive through `add_rows` after `fetch` asked for them."""

    COLUMNS: ClassVar[list[tuple[str, str]]] = [
        ("title", "Title"), ("date", "Date"), ("victim", "Victim"), ("level", "Level"), ("kind", "Kind"),
        ("status", "Status"), ("size", "Size"), ("path", "Path")]
    #: Columns the case server can sort all matches by.
    SORTABLE: ClassVar[set[str]] = {"title", "date", "victim", "level", "size", "path"}

    sort_requested = Signal(str, bool)  # column, descending

    def __init__(self, fetch: Callable[[list[int]], None] | None = None) -> None:
        super().__init__()
        self.fetch = fetch or (lambda keys: None)
        self._keys: list[int] = []
        self._position: dict[int, int] = {}
        self._rows: dict[int, dict[str, Any]] = {}
        self._requested: set[int] = set()

    # -- filling ------------------------------------------------------------------------------------

    def set_keys(self, keys: Sequence[int]) -> None:
        self.beginResetModel()
        self._keys = list(keys)
        self._position = {key: n for n, key in enumerate(self._keys)}
        self._rows.clear()
        self._requested.clear()
        self.endResetModel()

    def add_rows(self, rows: Sequence[dict[str, Any]]) -> None:
        positions = []
        for row in rows:
            position = self._position.get(row["key"])
            if position is not None:
                # Only atomic values (the category list as a tuple): the garbage collector then stops
                # tracking these rows, and 100,000 of them cost no full-collection time.
                self._rows[row["key"]] = {**row, "categories": tuple(row.get("categories") or ())}
                positions.append(position)
        if positions:
            self.dataChanged.emit(self.index(min(positions), 0),
                                  self.index(max(positions), len(self.COLUMNS) - 1))

    def forget(self, keys: Sequence[int]) -> None:
        """Rows whose classification changed: asked for again when next shown."""
        for key in keys:
            self._rows.pop(key, None)
            position = self._position.get(key)
            if position is not None:
                self._requested.discard(position // BLOCK)
                self.dataChanged.emit(self.index(position, 0), self.index(position, len(self.COLUMNS) - 1))

    # -- reading ------------------------------------------------------------------------------------

    def key_at(self, row: int) -> int | None:
        return self._keys[row] if 0 <= row < len(self._keys) else None

    def row_of(self, key: int) -> int | None:
        return self._position.get(key)

    def row_data(self, row: int) -> dict[str, Any] | None:
        key = self.key_at(row)
        return self._rows.get(key) if key is not None else None

    @property
    def keys(self) -> list[int]:
        return self._keys

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._keys)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section][1]
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._keys):
            return None
        row = self._rows.get(self._keys[index.row()])
        column = self.COLUMNS[index.column()][0]
        if row is None:
            if role == Qt.ItemDataRole.DisplayRole:
                self._ask_for(index.row())
                return "…" if index.column() == 0 else ""
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in ("title", "path"):
            return row["path"]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == "size":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None

    @staticmethod
    def _display(row: dict[str, Any], column: str) -> str:
        value = row.get(column)
        if column == "level":
            return "" if value is None else f"{value} {LEVEL_NAMES.get(value, '')}"
        if column == "date":
            return short_date(value)
        if column == "size":
            return human_size(int(value or 0))
        if column == "title" and row.get("reviewed"):
            return f"✓ {value}"
        return "" if value is None else str(value)

    def _ask_for(self, row: int) -> None:
        block = row // BLOCK
        if block in self._requested:
            return
        self._requested.add(block)
        self.fetch(self._keys[block * BLOCK:(block + 1) * BLOCK])

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        name = self.COLUMNS[column][0]
        if name in self.SORTABLE:
            self.sort_requested.emit(name, order == Qt.SortOrder.DescendingOrder)

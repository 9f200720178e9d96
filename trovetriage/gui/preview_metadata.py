"""The Metadata tab: the item's own fields, then whatever its extractor found, as a tree.

Extractor metadata is whatever the stolen file claimed about itself (authors, headers, EXIF, nested
dicts of any depth), so values are summarised on one capped line, with the whole value in an escaped
tooltip and behind Copy, and no node lists more than a thousand children: a hostile file cannot make
the tree render markup or grow without end.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from trovetriage.gui.preview_widgets import add_copy_action, capped, one_line, tooltip

__all__ = ["MetadataTree"]

_CHILDREN_SHOWN = 1000  # rows under one metadata node


class MetadataTree(QTreeWidget):
    """The item's own fields, then the extractor's metadata as an expandable tree."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(2)
        self.setHeaderLabels(["Field", "Value"])
        self.setAccessibleName("Metadata")
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.header().setStretchLastSection(True)
        add_copy_action(self, self._current_value)

    def show_detail(self, detail: dict[str, Any] | None) -> None:
        self.clear()
        if detail is None:
            return
        size = int(detail.get("size") or 0)
        own = [("Path", detail.get("path")), ("MIME type", detail.get("mime")),
               ("Size", f"{QLocale().formattedDataSize(size)} ({size:,} bytes)"), ("SHA-256", detail.get("sha256")),
               ("Status", detail.get("status")), ("Status detail", detail.get("status_detail")),
               ("Kind", detail.get("kind")), ("Title", detail.get("title")), ("Date", detail.get("date")),
               ("Item id", detail.get("item_id"))]
        for name, value in own:
            self._add(self.invisibleRootItem(), name, value)
        meta = detail.get("metadata") or {}
        node = self._add(self.invisibleRootItem(), "Extractor metadata", meta)
        node.setExpanded(True)
        self.resizeColumnToContents(0)
        self.setColumnWidth(0, min(self.columnWidth(0) + 24, 280))

    def _add(self, parent: QTreeWidgetItem, name: str, value: Any) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [name, _summary(value)])
        full = value if isinstance(value, str) else _summary(value)
        item.setData(1, Qt.ItemDataRole.UserRole, full)
        if len(full) > 60:
            item.setToolTip(1, tooltip(full))
        children: Iterable[tuple[str, Any]] = ()
        if isinstance(value, dict):
            children = ((str(k), v) for k, v in value.items())
        elif isinstance(value, list | tuple) and not _is_short_list(value):
            children = ((f"[{i}]", v) for i, v in enumerate(value))
        count = 0
        for count, (key, child) in enumerate(children, start=1):
            if count > _CHILDREN_SHOWN:
                QTreeWidgetItem(item, ["…", f"{len(value) - _CHILDREN_SHOWN:,} more not shown"])
                break
            self._add(item, key, child)
        return item

    def _current_value(self) -> str:
        item = self.currentItem()
        if item is None:
            return ""
        value = item.data(1, Qt.ItemDataRole.UserRole)
        return str(value) if value is not None else item.text(1)


def _is_short_list(value: Sequence[Any]) -> bool:
    """Lists of a few short strings read better inline than as a subtree."""
    return len(value) <= 3 and all(isinstance(v, str | int | float) and len(str(v)) <= 80 for v in value)


def _summary(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return f"{len(value):,} fields" if value else "(empty)"
    if isinstance(value, list | tuple):
        if not value:
            return "(empty)"
        if _is_short_list(value):
            return ", ".join(str(v) for v in value)
        return f"{len(value):,} items"
    return one_line(capped(str(value)))

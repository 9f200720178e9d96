"""The Family tab: where an item sits in the trove, and a way to go there.

An item found inside an archive or a mailbox is only understood with its containers (root first),
its members and its other copies (the same content elsewhere). Entries carry the item's key, and
opening one asks the item preview to navigate; the page itself never fetches anything. Paths and
names come from the trove, so they are shown on one line with an escaped tooltip, never as markup.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from trovetriage.gui.preview_widgets import caption, fit_rows, one_line, plain_label, tooltip

__all__ = ["FamilyPage"]


class FamilyPage(QWidget):
    """Where the item sits: its containers (root first), its members and its other copies."""

    navigate = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.parents, self._parents_caption = self._list(layout, "Parents (root first)")
        self.children_list, self._children_caption = self._list(layout, "Children")
        self.copies, self._copies_caption = self._list(layout, "Copies")
        layout.setStretchFactor(self.children_list, 1)
        layout.addWidget(plain_label(self, "Double-click or press Enter on an entry to open it.", selectable=False))
        layout.addStretch(0)

    def _list(self, layout: QVBoxLayout, title: str) -> tuple[QListWidget, QLabel]:
        title_label = caption(self, title)
        view = QListWidget(self)
        view.setAccessibleName(title)
        view.itemActivated.connect(self._activated)
        layout.addWidget(title_label)
        layout.addWidget(view)
        return view, title_label

    def show_detail(self, detail: dict[str, Any] | None) -> None:
        family = (detail or {}).get("family") or {}
        parents = family.get("parents") or []
        children = family.get("children") or []
        copies = family.get("copies") or []
        total = int(family.get("children_total") or len(children))
        self._fill(self.parents, [(p.get("key"), f"{depth}. {p.get('path') or p.get('title') or ''}")
                                  for depth, p in enumerate(parents, start=1)], "No parent: a file of the source")
        self._fill(self.children_list, [(c.get("key"), f"{c.get('name') or ''}  ({c.get('kind')}, {c.get('status')})")
                                        for c in children], "No children")
        self._fill(self.copies, [(c.get("key"), c.get("path") or "") for c in copies], "No other copy of this content")
        fit_rows(self.parents, max_rows=6)
        fit_rows(self.children_list, max_rows=10_000)
        fit_rows(self.copies, max_rows=6)
        self._parents_caption.setText(f"Parents, root first ({len(parents):,})")
        shown = f"{len(children):,} of {total:,}" if total > len(children) else f"{total:,}"
        self._children_caption.setText(f"Children ({shown})")
        self._copies_caption.setText(f"Copies: the same content elsewhere ({len(copies):,})")

    @staticmethod
    def _fill(view: QListWidget, entries: list[tuple[Any, str]], empty: str) -> None:
        view.clear()
        for key, text in entries:
            item = QListWidgetItem(one_line(text), view)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(tooltip(text))
        if not entries:
            placeholder = QListWidgetItem(empty, view)
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)

    def _activated(self, item: QListWidgetItem) -> None:
        key = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(key, int):
            self.navigate.emit(key)

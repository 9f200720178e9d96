"""The facet sidebar: live counts per victim, level, category, kind, status, year and sender domain.

Ticking values filters the results; several values of one facet are OR-ed, facets are AND-ed,
and everything combines with the query. The counts come with every search answer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

GROUPS = [("victim", "Victim"), ("level", "Level"), ("category", "Category"), ("kind", "Kind"),
          ("status", "Status"), ("year", "Year"), ("sender_domain", "Sender domain")]
LEVEL_LABELS = {"0": "0 PUBLIC", "1": "1 INTERNAL", "2": "2 CONFIDENTIAL", "3": "3 SECRET", "4": "4 CRITICAL",
                "none": "not classified"}
SHOWN_PER_GROUP = 30
VALUE_ROLE = Qt.ItemDataRole.UserRole


class FacetSidebar(QTreeWidget):
    """Shows facet counts and emits the ticked values as filters."""

    filters_changed = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderLabels(["Filter", "Items"])
        self.setColumnCount(2)
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(True)
        self.setAccessibleName("Facet filters")
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self._selected: dict[str, set[str]] = {name: set() for name, _ in GROUPS}
        self._updating = False
        self.itemChanged.connect(self._on_item_changed)

    def sizeHint(self) -> QSize:
        """Wide enough for most victim names next to their counts (full names are in tooltips)."""
        return QSize(self.fontMetrics().horizontalAdvance("M") * 24, super().sizeHint().height())

    def filters(self) -> dict[str, list[str]]:
        return {name: sorted(values) for name, values in self._selected.items() if values}

    def set_filters(self, filters: Mapping[str, Sequence[str]]) -> None:
        self._selected = {name: set(filters.get(name, ())) for name, _ in GROUPS}

    def clear_filters(self) -> None:
        self._selected = {name: set() for name, _ in GROUPS}
        self.filters_changed.emit({})

    def show_facets(self, facets: Mapping[str, Mapping[str, int]]) -> None:
        """Rebuild the tree from a search answer's facet counts, keeping ticked values visible."""
        self._updating = True
        expanded = {self.topLevelItem(n).data(0, VALUE_ROLE) for n in range(self.topLevelItemCount())
                    if self.topLevelItem(n).isExpanded()}
        self.clear()
        for name, title in GROUPS:
            counts = dict(facets.get(name, {}))
            for value in self._selected[name]:
                counts.setdefault(value, 0)
            if not counts:
                continue
            group = QTreeWidgetItem(self, [title, str(sum(counts.values()))])
            group.setData(0, VALUE_ROLE, name)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            ordered = sorted(counts.items(), key=lambda kv: (kv[0] not in self._selected[name], -kv[1], kv[0]))
            for value, count in ordered[:SHOWN_PER_GROUP]:
                label = self._label(name, value)
                child = QTreeWidgetItem(group, [label, str(count)])
                child.setData(0, VALUE_ROLE, value)
                child.setToolTip(0, label)
                child.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                child.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
                               | Qt.ItemFlag.ItemIsSelectable)
                checked = value in self._selected[name]
                child.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            group.setExpanded(name in expanded or bool(self._selected[name]) or name in ("victim", "level"))
        self._updating = False

    @staticmethod
    def _label(name: str, value: str) -> str:
        if name == "level":
            return LEVEL_LABELS.get(value, value)
        if name == "year" and not value:
            return "no date"
        return value or "(none)"

    def _on_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._updating or item.parent() is None or column != 0:
            return
        name = item.parent().data(0, VALUE_ROLE)
        value = item.data(0, VALUE_ROLE)
        if item.checkState(0) == Qt.CheckState.Checked:
            self._selected[name].add(value)
        else:
            self._selected[name].discard(value)
        self.filters_changed.emit(self.filters())

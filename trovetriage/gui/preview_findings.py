"""The Findings tab: why the item has its level and its victim, and which credentials it exposes.

Findings lead with the reason for the item's level (highest level, then the surest, then by rule),
followed by the victim evidence and the credentials. Excerpts and secrets arrive masked and stay so:
the Reveal button only asks, by emitting `reveal_requested(credential_id)`, and the main window
confirms, reveals through the case (which audits it) and shows the line in a `RevealedDialog`.
Cells are capped, single-line plain text with escaped tooltips; Copy gives the whole value.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from trovetriage.core.classification import account_name
from trovetriage.gui.level_colors import level_label, level_swatch
from trovetriage.gui.preview_widgets import add_copy_action, capped, caption, fit_rows, one_line, plain_label, tooltip

__all__ = ["FindingsPage", "sorted_findings"]

_CONFIDENCE_ORDER = {"high": 0, "medium": 1, "low": 2}
_LEVEL_COLUMN = 2  # in the findings table


def _table(parent: QWidget, headers: Sequence[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(list(headers))
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)  # Tab leaves the table, e.g. for the Reveal button
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    add_copy_action(table, lambda: _selected_rows_text(table))
    return table


def _selected_rows_text(table: QTableWidget) -> str:
    rows = sorted({index.row() for index in table.selectedIndexes()})
    return "\n".join("\t".join(_cell_text(table.item(r, c)) for c in range(table.columnCount())) for r in rows)


def _cell_text(item: QTableWidgetItem | None) -> str:
    if item is None:
        return ""
    full = item.data(Qt.ItemDataRole.UserRole)
    return str(full) if full is not None else item.text()


def _cell(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(one_line(capped(text, 500)))
    item.setData(Qt.ItemDataRole.UserRole, text)  # what Copy gives: the whole value
    if len(text) > 40:
        item.setToolTip(tooltip(text))
    return item


def _fill_table(table: QTableWidget, rows: list[list[str]], max_rows: int) -> None:
    table.setRowCount(0)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, _cell(text))
    table.resizeColumnsToContents()
    for c in range(table.columnCount() - 1):
        table.setColumnWidth(c, min(table.columnWidth(c), 260))
    fit_rows(table, max_rows, fixed=True)


def _level_text(level: Any) -> str:
    try:
        return level_label(int(level))
    except (TypeError, ValueError):
        return "—" if level is None else str(level)


def sorted_findings(findings: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Highest level first, then the surest, then by rule: the reason for the item's level leads."""
    return sorted(findings, key=lambda f: (-int(f.get("level") or 0),
                                           _CONFIDENCE_ORDER.get(str(f.get("confidence")), 3), str(f.get("rule"))))


def _where(finding: dict[str, Any]) -> str:
    where = str(finding.get("where") or "")
    if finding.get("start") is not None and finding.get("end") is not None:
        return f"{where}, characters {finding['start']:,}–{finding['end']:,}"
    return where


class FindingsPage(QWidget):
    """Why the item has its level and victim: findings, victim evidence and exposed credentials."""

    reveal_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = plain_label(self)
        headers = ("Rule", "Category", "Level", "Confidence", "Where", "Excerpt (masked)")
        self._findings_caption = caption(self, "Findings")
        self.findings = _table(self, headers, "Findings")
        self._evidence_caption = caption(self, "Victim evidence")
        self.evidence = _table(self, ("Victim", "Signal", "Weight", "Detail"), "Victim evidence")
        self.parties = plain_label(self)
        self._credentials_caption = caption(self, "Credentials")
        self.credentials = _table(self, ("Account", "Domain", "Kind", "Secret (masked)", "Privileged"), "Credentials")
        self.credentials.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.reveal_button = QPushButton("Reveal…", self)
        self.reveal_button.setToolTip("Show the selected credential's line in clear; the reveal is recorded "
                                      "in the case's audit log.")
        buttons = QHBoxLayout()
        buttons.addWidget(self.reveal_button)
        buttons.addStretch(1)
        # Tables take the height of their rows (up to a cap) and the page scrolls, so a short list
        # leaves no empty pane and a long one is not squeezed to two rows.
        content = QWidget(self)
        scroll = QScrollArea(self)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QVBoxLayout(content)
        for widget in (self.summary, self._findings_caption, self.findings, self._evidence_caption, self.evidence,
                       self.parties, self._credentials_caption, self.credentials):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.reveal_button.clicked.connect(self._reveal)
        self.credentials.itemSelectionChanged.connect(self._update_reveal)
        self._credential_ids: list[int] = []
        self.credential_accounts: dict[int, str] = {}
        self.show_detail(None)

    def show_detail(self, detail: dict[str, Any] | None) -> None:
        detail = detail or {}
        classification = detail.get("classification") or {}
        self.summary.setText(_classification_summary(classification) if detail else "")
        findings = sorted_findings(detail.get("findings") or [])
        _fill_table(self.findings, [[str(f.get("rule") or ""), str(f.get("category") or ""),
                                     _level_text(f.get("level")), str(f.get("confidence") or ""), _where(f),
                                     str(f.get("excerpt") or "")] for f in findings], max_rows=10)
        for row, finding in enumerate(findings):
            self._paint_level(row, finding.get("level"))
        self._findings_caption.setText(f"Findings ({len(findings):,}), highest level first" if findings
                                       else "Findings: none")
        self.findings.setVisible(bool(findings))

        evidence = sorted(classification.get("evidence") or [], key=lambda e: -float(e.get("weight") or 0))
        _fill_table(self.evidence, [[str(e.get("victim") or ""), str(e.get("signal") or ""),
                                     f"{float(e.get('weight') or 0):.2f}", str(e.get("detail") or "")]
                                    for e in evidence], max_rows=8)
        self._evidence_caption.setText(f"Victim evidence ({len(evidence):,})" if evidence else "Victim evidence: none")
        self.evidence.setVisible(bool(evidence))
        self.parties.setText(_parties(classification))
        self.parties.setVisible(bool(self.parties.text()))

        credentials = detail.get("credentials") or []
        count = int(detail.get("credential_count") or len(credentials))
        self._credential_ids = [int(c["id"]) for c in credentials]
        self.credential_accounts = {int(c["id"]): _account(c) for c in credentials}
        _fill_table(self.credentials, [[str(c.get("account") or ""), str(c.get("domain") or ""),
                                        str(c.get("kind") or ""), str(c.get("secret_masked") or ""),
                                        "yes" if c.get("privileged") else "no"] for c in credentials], max_rows=12)
        if not count:
            heading = "Credentials: none"
        elif count > len(credentials):
            heading = f"Credentials ({len(credentials):,} of {count:,} shown), secrets masked"
        else:
            heading = f"Credentials ({count:,}), secrets masked"
        self._credentials_caption.setText(heading)
        self.credentials.setVisible(bool(credentials))
        self.reveal_button.setVisible(bool(credentials))
        self._update_reveal()

    def _paint_level(self, row: int, level: Any) -> None:
        """The level cell in the level's colours, as everywhere else in the window."""
        item = self.findings.item(row, _LEVEL_COLUMN)
        try:
            swatch = level_swatch(int(level), self.palette(), selected=False)
        except (TypeError, ValueError):
            return
        if item is None:
            return
        item.setBackground(swatch.background)
        item.setForeground(swatch.text)

    def _selected_credential(self) -> int | None:
        rows = {index.row() for index in self.credentials.selectedIndexes()}
        return self._credential_ids[rows.pop()] if len(rows) == 1 else None

    def _update_reveal(self) -> None:
        self.reveal_button.setEnabled(self._selected_credential() is not None)

    def _reveal(self) -> None:
        credential_id = self._selected_credential()
        if credential_id is not None:
            self.reveal_requested.emit(credential_id)


def _account(credential: dict[str, Any]) -> str:
    return account_name(str(credential.get("account") or ""), str(credential.get("domain") or ""))


def _classification_summary(c: dict[str, Any]) -> str:
    if not c:
        return "Not classified yet."
    level = _level_text(c.get("level")) if c.get("level") is not None else "no level"
    parts = [f"Level: {level}" + (f" ({c['level_origin']})" if c.get("level_origin") else "")]
    if c.get("victim"):
        confidence = c.get("victim_confidence")
        sure = f", confidence {float(confidence):.0%}" if confidence is not None else ""
        origin = f", {c['victim_origin']}" if c.get("victim_origin") else ""
        parts.append(f"Victim: {c['victim']}{sure}{origin}")
    else:
        parts.append("Victim: none")
    if c.get("categories"):
        parts.append("Categories: " + ", ".join(str(x) for x in c["categories"]))
    parts.append("Reviewed" if c.get("reviewed") else "Not reviewed")
    text = " · ".join(parts)
    if c.get("note"):
        text += f"\nNote: {one_line(str(c['note']))}"
    return text


def _parties(c: dict[str, Any]) -> str:
    lines = []
    if c.get("correspondents"):
        lines.append("Correspondents (not victims): " + ", ".join(str(x) for x in c["correspondents"]))
    if c.get("mentioned"):
        lines.append("Mentioned: " + ", ".join(str(x) for x in c["mentioned"]))
    return "\n".join(lines)

"""The Text tab: an item's extracted text, with the query's words tinted and stepped through.

The text is hostile, so it only ever goes into a read-only plain-text editor and plain-text labels,
never anything that would render markup. Every hit gets a tint of the palette's highlight and the
current one the selection colours, taken from the live palette so both read in light and dark
themes; at most MAX_MARKED_HITS are tinted at once, around the current one, so a text with a huge
number of hits still scrolls. F3 / Shift+F3 (wired by the item preview) and the buttons move
between hits, wrapping at either end.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, QLocale, Qt
from PySide6.QtGui import QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QPushButton, QTextEdit, QVBoxLayout, QWidget

from trovetriage.gui.level_colors import blend, readable_text
from trovetriage.gui.preview_hits import find_hits, soft_break, utf16_spans
from trovetriage.gui.preview_widgets import bold, plain_label

__all__ = ["MAX_MARKED_HITS", "TextPage"]

MAX_MARKED_HITS = 2000
"""Hits tinted at once, around the current one (the counter still counts all of them)."""

_HIT_TINT = 0.35  # how far the background of a non-current hit moves towards the palette highlight


class TextPage(QWidget):
    """The extracted text, with the query's words tinted and the current hit in the selection colours."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = bold(plain_label(self))
        self.details = plain_label(self)
        self.notice = plain_label(self)
        self.previous_button = QPushButton("Previous hit", self)
        self.previous_button.setToolTip("Previous hit (Shift+F3)")
        self.next_button = QPushButton("Next hit", self)
        self.next_button.setToolTip("Next hit (F3)")
        self.counter = plain_label(self, selectable=False)
        self.edit = QPlainTextEdit(self)
        self.edit.setReadOnly(True)
        self.edit.setUndoRedoEnabled(False)
        self.edit.setTabChangesFocus(True)
        self.edit.setAccessibleName("Item text")
        self.edit.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.navigation = QWidget(self)
        nav = QHBoxLayout(self.navigation)
        nav.setContentsMargins(0, 0, 0, 0)
        nav.addWidget(self.previous_button)
        nav.addWidget(self.next_button)
        nav.addWidget(self.counter, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.details)
        layout.addWidget(self.notice)
        layout.addWidget(self.navigation)
        layout.addWidget(self.edit, 1)
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self._spans: list[tuple[int, int]] = []
        self._current = -1
        self._marked: list[QTextEdit.ExtraSelection] = []
        self._marked_range = (0, 0)
        self._identity: tuple[Any, ...] | None = None
        self._mark_format, self._current_format = self._formats()
        self.show_detail(None)

    @property
    def hit_count(self) -> int:
        return len(self._spans)

    @property
    def current_hit(self) -> int:
        """0-based index of the current hit, -1 when there is none."""
        return self._current

    def hit_span(self, index: int) -> tuple[int, int]:
        """Document positions (UTF-16) of hit `index`."""
        return self._spans[index]

    def show_detail(self, detail: dict[str, Any] | None) -> None:
        if detail is None:
            self._identity = None
            self.title.setText("No item selected")
            for label in (self.details, self.notice):
                label.clear()
                label.hide()
            self.edit.setPlaceholderText("Select a result to preview it.")
            self._show_text("", [])
            return
        terms = list(detail.get("terms") or [])
        text = detail.get("text") or ""
        identity = (detail.get("key"), tuple(terms), text)
        same = identity == self._identity
        self._identity = identity
        self.title.setText(detail.get("title") or detail.get("name") or detail.get("path") or "")
        self.details.setText(_describe(detail))
        self.details.show()
        self.notice.setText(_notice(detail))
        self.notice.setVisible(bool(self.notice.text()))
        self.edit.setPlaceholderText("No text was extracted from this item.")
        if not same:  # the same item again (after a decision, say) keeps its scroll position and hit
            self._show_text(text, terms)

    def step(self, delta: int) -> None:
        """Move to the next (+1) or previous (-1) hit, wrapping around at either end."""
        if self._spans:
            self._go((self._current + delta) % len(self._spans))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange) and hasattr(self, "_marked"):
            self._mark_format, self._current_format = self._formats()
            self._marked_range = (0, 0)
            if self._current >= 0:
                self._go(self._current, move=False)

    def _show_text(self, text: str, terms: Sequence[str]) -> None:
        self.edit.setPlainText(soft_break(text))
        # Hits are found in what the document holds (Qt drops the \r of \r\n, for one).
        raw = self.edit.document().toRawText() if text and terms else ""
        self._spans = utf16_spans(raw, find_hits(raw, terms)) if raw else []
        self._marked, self._marked_range, self._current = [], (0, 0), -1
        has_hits = bool(self._spans)
        self.navigation.setVisible(bool(text))
        self.previous_button.setEnabled(has_hits)
        self.next_button.setEnabled(has_hits)
        if has_hits:
            self._go(0)
        else:
            self.edit.setExtraSelections([])
            self.counter.setText("no hits" if terms and text else ("no search terms" if text else ""))

    def _go(self, index: int, move: bool = True) -> None:
        self._current = index
        low, high = self._marked_range
        if not low <= index < high:
            low = max(0, index - MAX_MARKED_HITS // 2)
            high = min(len(self._spans), low + MAX_MARKED_HITS)
            self._marked = [self._selection(a, b, self._mark_format) for a, b in self._spans[low:high]]
            self._marked_range = (low, high)
        start, end = self._spans[index]
        self.edit.setExtraSelections([*self._marked, self._selection(start, end, self._current_format)])
        if move:
            cursor = QTextCursor(self.edit.document())
            cursor.setPosition(start)
            self.edit.setTextCursor(cursor)
            self.edit.centerCursor()
        self.counter.setText(f"hit {index + 1:,} of {len(self._spans):,}")

    def _selection(self, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        cursor = QTextCursor(self.edit.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        selection.format = fmt
        return selection

    def _formats(self) -> tuple[QTextCharFormat, QTextCharFormat]:
        """Hit colours from the live palette: a tint of Highlight for every hit, Highlight and
        HighlightedText for the current one, so both read well in light and dark themes."""
        palette = self.edit.palette()
        highlight = palette.color(QPalette.ColorRole.Highlight)
        tint = blend(palette.color(QPalette.ColorRole.Base), highlight, _HIT_TINT)
        mark = QTextCharFormat()
        mark.setBackground(tint)
        mark.setForeground(readable_text(tint, palette.color(QPalette.ColorRole.Text)))
        current = QTextCharFormat()
        current.setBackground(highlight)
        current.setForeground(palette.color(QPalette.ColorRole.HighlightedText))
        return mark, current


def _describe(detail: dict[str, Any]) -> str:
    size = QLocale().formattedDataSize(int(detail.get("size") or 0))
    parts = [detail.get("kind") or "", detail.get("mime") or "", size]
    if detail.get("date"):
        parts.append(str(detail["date"]).replace("T", " "))
    parts.append(detail.get("path") or "")
    return " · ".join(p for p in parts if p)


def _notice(detail: dict[str, Any]) -> str:
    lines: list[str] = []
    status = detail.get("status") or "ok"
    if status != "ok":
        extra = f" — {detail['status_detail']}" if detail.get("status_detail") else ""
        lines.append(f"Status: {status}{extra}")
    if detail.get("text_truncated"):
        lines.append(f"Only the first {QLocale().formattedDataSize(len(detail.get('text') or ''))} of the text "
                     "is shown; hits are counted in that part.")
    return "\n".join(lines)

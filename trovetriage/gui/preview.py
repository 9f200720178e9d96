"""The item preview of the main window: text with hits, e-mail, metadata, family, findings, hex.

`ItemPreview.show_item` receives one plain `item_detail` dict (DESIGN §9) and only draws it: no
file, database or network is touched here. Everything shown comes from a stolen trove, so it is
treated as hostile: labels are plain text (Qt would otherwise guess rich text and could load an
`<img>` from a subject line), tooltips are escaped, HTML goes through `safe_html`, and a secret
is only shown after an explicit, audited reveal handled by the main window.

Tabs are filled when they are first looked at, so stepping through results only pays for the
tab on screen; the HTML body is sanitised on a worker thread.
"""

from __future__ import annotations

import bisect
import contextlib
import html
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import regex
from PySide6.QtCore import QEvent, QLocale, QObject, Qt, QThreadPool, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QKeySequence,
    QPalette,
    QShortcut,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from trovetriage.core.textfold import fold
from trovetriage.gui.hexview import HexView
from trovetriage.gui.level_colors import blend, level_label, level_swatch, readable_text
from trovetriage.gui.safe_html import SafeBrowser, Sanitised, sanitise_html

__all__ = [
    "EMAIL_TAB",
    "FAMILY_TAB",
    "FINDINGS_TAB",
    "HEX_TAB",
    "METADATA_TAB",
    "TEXT_TAB",
    "ItemPreview",
    "RevealedDialog",
    "find_hits",
    "soft_break",
]

TEXT_TAB, EMAIL_TAB, METADATA_TAB, FAMILY_TAB, FINDINGS_TAB, HEX_TAB = range(6)

MAX_MARKED_HITS = 2000
"""Hits tinted at once, around the current one (the counter still counts all of them)."""

LONG_LINE = 1000
"""Lines longer than this are shown broken at a space: Qt lays out one huge line very slowly."""

_VALUE_SHOWN = 3000  # characters of one header or metadata value put in a label or cell
_TOOLTIP_SHOWN = 2000
_CHILDREN_SHOWN = 1000  # rows under one metadata node
_HIT_TINT = 0.35  # how far the background of a non-current hit moves towards the palette highlight
_CONFIDENCE_ORDER = {"high": 0, "medium": 1, "low": 2}
_LEVEL_COLUMN = 2  # in the findings table

# Words as the index sees them (letters, marks, digits; marks stay inside words) and the scripts
# the index splits into overlapping bigrams because they are written without spaces.
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}_\u200c\u200d\u00ad]+")
_BIGRAM_SCRIPT = regex.compile(r"[\p{Hangul}\p{Han}\p{Hiragana}\p{Katakana}]+")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


# -- hits -------------------------------------------------------------------------------------------


def find_hits(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Character spans of the words of `text` that fold to one of `terms`, in order.

    Folding (case, accents, Turkish i, Arabic letter variants) is the index's, so `istanbul`
    finds `İstanbul`. Hangul/CJK terms are matched as the index's bigrams, joined into one span.
    """
    wanted = {fold(word) for term in terms for word in term.split()}
    wanted.discard("")
    if not wanted:
        return []
    bigrams = any(_BIGRAM_SCRIPT.search(term) for term in wanted)
    spans: list[tuple[int, int]] = []
    for match in _WORD.finditer(text):
        word = match.group()
        if fold(word) in wanted:
            spans.append(match.span())
        elif bigrams:
            spans.extend(_bigram_hits(word, match.start(), wanted))
    return spans


def _bigram_hits(word: str, offset: int, wanted: set[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for run in _BIGRAM_SCRIPT.finditer(word):
        chars = run.group()
        grams = [chars] if len(chars) == 1 else [chars[i : i + 2] for i in range(len(chars) - 1)]
        for i, gram in enumerate(grams):
            if fold(gram) not in wanted:
                continue
            start = offset + run.start() + i
            end = start + len(gram)
            if spans and start < spans[-1][1]:
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
    return spans


def soft_break(text: str) -> str:
    """`text` with a space turned into a line break every LONG_LINE characters or so.

    The length and every offset stay the same, so hits and positions still line up. A run
    without spaces (a base64 blob) is left whole.
    """
    if len(text) <= LONG_LINE:
        return text
    pieces: list[str] = []
    last = 0
    for match in re.finditer(rf"[^\n]{{{LONG_LINE + 1},}}", text):
        pieces.append(text[last : match.start()])
        pieces.append(_break_line(match.group()))
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)


def _break_line(line: str) -> str:
    parts: list[str] = []
    start = 0
    while len(line) - start > LONG_LINE:
        cut = line.rfind(" ", start + LONG_LINE // 2, start + LONG_LINE)
        if cut < 0:
            cut = line.find(" ", start + LONG_LINE)
            if cut < 0:
                break
        parts.append(line[start:cut])
        start = cut + 1
    parts.append(line[start:])
    return "\n".join(parts)


def _utf16_spans(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Code-point spans as the UTF-16 positions QTextCursor uses (astral characters count twice)."""
    astral = [m.start() for m in _ASTRAL.finditer(text)]
    if not astral:
        return spans
    return [(a + bisect.bisect_left(astral, a), b + bisect.bisect_left(astral, b)) for a, b in spans]


# -- small helpers for hostile strings ------------------------------------------------------------------


def _plain_label(parent: QWidget, text: str = "", selectable: bool = True) -> QLabel:
    """A label that never interprets its text as HTML, wraps, and can be selected with the mouse
    (not by keyboard: that would put every header line in the Tab chain)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setText(text)
    return label


def _bold(label: QLabel) -> QLabel:
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label


def _tooltip(text: str) -> str:
    """Tooltips guess rich text: escape, so a hostile value is shown, never rendered."""
    if len(text) > _TOOLTIP_SHOWN:
        text = text[:_TOOLTIP_SHOWN] + "…"
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>" if text else ""


def _capped(text: str, limit: int = _VALUE_SHOWN) -> str:
    return text if len(text) <= limit else text[:limit] + f"… ({len(text) - limit:,} more characters)"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _joined(value: Any) -> str:
    """A header value that extractors give as a string or a list of strings."""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value if v)
    return "" if value is None else str(value)


def _add_copy_action(view: QAbstractItemView, text_of: Callable[[], str]) -> None:
    """Ctrl+C and a context-menu Copy for a view whose cells cannot be selected as text."""
    action = QAction("Copy", view)
    action.setShortcut(QKeySequence.StandardKey.Copy)
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.triggered.connect(lambda: _to_clipboard(text_of()))
    view.addAction(action)
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)


def _to_clipboard(text: str) -> None:
    if text:
        QGuiApplication.clipboard().setText(text)


def _caption(parent: QWidget, title: str) -> QLabel:
    """The bold line that says what the list below it is (and how many entries it has)."""
    return _bold(_plain_label(parent, title, selectable=False))


def _section(parent: QWidget, title: str) -> tuple[QWidget, QVBoxLayout, QLabel]:
    """A titled block for a splitter."""
    box = QWidget(parent)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 4, 0, 0)
    caption = _caption(box, title)
    layout.addWidget(caption)
    return box, layout, caption


def _fit_rows(view: QListWidget | QTableWidget, max_rows: int, fixed: bool = False) -> None:
    """Cap a view's height at its rows (at most `max_rows`), so a short list leaves no empty pane;
    `fixed` also keeps it that tall, for a page that scrolls rather than squeezing its tables."""
    rows = view.count() if isinstance(view, QListWidget) else view.rowCount()
    row_height = max(view.sizeHintForRow(0), view.fontMetrics().height() + 4)
    extra = 2 * view.frameWidth() + 2
    if isinstance(view, QTableWidget):
        extra += view.horizontalHeader().sizeHint().height() + view.horizontalScrollBar().sizeHint().height()
    height = extra + row_height * max(1, min(rows, max_rows))
    if fixed:
        view.setFixedHeight(height)
    else:
        view.setMaximumHeight(height)


# -- background work ---------------------------------------------------------------------------------


class _Background(QObject):
    """Runs one pure function on the thread pool and hands its result back on the GUI thread.

    Only the latest request counts: a result for an item the preview has moved away from is dropped.
    """

    _finished = Signal(int, object)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._serial = 0
        self._done: Callable[[object], None] | None = None
        self._finished.connect(self._deliver)

    def start(self, work: Callable[[str], object], argument: str, done: Callable[[object], None]) -> None:
        """Run `work(argument)` off the GUI thread; `done(result or exception)` runs on it later."""
        self._serial += 1
        serial = self._serial
        self._done = done
        QThreadPool.globalInstance().start(lambda: self._run(serial, work, argument))

    def cancel(self) -> None:
        self._serial += 1
        self._done = None

    def _run(self, serial: int, work: Callable[[str], object], argument: str) -> None:
        try:
            result: object = work(argument)
        except Exception as exc:  # hostile input must not kill the worker: the page shows a fallback
            result = exc
        with contextlib.suppress(RuntimeError):  # the preview was closed meanwhile
            self._finished.emit(serial, result)

    @Slot(int, object)
    def _deliver(self, serial: int, result: object) -> None:
        if serial == self._serial and self._done is not None:
            done, self._done = self._done, None
            done(result)


# -- Text ---------------------------------------------------------------------------------------------------


class TextPage(QWidget):
    """The extracted text, with the query's words tinted and the current hit in the selection colours."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = _bold(_plain_label(self))
        self.details = _plain_label(self)
        self.notice = _plain_label(self)
        self.previous_button = QPushButton("Previous hit", self)
        self.previous_button.setToolTip("Previous hit (Shift+F3)")
        self.next_button = QPushButton("Next hit", self)
        self.next_button.setToolTip("Next hit (F3)")
        self.counter = _plain_label(self, selectable=False)
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
        self._spans = _utf16_spans(raw, find_hits(raw, terms)) if raw else []
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


# -- E-mail --------------------------------------------------------------------------------------------------

_HEADER_ROWS = (("From", "from"), ("To", "to"), ("Cc", "cc"), ("Bcc", "bcc"), ("Date", "date_header"),
                ("Subject", "subject"), ("Message-ID", "message_id"))


class MailPage(QWidget):
    """Headers, participants, the body (sanitised HTML, else text) and what the sanitiser blocked."""

    body_shown = Signal()
    """Emitted once the body of the current message is in place (the HTML is cleaned off-thread)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        header = QWidget(self)
        form = QFormLayout(header)
        form.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(2)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, QLabel] = {}
        for label, key in _HEADER_ROWS:
            self.fields[key] = _plain_label(header)
            form.addRow(_bold(_plain_label(header, f"{label}:", selectable=False)), self.fields[key])
        self.participants = _plain_label(header)
        form.addRow(_bold(_plain_label(header, "Participants:", selectable=False)), self.participants)
        self._form = form
        body_box, body_layout, self.body_caption = _section(self, "Body")
        self.body = SafeBrowser(body_box)
        self.body.setAccessibleName("Message body")
        self.body.setTabChangesFocus(True)
        body_layout.addWidget(self.body, 1)
        blocked_box, blocked_layout, self.blocked_caption = _section(self, "Blocked remote references")
        self.blocked = QListWidget(blocked_box)
        self.blocked.setAccessibleName("Blocked remote references")
        self.blocked.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        _add_copy_action(self.blocked, lambda: "\n".join(i.text() for i in self.blocked.selectedItems()))
        blocked_layout.addWidget(self.blocked, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        for widget, stretch in ((header, 0), (body_box, 4), (blocked_box, 1)):
            splitter.addWidget(widget)
            splitter.setStretchFactor(splitter.count() - 1, stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._background = _Background(self)
        self._text = ""
        self._cleaned: tuple[str, object] | None = None  # the last HTML body and what cleaning it gave
        self.show_detail(None)

    def show_detail(self, detail: dict[str, Any] | None) -> None:
        self._background.cancel()
        self.body.clear()
        self.body.refused.clear()
        self.blocked.clear()
        if detail is None:
            for field in self.fields.values():
                field.clear()
            self.participants.clear()
            self._set_blocked_caption(None)
            return
        meta = detail.get("metadata") or {}
        # Extractors that give no header field (a .msg, a PST message) still have the item's own.
        fallback = {"from": detail.get("sender"), "to": detail.get("recipients"), "date_header": detail.get("date"),
                    "subject": detail.get("title")}
        for _label, key in _HEADER_ROWS:
            value = _joined(meta.get(key)) or _joined(fallback.get(key))
            self.fields[key].setText(_capped(value) or "—")
            if key == "bcc":
                self._form.setRowVisible(self.fields[key], bool(value))
        self.participants.setText(_participants(detail))
        self.participants.setToolTip(_tooltip("\n".join(_addresses(detail))))
        self._text = detail.get("text") or ""
        raw_html = detail.get("html")
        if raw_html and self._cleaned is not None and raw_html == self._cleaned[0]:
            self._show_html(self._cleaned[1])  # the same message again, e.g. after a decision
        elif raw_html:
            self.body_caption.setText("Body: cleaning the HTML…")
            self._set_blocked_caption(None)
            self._background.start(sanitise_html, raw_html, lambda result: self._cleaned_html(raw_html, result))
        else:
            self._show_plain("Body (text; the message has no HTML part)")
            self._set_blocked_caption([])

    def _cleaned_html(self, raw_html: str, result: object) -> None:
        self._cleaned = (raw_html, result)
        self._show_html(result)

    def _show_html(self, result: object) -> None:
        if not isinstance(result, Sanitised):
            self._show_plain("Body (text: the HTML part could not be read safely)")
            self._set_blocked_caption([])
            return
        self.body.setHtml(result.html)
        self.body_caption.setText("Body (HTML, cleaned: no scripts, forms or remote content)")
        for url in result.blocked:
            QListWidgetItem(url, self.blocked)
        _fit_rows(self.blocked, max_rows=6)
        self._set_blocked_caption(result.blocked)
        self.body_shown.emit()

    def _show_plain(self, caption: str) -> None:
        self.body.setPlainText(self._text)
        self.body_caption.setText(caption)
        self.body_shown.emit()

    def _set_blocked_caption(self, blocked: list[str] | None) -> None:
        if not blocked:
            self.blocked_caption.setText("Blocked remote references: none")
        else:
            self.blocked_caption.setText(f"Blocked remote references ({len(blocked):,}), not loaded:")
        self.blocked.setVisible(bool(blocked))


def _addresses(detail: dict[str, Any]) -> list[str]:
    found = [detail.get("sender") or "", *(detail.get("recipients") or [])]
    return list(dict.fromkeys(a for a in found if a))


def _participants(detail: dict[str, Any]) -> str:
    addresses = _addresses(detail)
    if not addresses:
        return "—"
    domains = Counter(a.rpartition("@")[2].lower() for a in addresses if "@" in a)
    shown = ", ".join(f"{d} ({n})" for d, n in domains.most_common(8))
    more = f", and {len(domains) - 8} more domains" if len(domains) > 8 else ""
    noun = "address" if len(addresses) == 1 else "addresses"
    return f"{len(addresses):,} {noun}" + (f" at {shown}{more}" if shown else "")


# -- Metadata ------------------------------------------------------------------------------------------------


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
        _add_copy_action(self, self._current_value)

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
            item.setToolTip(1, _tooltip(full))
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
    return _one_line(_capped(str(value)))


# -- Family ---------------------------------------------------------------------------------------------------


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
        layout.addWidget(_plain_label(self, "Double-click or press Enter on an entry to open it.", selectable=False))
        layout.addStretch(0)

    def _list(self, layout: QVBoxLayout, title: str) -> tuple[QListWidget, QLabel]:
        caption = _caption(self, title)
        view = QListWidget(self)
        view.setAccessibleName(title)
        view.itemActivated.connect(self._activated)
        layout.addWidget(caption)
        layout.addWidget(view)
        return view, caption

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
        _fit_rows(self.parents, max_rows=6)
        _fit_rows(self.children_list, max_rows=10_000)
        _fit_rows(self.copies, max_rows=6)
        self._parents_caption.setText(f"Parents, root first ({len(parents):,})")
        shown = f"{len(children):,} of {total:,}" if total > len(children) else f"{total:,}"
        self._children_caption.setText(f"Children ({shown})")
        self._copies_caption.setText(f"Copies: the same content elsewhere ({len(copies):,})")

    @staticmethod
    def _fill(view: QListWidget, entries: list[tuple[Any, str]], empty: str) -> None:
        view.clear()
        for key, text in entries:
            item = QListWidgetItem(_one_line(text), view)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(_tooltip(text))
        if not entries:
            placeholder = QListWidgetItem(empty, view)
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)

    def _activated(self, item: QListWidgetItem) -> None:
        key = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(key, int):
            self.navigate.emit(key)


# -- Findings -------------------------------------------------------------------------------------------------


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
    _add_copy_action(table, lambda: _selected_rows_text(table))
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
    item = QTableWidgetItem(_one_line(_capped(text, 500)))
    item.setData(Qt.ItemDataRole.UserRole, text)  # what Copy gives: the whole value
    if len(text) > 40:
        item.setToolTip(_tooltip(text))
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
    _fit_rows(table, max_rows, fixed=True)


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
        self.summary = _plain_label(self)
        headers = ("Rule", "Category", "Level", "Confidence", "Where", "Excerpt (masked)")
        self._findings_caption = _caption(self, "Findings")
        self.findings = _table(self, headers, "Findings")
        self._evidence_caption = _caption(self, "Victim evidence")
        self.evidence = _table(self, ("Victim", "Signal", "Weight", "Detail"), "Victim evidence")
        self.parties = _plain_label(self)
        self._credentials_caption = _caption(self, "Credentials")
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
            caption = "Credentials: none"
        elif count > len(credentials):
            caption = f"Credentials ({len(credentials):,} of {count:,} shown), secrets masked"
        else:
            caption = f"Credentials ({count:,}), secrets masked"
        self._credentials_caption.setText(caption)
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
    account, domain = str(credential.get("account") or ""), str(credential.get("domain") or "")
    return f"{domain}\\{account}" if domain and "@" not in account else account


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
        text += f"\nNote: {_one_line(str(c['note']))}"
    return text


def _parties(c: dict[str, Any]) -> str:
    lines = []
    if c.get("correspondents"):
        lines.append("Correspondents (not victims): " + ", ".join(str(x) for x in c["correspondents"]))
    if c.get("mentioned"):
        lines.append("Mentioned: " + ", ".join(str(x) for x in c["mentioned"]))
    return "\n".join(lines)


class RevealedDialog(QDialog):
    """One credential line in clear, said to be audited; the text is wiped when the dialog closes."""

    def __init__(self, credential_id: int, line: str | None, account: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.credential_id = credential_id
        self.setWindowTitle("Revealed credential")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        who = f"Credential #{credential_id}" + (f" — {account}" if account else "")
        self.heading = _bold(_plain_label(self, who))
        self.audit_note = _plain_label(self, "Shown in clear at your request. This reveal is recorded in the "
                                             "case's audit log.", selectable=False)
        self.line_view = QPlainTextEdit(self)
        self.line_view.setReadOnly(True)
        self.line_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.line_view.setAccessibleName("Revealed line")
        if line is None:
            self.line_view.setPlaceholderText("The line could not be read: the content is no longer stored.")
        else:
            self.line_view.setPlainText(line)
        self.line_view.setFixedHeight(self.line_view.fontMetrics().lineSpacing() * 4 + 16)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.audit_note)
        layout.addWidget(self.line_view)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def done(self, result: int) -> None:
        self.line_view.clear()
        super().done(result)


# -- the tab widget ----------------------------------------------------------------------------------------


class ItemPreview(QTabWidget):
    """The preview of the current item (DESIGN §9); `show_item(None)` clears it.

    Signals: `navigate(key)` when a family entry is opened, `reveal_requested(credential_id)`
    when the investigator asks for a secret (the main window confirms, reveals through the case,
    which audits it, and calls `show_revealed`).
    """

    navigate = Signal(int)
    reveal_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Item preview")
        self.text_page = TextPage(self)
        self.mail_page = MailPage(self)
        self.metadata_page = MetadataTree(self)
        self.family_page = FamilyPage(self)
        self.findings_page = FindingsPage(self)
        self.hex_page = HexView(self)
        pages = (self.text_page, self.mail_page, self.metadata_page, self.family_page, self.findings_page,
                 self.hex_page)
        for page, label in zip(pages, ("Text", "E-mail", "Metadata", "Family", "Findings", "Hex"), strict=True):
            self.addTab(page, label)
        self._fillers: list[Callable[[dict[str, Any] | None], None]] = [
            self.text_page.show_detail, self.mail_page.show_detail, self.metadata_page.show_detail,
            self.family_page.show_detail, self.findings_page.show_detail, self._show_hex]
        self.family_page.navigate.connect(self.navigate)
        self.findings_page.reveal_requested.connect(self.reveal_requested)
        self.revealed_dialog: RevealedDialog | None = None
        self._detail: dict[str, Any] | None = None
        self._stale: set[int] = set()
        self._preferred = TEXT_TAB
        self._updating = False
        self.currentChanged.connect(self._on_current)
        for keys, delta in (("F3", 1), ("Shift+F3", -1)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda delta=delta: self.step_hit(delta))
        self.show_item(None)

    @property
    def detail(self) -> dict[str, Any] | None:
        return self._detail

    def show_item(self, detail: dict[str, Any] | None) -> None:
        """Show one item (an `item_detail` dict) or, with None, "No item selected"."""
        self._detail = detail
        self._stale = set(range(self.count()))
        family = (detail or {}).get("family") or {}
        findings = (detail or {}).get("findings") or []
        enabled = {
            TEXT_TAB: True,
            EMAIL_TAB: detail is not None and detail.get("kind") == "email",
            METADATA_TAB: detail is not None,
            FAMILY_TAB: bool(family.get("parents") or family.get("children") or family.get("copies")),
            FINDINGS_TAB: detail is not None,
            HEX_TAB: bool((detail or {}).get("hex")),
        }
        self._updating = True
        try:
            for index, on in enabled.items():
                self.setTabEnabled(index, on)
            self.setTabText(FINDINGS_TAB, f"Findings ({len(findings):,})" if findings else "Findings")
            self.setCurrentIndex(self._preferred if enabled[self._preferred] else TEXT_TAB)
        finally:
            self._updating = False
        if detail is None:
            for index in range(self.count()):
                self._fill(index)
        else:
            self._fill(self.currentIndex())

    def show_revealed(self, credential_id: int, line: str | None) -> RevealedDialog:
        """Show a revealed credential line in a small dialog that says the reveal was audited."""
        if self.revealed_dialog is not None:
            self.revealed_dialog.close()
        account = self.findings_page.credential_accounts.get(credential_id, "")
        dialog = RevealedDialog(credential_id, line, account, self)
        dialog.finished.connect(lambda _result, closed=dialog: self._forget_dialog(closed))
        self.revealed_dialog = dialog
        dialog.open()
        return dialog

    def step_hit(self, delta: int) -> None:
        """Next (+1) or previous (-1) hit in the text (F3 / Shift+F3), bringing the Text tab forward."""
        if self._detail is None:
            return
        if self.currentIndex() != TEXT_TAB:
            self.setCurrentIndex(TEXT_TAB)
        self.text_page.step(delta)

    def next_hit(self) -> None:
        self.step_hit(1)

    def previous_hit(self) -> None:
        self.step_hit(-1)

    def _forget_dialog(self, dialog: RevealedDialog) -> None:
        if self.revealed_dialog is dialog:
            self.revealed_dialog = None

    def _on_current(self, index: int) -> None:
        if not self._updating and index >= 0:
            self._preferred = index
        self._fill(index)

    def _fill(self, index: int) -> None:
        if index not in self._stale:
            return
        self._stale.discard(index)
        self._fillers[index](self._detail)

    def _show_hex(self, detail: dict[str, Any] | None) -> None:
        detail = detail or {}
        self.hex_page.set_data(bytes(detail.get("hex") or b""), int(detail.get("size") or 0))

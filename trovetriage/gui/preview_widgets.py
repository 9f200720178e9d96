"""Small building blocks the item preview's pages share for showing hostile strings.

Every string a page shows comes from a stolen trove, so none of them may be taken as markup: a
QLabel left to guess its format would render `<img src=…>` in a subject line as rich text and try
to load it. Labels made here are plain text, tooltips (which Qt always guesses) are escaped, long
values are capped before they reach a widget, and views whose cells cannot be selected as text get a
Copy action instead.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QLabel, QListWidget, QTableWidget, QVBoxLayout, QWidget

__all__ = [
    "add_copy_action",
    "bold",
    "capped",
    "caption",
    "fit_rows",
    "one_line",
    "plain_label",
    "section",
    "tooltip",
]

_VALUE_SHOWN = 3000  # characters of one header or metadata value put in a label or cell
_TOOLTIP_SHOWN = 2000


def plain_label(parent: QWidget, text: str = "", selectable: bool = True) -> QLabel:
    """A label that never interprets its text as HTML, wraps, and can be selected with the mouse
    (not by keyboard: that would put every header line in the Tab chain)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setText(text)
    return label


def bold(label: QLabel) -> QLabel:
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label


def tooltip(text: str) -> str:
    """Tooltips guess rich text: escape, so a hostile value is shown, never rendered."""
    if len(text) > _TOOLTIP_SHOWN:
        text = text[:_TOOLTIP_SHOWN] + "…"
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>" if text else ""


def capped(text: str, limit: int = _VALUE_SHOWN) -> str:
    return text if len(text) <= limit else text[:limit] + f"… ({len(text) - limit:,} more characters)"


def one_line(text: str) -> str:
    return " ".join(text.split())


def add_copy_action(view: QAbstractItemView, text_of: Callable[[], str]) -> None:
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


def caption(parent: QWidget, title: str) -> QLabel:
    """The bold line that says what the list below it is (and how many entries it has)."""
    return bold(plain_label(parent, title, selectable=False))


def section(parent: QWidget, title: str) -> tuple[QWidget, QVBoxLayout, QLabel]:
    """A titled block for a splitter."""
    box = QWidget(parent)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 4, 0, 0)
    title_label = caption(box, title)
    layout.addWidget(title_label)
    return box, layout, title_label


def fit_rows(view: QListWidget | QTableWidget, max_rows: int, fixed: bool = False) -> None:
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

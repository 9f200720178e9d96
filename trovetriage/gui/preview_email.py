"""The E-mail tab: a message's headers, who took part, its body and what the sanitiser blocked.

A stolen message is the most hostile thing the preview shows: its headers go into plain-text labels
(a subject line must not load an `<img>`), and its HTML body is only shown after `safe_html` has
stripped scripts, forms and every remote reference, which are listed, not loaded, so the
investigator sees what the message would have fetched. Cleaning a large body takes a while, so it
runs on a worker thread and only the answer for the message still on screen is drawn; a body the
sanitiser cannot read is shown as the message's text instead.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from trovetriage.gui.preview_widgets import add_copy_action, bold, capped, fit_rows, plain_label, section, tooltip
from trovetriage.gui.safe_html import SafeBrowser, Sanitised, sanitise_html

__all__ = ["MailPage"]

_HEADER_ROWS = (("From", "from"), ("To", "to"), ("Cc", "cc"), ("Bcc", "bcc"), ("Date", "date_header"),
                ("Subject", "subject"), ("Message-ID", "message_id"))


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
            self.fields[key] = plain_label(header)
            form.addRow(bold(plain_label(header, f"{label}:", selectable=False)), self.fields[key])
        self.participants = plain_label(header)
        form.addRow(bold(plain_label(header, "Participants:", selectable=False)), self.participants)
        self._form = form
        body_box, body_layout, self.body_caption = section(self, "Body")
        self.body = SafeBrowser(body_box)
        self.body.setAccessibleName("Message body")
        self.body.setTabChangesFocus(True)
        body_layout.addWidget(self.body, 1)
        blocked_box, blocked_layout, self.blocked_caption = section(self, "Blocked remote references")
        self.blocked = QListWidget(blocked_box)
        self.blocked.setAccessibleName("Blocked remote references")
        self.blocked.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        add_copy_action(self.blocked, lambda: "\n".join(i.text() for i in self.blocked.selectedItems()))
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
            self.fields[key].setText(capped(value) or "—")
            if key == "bcc":
                self._form.setRowVisible(self.fields[key], bool(value))
        self.participants.setText(_participants(detail))
        self.participants.setToolTip(tooltip("\n".join(_addresses(detail))))
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
        fit_rows(self.blocked, max_rows=6)
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


def _joined(value: Any) -> str:
    """A header value that extractors give as a string or a list of strings."""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value if v)
    return "" if value is None else str(value)


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

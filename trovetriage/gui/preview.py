"""The item preview of the main window: text with hits, e-mail, metadata, family, findings, hex.

`ItemPreview.show_item` receives one plain `item_detail` dict (DESIGN §9) and only draws it: no
file, database or network is touched here. Everything shown comes from a stolen trove, so it is
treated as hostile: labels are plain text (Qt would otherwise guess rich text and could load an
`<img>` from a subject line), tooltips are escaped, HTML goes through `safe_html`, and a secret
is only shown after an explicit, audited reveal handled by the main window.

This module only composes the tabs, each a page of its own module (`preview_text`,
`preview_email`, `preview_metadata`, `preview_family`, `preview_findings`, and `hexview`): it
enables the tabs that apply, fills them, passes the pages' requests on as its own signals and
opens the reveal dialog (`preview_reveal`) once the main window has revealed a secret.
Tabs are filled when they are first looked at, so stepping through results only pays for the
tab on screen; the HTML body is sanitised on a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QTabWidget, QWidget

from trovetriage.gui.hexview import HexView
from trovetriage.gui.preview_email import MailPage
from trovetriage.gui.preview_family import FamilyPage
from trovetriage.gui.preview_findings import FindingsPage
from trovetriage.gui.preview_metadata import MetadataTree
from trovetriage.gui.preview_reveal import RevealedDialog
from trovetriage.gui.preview_text import TextPage

__all__ = [
    "EMAIL_TAB",
    "FAMILY_TAB",
    "FINDINGS_TAB",
    "HEX_TAB",
    "METADATA_TAB",
    "TEXT_TAB",
    "ItemPreview",
]

TEXT_TAB, EMAIL_TAB, METADATA_TAB, FAMILY_TAB, FINDINGS_TAB, HEX_TAB = range(6)



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

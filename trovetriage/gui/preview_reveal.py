"""The dialog that shows one credential line in clear, after an explicit, audited reveal.

It is the only place the preview shows a secret unmasked. The main window has already confirmed
the request and revealed the line through the case, which records it in the audit log; the dialog
says so, shows the line as plain text (it is hostile like everything else from the trove) and wipes
it from the editor when it closes, so a secret does not linger in a hidden widget.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout, QWidget

from trovetriage.gui.preview_widgets import bold, plain_label

__all__ = ["RevealedDialog"]


class RevealedDialog(QDialog):
    """One credential line in clear, said to be audited; the text is wiped when the dialog closes."""

    def __init__(self, credential_id: int, line: str | None, account: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.credential_id = credential_id
        self.setWindowTitle("Revealed credential")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        who = f"Credential #{credential_id}" + (f" — {account}" if account else "")
        self.heading = bold(plain_label(self, who))
        self.audit_note = plain_label(self, "Shown in clear at your request. This reveal is recorded in the "
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

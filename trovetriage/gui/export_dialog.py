"""The export dialog: which triage summary (format, whole case or one victim, reviewed items only,
banner, secrets revealed or not) and where; the main window runs the export as a background job."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from trovetriage.case.facade import REPORT_FORMATS, REVEALING_FORMATS
from trovetriage.report.document import DEFAULT_BANNER

#: Format id, label, file suffix (the ids are those of `trovetriage export --format`).
FORMATS = [("html", "HTML report (self-contained, printable)", ".html"),
           ("pdf", "PDF report (paginated, banner on every page)", ".pdf"),
           ("csv", "CSV item list (spreadsheets)", ".csv"),
           ("jsonl", "JSONL item list (machines, DESIGN §7)", ".jsonl"),
           ("summary", "JSON summary (machines)", ".json")]
WHOLE_CASE = "(whole case)"


@dataclass(frozen=True)
class ExportRequest:
    fmt: str
    output: Path
    victim: str | None
    reviewed_only: bool
    banner: str = DEFAULT_BANNER
    reveal_secrets: bool = False


class ExportDialog(QDialog):
    """Asks for an export; `request()` says what to write after the dialog was accepted."""

    def __init__(self, victims: list[str], default_folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export triage summary")
        self.format = QComboBox(self)
        for fmt, label, _suffix in FORMATS:
            self.format.addItem(label, fmt)
        self.victim = QComboBox(self)
        self.victim.addItems([WHOLE_CASE, *victims])
        self.victim.setToolTip("One victim's notification packet, or the report for the whole case")
        self.reviewed = QCheckBox("Only items marked reviewed", self)
        self.banner = QLineEdit(DEFAULT_BANNER, self)
        self.banner.setToolTip("Classification banner printed at the top and bottom of the report")
        self.reveal = QCheckBox("Show the exposed accounts' secrets in clear (audited)", self)
        self.reveal.setToolTip("Only in a victim's own packet, so the victim knows which passwords to change")
        self.path = QLineEdit(str(default_folder / "triage-report.html"), self)
        self.path.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 36)
        browse = QPushButton("Browse…", self)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Format:", self.format)
        form.addRow("For:", self.victim)
        form.addRow("", self.reviewed)
        form.addRow("Banner:", self.banner)
        form.addRow("", self.reveal)
        form.addRow("File:", row)
        form.addRow(self.message)
        form.addRow(buttons)
        form.addRow(QLabel("Secrets stay masked unless revealed in a victim's packet.", self))
        self.format.currentIndexChanged.connect(self._fit_suffix)
        self.format.currentIndexChanged.connect(self._fit_options)
        self.victim.currentIndexChanged.connect(self._fit_options)
        self._fit_options()

    def request(self) -> ExportRequest:
        victim = self.victim.currentText()
        return ExportRequest(str(self.format.currentData()), Path(self.path.text().strip()).expanduser(),
                             None if victim == WHOLE_CASE else victim, self.reviewed.isChecked(),
                             self.banner.text().strip(), self.reveal.isEnabled() and self.reveal.isChecked())

    def _fit_options(self) -> None:
        """The banner applies to reports; secrets only to a victim's summary or report."""
        fmt = self.format.currentData()
        self.banner.setEnabled(fmt in REPORT_FORMATS)
        self.reveal.setEnabled(fmt in REVEALING_FORMATS and self.victim.currentText() != WHOLE_CASE)

    def _suffix(self) -> str:
        return next(suffix for fmt, _label, suffix in FORMATS if fmt == self.format.currentData())

    def _fit_suffix(self) -> None:
        path = Path(self.path.text().strip() or "triage-report")
        self.path.setText(str(path.with_suffix(self._suffix())))

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, "Export to", self.path.text())
        if chosen:
            self.path.setText(chosen)

    def _accept(self) -> None:
        target = self.request().output
        if not target.name or target.is_dir():
            self.message.setText("Choose a file name to write.")
            return
        if not target.parent.is_dir():
            self.message.setText(f"The folder {target.parent} does not exist.")
            return
        self.accept()

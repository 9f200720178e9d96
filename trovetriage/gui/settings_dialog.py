"""The application settings (QSettings): where new cases go, how many extraction jobs an ingest runs,
the preview's font size, and a reset of the window layout.

The keys and their readers live here so the main window never guesses a key or a default.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QSettings
from PySide6.QtGui import QFont, QValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from trovetriage.ingest.pool import default_jobs

CASE_FOLDER_KEY = "settings/case_folder"
INGEST_JOBS_KEY = "settings/ingest_jobs"
PAGE_FONT_KEY = "settings/page_font_delta"
FONT_DELTA_RANGE = (-4, 12)
SYSTEM_SIZE = "System size"


def _int(settings: QSettings, key: str) -> int:
    """QSettings hands back strings from INI files: read an int, 0 when absent or unreadable."""
    try:
        return int(str(settings.value(key, 0) or 0))
    except (TypeError, ValueError):
        return 0


def case_folder(settings: QSettings) -> str:
    """Where the New case dialog starts ('' = the platform's choice)."""
    return str(settings.value(CASE_FOLDER_KEY, "") or "")


def ingest_jobs(settings: QSettings) -> int | None:
    """The investigator's number of extraction jobs, or None for the pipeline's own default."""
    jobs = _int(settings, INGEST_JOBS_KEY)
    return jobs if jobs > 0 else None


def page_font_delta(settings: QSettings) -> int:
    """Points added to the system font size in the preview (0 = the system size)."""
    low, high = FONT_DELTA_RANGE
    return max(low, min(high, _int(settings, PAGE_FONT_KEY)))


def adjusted_font(base: QFont, delta: int) -> QFont:
    """A font that sets only the size, `base`'s plus `delta` points (never below 6 pt), so the family and
    style keep following the system; for 0 it sets nothing at all."""
    font = QFont()  # nothing resolved: a widget given it inherits everything else
    if delta == 0:
        return font
    if base.pointSizeF() > 0:
        font.setPointSizeF(max(6.0, base.pointSizeF() + delta))
    elif base.pixelSize() > 0:
        font.setPixelSize(max(8, base.pixelSize() + round(delta * 4 / 3)))
    return font


class _FontDeltaSpinBox(QSpinBox):
    """Reads "+2 pt", "-1 pt" or "System size" (for 0), so an adjustment reads as one."""

    def textFromValue(self, value: int) -> str:
        return f"{value:+d} pt" if value else SYSTEM_SIZE

    def valueFromText(self, text: str) -> int:
        number = text.strip().removesuffix("pt").strip()
        return 0 if not number or SYSTEM_SIZE.lower().startswith(number.lower()) else int(number)

    def validate(self, text: str, pos: int) -> object:
        try:
            value = self.valueFromText(text)
        except ValueError:
            partial = text.strip() in ("+", "-") or SYSTEM_SIZE.lower().startswith(text.strip().lower())
            return (QValidator.State.Intermediate if partial else QValidator.State.Invalid), text, pos
        acceptable = self.minimum() <= value <= self.maximum()
        return (QValidator.State.Acceptable if acceptable else QValidator.State.Intermediate), text, pos


class SettingsDialog(QDialog):
    """Edits the settings and writes them on OK; `reset_layout_requested()` tells the window to reset."""

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.settings = settings
        cpus = os.cpu_count() or 1

        self.case_folder = QLineEdit(case_folder(settings), self)
        self.case_folder.setPlaceholderText("None: the file dialog chooses")
        self.case_folder.setClearButtonEnabled(True)
        self.case_folder.setAccessibleName("Default case folder")
        browse = QPushButton("&Browse…", self)
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.case_folder, 1)
        folder_row.addWidget(browse)

        self.jobs = QSpinBox(self)
        self.jobs.setRange(0, max(cpus, default_jobs()))
        self.jobs.setSpecialValueText(f"Automatic ({default_jobs()} on this computer)")
        self.jobs.setValue(min(ingest_jobs(settings) or 0, self.jobs.maximum()))
        self.jobs.setAccessibleName("Extraction jobs")
        jobs_help = QLabel(f"Each job is a process of its own; more jobs extract faster and use more memory. "
                           f"This computer has {cpus} CPU{'s' if cpus != 1 else ''}.", self)
        jobs_help.setWordWrap(True)

        self.font_delta = _FontDeltaSpinBox(self)
        self.font_delta.setRange(*FONT_DELTA_RANGE)
        self.font_delta.setValue(page_font_delta(settings))
        self.font_delta.setAccessibleName("Preview font size adjustment")
        self.font_delta.setToolTip("Points added to the system font size in the item preview")

        self.reset_layout = QCheckBox("Reset the window's size and panes to their defaults", self)

        form = QFormLayout()
        folder_label = QLabel("Default folder for &new cases:", self)
        folder_label.setBuddy(self.case_folder)  # a layout cannot be a buddy, so the row's label is made here
        form.addRow(folder_label, folder_row)
        form.addRow("&Extraction jobs for ingest:", self.jobs)
        form.addRow("", jobs_help)
        form.addRow("&Preview font size:", self.font_delta)
        form.addRow("Window layout:", self.reset_layout)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(buttons)
        width = max(self.sizeHint().width(), self.fontMetrics().horizontalAdvance("M") * 64)  # the help on 2 lines
        self.resize(width, max(self.heightForWidth(width), self.minimumSizeHint().height()))

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Default folder for new cases", self.case_folder.text())
        if folder:
            self.case_folder.setText(folder)

    def accept(self) -> None:
        self.save()
        super().accept()

    def save(self) -> None:
        """Write the values; an 'automatic' or 'system' choice removes its key rather than storing a default."""
        for key, value in ((CASE_FOLDER_KEY, self.case_folder.text().strip()), (INGEST_JOBS_KEY, self.jobs.value()),
                           (PAGE_FONT_KEY, self.font_delta.value())):
            if value:
                self.settings.setValue(key, value)
            else:
                self.settings.remove(key)
        self.settings.sync()

    def reset_layout_requested(self) -> bool:
        return self.reset_layout.isChecked()

"""The progress panel of a background job: done of total, items/s, ETA, counts by status, Cancel.

It sits at the bottom of the main window while the rest of the window stays usable.
"""

from __future__ import annotations

import time
from collections.abc import Mapping

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget


def describe_progress(done: int, total: int, elapsed: float, counts: Mapping[str, int]) -> str:
    """'1,200 of 2,185 items · 96 items/s · ETA 0:10 · ok 1,190, corrupt 2'."""
    rate = done / elapsed if elapsed > 0 else 0.0
    eta = (total - done) / rate if rate > 0 and total >= done else 0.0
    parts = [f"{done:,} of {total:,} items", f"{rate:.0f} items/s", f"ETA {int(eta) // 60}:{int(eta) % 60:02d}"]
    if counts:
        parts.append(", ".join(f"{name} {count:,}" for name, count in sorted(counts.items())))
    return " · ".join(parts)


class ProgressPanel(QWidget):
    """Shows one job at a time; `cancel_requested` asks the job to stop at its next check."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setTextVisible(True)
        self.figures = QLabel(self)
        self.figures.setWordWrap(True)
        self.cancel = QPushButton("Cancel", self)
        self.cancel.clicked.connect(self._cancel)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.bar)
        layout.addWidget(self.figures)
        self._started = 0.0
        self.hide()

    def start(self, title: str) -> None:
        self._started = time.monotonic()
        self.title.setText(title)
        self.bar.setRange(0, 0)  # busy until the first figures arrive
        self.figures.setText("starting…")
        self.cancel.setEnabled(True)
        self.show()

    def update_progress(self, done: int, total: int, label: str, counts: Mapping[str, int]) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(min(done, max(total, 1)))
        text = describe_progress(done, total, time.monotonic() - self._started, counts)
        self.figures.setText(f"{label}: {text}" if label else text)

    def finish(self, message: str) -> None:
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.figures.setText(message)
        self.cancel.setEnabled(False)

    def _cancel(self) -> None:
        self.cancel.setEnabled(False)
        self.figures.setText("cancelling…")
        self.cancel_requested.emit()

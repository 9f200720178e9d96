"""The job runner: long case work (ingest, re-classification, victims import) in a server of its own.

Each job gets a fresh case server process, so the query server keeps answering searches while it
runs. Every job ends in exactly one of: finished, failed (error dialog with details), cancelled;
the progress panel never hangs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from trovetriage.gui.client import CaseClient
from trovetriage.gui.progress_panel import ProgressPanel


class JobRunner(QObject):
    """Runs one job at a time against a case folder and reports through a ProgressPanel."""

    finished = Signal(str, object)  # job method, its result
    failed = Signal(str, str)  # title, details

    def __init__(self, panel: ProgressPanel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.panel = panel
        self.client: CaseClient | None = None
        self._method = ""
        panel.cancel_requested.connect(self.cancel)

    @property
    def running(self) -> bool:
        return self.client is not None

    def start(self, case_dir: Path, title: str, method: str, *, create: bool = False,
              on_done: Callable[[Any], None] | None = None, **kwargs: Any) -> bool:
        """Start `method` on its own server; False (and nothing started) if a job is running."""
        if self.client is not None:
            return False
        self._method = method
        self.client = CaseClient(case_dir, create=create, background=True, parent=self)
        self.panel.start(title)

        def done(result: Any) -> None:
            self._end(f"{title}: done")
            if on_done is not None:
                on_done(result)
            self.finished.emit(method, result)

        def failed(message: str, details: str) -> None:
            cancelled = message.startswith("Cancelled")
            self._end(f"{title}: cancelled" if cancelled else f"{title}: failed")
            if not cancelled:
                self.failed.emit(f"{title} failed: {message}", details)

        self.client.call(method, done, on_error=failed, on_progress=self.panel.update_progress, **kwargs)
        return True

    def cancel(self) -> None:
        if self.client is not None:
            self.client.cancel()

    def _end(self, message: str) -> None:
        self.panel.finish(message)
        if self.client is not None:
            self.client.close()
            self.client.deleteLater()
            self.client = None

"""The GUI's side of a case server: asynchronous calls with callbacks, answered on the GUI thread.

A QTimer drains the server's pipe every few milliseconds without ever blocking, so the GUI
thread only unpickles finished answers and draws. Every call has a failure path: an error
callback, or else the `failed` signal, which the main window shows in an error dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from trovetriage.case.server import CaseServer

POLL_MS = 10

Callback = Callable[[Any], None]
ErrorCallback = Callable[[str, str], None]
ProgressCallback = Callable[[int, int, str, dict[str, int]], None]


@dataclass
class _Pending:
    on_result: Callback | None
    on_error: ErrorCallback | None
    on_progress: ProgressCallback | None
    what: str


class CaseClient(QObject):
    """One case server process and the calls waiting for it."""

    failed = Signal(str, str)  # title, details
    ready = Signal()

    def __init__(self, case_dir: Path, *, create: bool = False, background: bool = False,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.case_dir = case_dir
        self._server = CaseServer(case_dir, create=create, background=background)
        self._pending: dict[int, _Pending] = {0: _Pending(lambda _: self.ready.emit(), None, None, "open the case")}
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._drain)
        self._timer.start()

    @property
    def busy(self) -> bool:
        """Some answer (the opening of the case included) has not arrived yet."""
        return bool(self._pending)

    def call(self, method: str, on_result: Callback | None = None, *, on_error: ErrorCallback | None = None,
             on_progress: ProgressCallback | None = None, **kwargs: Any) -> int:
        request_id = self._server.request(method, **kwargs)
        self._pending[request_id] = _Pending(on_result, on_error, on_progress, method)
        return request_id

    def cancel(self) -> None:
        self._server.cancel()

    def close(self, wait: bool = False) -> None:
        """Stop listening and let the server process end (waiting only when asked, e.g. at exit)."""
        self._timer.stop()
        self._server.close(timeout=10.0 if wait else None)

    def _drain(self) -> None:
        messages = self._server.replies()
        latest_progress = {m[1]: n for n, m in enumerate(messages) if m[0] == "progress"}
        for number, message in enumerate(messages):
            if message[0] == "progress" and latest_progress.get(message[1]) != number:
                continue  # only the newest figures of a drain are drawn
            kind, request_id = message[0], message[1]
            if request_id == -1:  # the process died: every waiting call fails
                for pending in list(self._pending.values()):
                    self._fail(pending, message[2], message[3], message[4])
                self._pending.clear()
                self._timer.stop()
                return
            pending = self._pending.get(request_id)
            if pending is None:
                continue
            if kind == "progress":
                if pending.on_progress is not None:
                    pending.on_progress(message[2], message[3], message[4], message[5])
                continue
            del self._pending[request_id]
            if kind == "result":
                if pending.on_result is not None:
                    pending.on_result(message[2])
            else:
                self._fail(pending, message[2], message[3], message[4])

    def _fail(self, pending: _Pending, error_type: str, message: str, details: str) -> None:
        if pending.on_error is not None:
            pending.on_error(f"{error_type}: {message}", details)
        else:
            self.failed.emit(f"Could not {pending.what.replace('_', ' ')}: {message}", details)

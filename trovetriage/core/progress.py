"""Progress reporting for long jobs, shared by CLI, GUI and tests (DESIGN §1)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol


class Cancelled(Exception):
    """Raised by `Progress.check_cancelled` when the user asked to stop."""


class Progress(Protocol):
    def update(self, done: int, total: int, label: str = "", counts: Mapping[str, int] | None = None,
               done_bytes: int = 0) -> None: ...

    def check_cancelled(self) -> None: ...


class NullProgress:
    """Progress sink that shows nothing and never cancels."""

    def update(self, done: int, total: int, label: str = "", counts: Mapping[str, int] | None = None,
               done_bytes: int = 0) -> None:
        return None

    def check_cancelled(self) -> None:
        return None

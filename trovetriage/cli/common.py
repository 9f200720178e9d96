"""What every sub-command shares: the --case option, opening a case, the text progress line."""

from __future__ import annotations

import sys
import time
from collections.abc import Mapping
from pathlib import Path

import click

from trovetriage.case import Case, CaseError

CASE_OPTION = click.option("--case", "case_dir", required=True, type=click.Path(path_type=Path),
                           help="The case folder.")


class TextProgress:
    """A one-line progress display on stderr: done/total, items/s, MB/s, ETA, counts by status."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.started = time.monotonic()
        self.last = 0.0
        self.line = ""

    def update(self, done: int, total: int, label: str = "", counts: Mapping[str, int] | None = None,
               done_bytes: int = 0) -> None:
        now = time.monotonic()
        if now - self.last < 0.2 and done < total:
            return
        self.last = now
        self.line = format_progress(done, total, now - self.started, done_bytes, counts)
        if self.enabled:
            click.echo("\r" + self.line[:200].ljust(120), nl=False, err=True)

    def check_cancelled(self) -> None:
        return None

    def finish(self) -> None:
        if self.enabled and self.line:
            click.echo("", err=True)


def format_progress(done: int, total: int, elapsed: float, done_bytes: int,
                    counts: Mapping[str, int] | None) -> str:
    rate = done / elapsed if elapsed > 0 else 0.0
    mbs = done_bytes / elapsed / 1e6 if elapsed > 0 else 0.0
    eta = (total - done) / rate if rate > 0 else 0.0
    percent = 100.0 * done / total if total else 100.0
    status = " ".join(f"{k} {v}" for k, v in sorted((counts or {}).items()))
    return (f"{done}/{total} items ({percent:.0f}%)  {rate:.0f} items/s  {mbs:.1f} MB/s  "
            f"ETA {int(eta) // 60}:{int(eta) % 60:02d}  | {status}")


def open_case(case_dir: Path, create: bool = False) -> Case:
    try:
        return Case.open(case_dir, create=create)
    except CaseError as error:
        raise click.ClickException(str(error)) from error



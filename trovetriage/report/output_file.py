"""Writing an export so that a reader never sees half a file, and a failed export leaves nothing.

Every export writes to `NAME.part` beside the target and renames it over the target only when
complete; a cancel or an error deletes the part file instead. One place, so every format behaves
the same (the exports used to repeat this, some without the clean-up).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replacing(output: Path) -> Iterator[Path]:
    """Yields the temporary path to write; on success it replaces `output`, on failure it is removed."""
    temp = output.with_name(output.name + ".part")
    try:
        yield temp
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    temp.replace(output)

"""Recognising one volume of a multi-volume (split) archive set by its name.

A lone later volume cannot be read: its members start in a volume we do not have. Saying so
("volume 2 of a multi-volume set") tells the investigator to look for the siblings, instead of
calling the file corrupt. Complete byte-split sets in one folder (`x.7z.001`...) are joined
before extraction by `ingest/split_sets.py`; RAR volume sets are not joined.
"""

from __future__ import annotations

import re

_SPLIT_7Z = re.compile(r"\.7z\.(\d{3,})$", re.IGNORECASE)
_RAR_PART = re.compile(r"\.part(\d+)\.rar$", re.IGNORECASE)
_RAR_OLD = re.compile(r"\.r(\d{2,})$", re.IGNORECASE)


def split_7z_volume(name: str) -> int | None:
    """N for a `name.7z.00N` split volume (1-based), else None."""
    match = _SPLIT_7Z.search(name)
    return int(match.group(1)) if match else None


def rar_volume_from_name(name: str) -> int | None:
    """The 1-based volume number a RAR file name claims (`x.part2.rar`, old-style `x.r00` = 2)."""
    if match := _RAR_PART.search(name):
        return int(match.group(1))
    if match := _RAR_OLD.search(name):
        return int(match.group(1)) + 2
    return None


def other_volumes_needed(volume: int | None) -> str:
    """The detail for a volume that cannot be read without the rest of its set."""
    which = f"volume {volume}" if volume else "one volume"
    return f"{which} of a multi-volume set; the other volumes are needed"

"""Extractor registry: built-ins and plug-ins alike come from the `trovetriage.extractors` group."""

from __future__ import annotations

from functools import cache
from importlib.metadata import entry_points

from trovetriage.core.types import Sniffed
from trovetriage.ingest.extractors.base import Extractor

ENTRY_POINT_GROUP = "trovetriage.extractors"


class RegistryError(RuntimeError):
    """The installed extractors cannot be loaded (a broken install, not a bad input file)."""


@cache
def load_extractors() -> tuple[Extractor, ...]:
    """Instantiate every registered extractor once per process, in a stable order."""
    found = sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name)
    if not found:
        raise RegistryError(
            f"no extractors registered under '{ENTRY_POINT_GROUP}': install the package (pip install -e .)")
    return tuple(ep.load()() for ep in found)


def choose(sniffed: Sniffed, extractors: tuple[Extractor, ...] | None = None) -> Extractor | None:
    """The extractor with the highest positive score, or None when nothing can read this type."""
    best: tuple[int, Extractor] | None = None
    for extractor in extractors if extractors is not None else load_extractors():
        score = extractor.score(sniffed)
        if score > 0 and (best is None or score > best[0]):
            best = (score, extractor)
    return best[1] if best else None

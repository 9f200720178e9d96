"""The rule model: what one rule of resources/rules/*.toml says, checked and typed.

Rules are data so that an investigator can tune them per case without touching code; this module
is the single place that says what a rule may contain (resources/rules/README.md documents it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from trovetriage.core.classification import Category, Confidence, Level


class Kind(StrEnum):
    MARKING = "marking"  # classification words; count as a marking in banner position only
    LABEL = "label"  # Microsoft sensitivity label names from metadata
    REGEX = "regex"  # patterns on the original text
    KEYWORDS = "keywords"  # several distinct cue words needed
    VALIDATOR = "validator"  # candidates by pattern, kept only when a validator accepts them
    BULK = "bulk"  # many distinct validated records of one category


class Shape(StrEnum):
    STRICT = "strict"  # an ordinary word: the banner line must be mostly the marking
    LOOSE = "loose"  # a distinctive marking: written in capitals or with little else on the line


class Position(StrEnum):
    BANNER = "banner"  # a marking only in banner position, elsewhere a mention
    ANYWHERE = "anywhere"  # a marking wherever it stands


class Scope(StrEnum):
    WINDOW = "window"  # context words near the candidate
    ITEM = "item"  # context words anywhere in the item (a column header above a table of ids)


FIELDS = ("title", "text", "participants")
CONFIDENCE_ORDER = (Confidence.LOW, Confidence.MEDIUM, Confidence.HIGH)


def step_down(confidence: Confidence) -> Confidence:
    """One confidence step lower (low stays low)."""
    return CONFIDENCE_ORDER[max(0, CONFIDENCE_ORDER.index(confidence) - 1)]


def step_up(confidence: Confidence) -> Confidence:
    return CONFIDENCE_ORDER[min(2, CONFIDENCE_ORDER.index(confidence) + 1)]


@dataclass(frozen=True)
class Rule:
    """One checked rule. `terms` are (language, term as written); `source` names its file."""

    id: str
    kind: Kind
    category: Category
    level: Level
    confidence: Confidence
    source: str
    description: str = ""
    enabled: bool = True
    terms: tuple[tuple[str, str], ...] = ()
    patterns: tuple[str, ...] = ()
    ignore_case: bool = False
    validator: str = ""
    shape: Shape = Shape.LOOSE
    position: Position = Position.BANNER
    mention_level: Level = Level.PUBLIC
    min_count: int = 1
    strong_count: int = 0
    context: tuple[str, ...] = ()
    context_patterns: tuple[str, ...] = ()
    context_window: int = 60
    context_scope: Scope = Scope.WINDOW
    context_required: bool = False
    max_candidates: int = 20_000
    bulk: bool = True
    fields: tuple[str, ...] = ("title", "text")
    kinds: tuple[str, ...] = ()
    tier: int = 0  # 0 = built-in rules, 1 = per-case rules

    def applies_to(self, kind: str) -> bool:
        return not self.kinds or kind in self.kinds


@dataclass(frozen=True)
class BannerSettings:
    """What counts as banner position and banner shape (the `[banner]` table)."""

    lines: int = 5
    page_lines: int = 2
    max_line_chars: int = 300
    loose_max_words: int = 3
    caps_max_words: int = 2
    repeated_min: int = 3
    delimiters: str = ":-/|[](){}*=#<>"
    affixes: tuple[str, ...] = ()
    header_labels: tuple[str, ...] = ()
    subject_labels: tuple[str, ...] = ()
    metadata_keys: tuple[str, ...] = ()
    property_hints: tuple[str, ...] = ()
    sources: tuple[str, ...] = field(default=(), compare=False)

"""Ground truth: what every generated item is, written as `ground_truth.jsonl`.

The file is the yardstick for the classification engine, so each record is derived from what was
actually put into the item (topics, slots, banners), never guessed afterwards. Containers without
text of their own (zip, tar, gzip streams, mbox files) get `level: null`; hostile files get
`victim: null, level: null` and the status the ingest is expected to give them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TextIO

#: DESIGN §4 category ids, in the order records list them.
CATEGORIES: tuple[str, ...] = ("credentials", "marking", "diplomatic", "pii", "financial", "infrastructure",
                               "ot", "commercial")


@dataclass
class Truth:
    """Sensitivity of one item's own text, kept apart from its banner markings.

    `base` is what the content alone deserves (0 public, 1 internal, 2+ findings); `marking` is the
    level of a banner in first/last lines or the subject. Quoting a marked message elsewhere moves
    its banner out of banner position, so a quote contributes its content but not its marking.
    """

    base: int
    categories: set[str] = field(default_factory=set)
    marking: int = 0

    @property
    def level(self) -> int:
        return max(self.base, self.marking)

    def add(self, category: str, level: int) -> None:
        if category not in CATEGORIES or category == "marking":
            raise ValueError(f"not a content category: {category!r}")
        self.categories.add(category)
        self.base = max(self.base, level)

    def mark(self, level: int) -> None:
        """A classification banner in banner position."""
        self.categories.add("marking")
        self.marking = max(self.marking, level)

    def merge(self, other: Truth, quoted: bool = False) -> None:
        """Fold in another text's findings; a quoted text's banner is only a mention."""
        self.categories |= other.categories - {"marking"} if quoted else other.categories
        self.base = max(self.base, other.base)
        if not quoted:
            self.marking = max(self.marking, other.marking)

    def sorted_categories(self) -> list[str]:
        return [category for category in CATEGORIES if category in self.categories]


@dataclass
class Node:
    """One item-to-be: a file, an archive member, an attachment or a mailbox message."""

    name: str
    kind: str
    truth: Truth | None = None  # None: a container with no text of its own, or a hostile file
    children: list[Node] = field(default_factory=list)
    status: str = "ok"
    hostile: bool = False


class GroundTruthWriter:
    """Appends one JSON line per item as the trove is written, so memory stays flat at any scale."""

    def __init__(self, handle: TextIO) -> None:
        self.handle = handle
        self.count = 0

    def emit(self, path: str, node: Node, victim: str | None) -> int:
        """Write `node` at `path` and all its descendants; returns how many records were written."""
        written = self._emit(path, node, victim)
        self.count += written
        return written

    def _emit(self, path: str, node: Node, victim: str | None) -> int:
        truth = node.truth
        record = {
            "path": path,
            "victim": None if node.hostile else victim,
            "categories": truth.sorted_categories() if truth else [],
            "level": truth.level if truth else None,
            "kind": node.kind,
            "status": node.status,
        }
        self.handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        written = 1
        # DESIGN §2: members are joined with "!", a repeated name gets "#2", "#3".
        seen: dict[str, int] = {}
        for child in node.children:
            count = seen.get(child.name, 0) + 1
            seen[child.name] = count
            name = child.name if count == 1 else f"{child.name}#{count}"
            written += self._emit(f"{path}!{name}", child, victim)
        return written

"""What the sensitivity detectors look at: one item's title, text, kind, metadata and participants."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ClassifySubject:
    """One item as the detectors see it; built by the caller from the store, never from files.

    `metadata` is the extractor's metadata dict (e.g. `sensitivity_labels`, `subject`,
    `custom_properties`); `kind` is the item kind of DESIGN §7 (`email`, `document`, ...).
    """

    title: str = ""
    text: str = ""
    kind: str = ""
    metadata: Mapping[str, Any] = field(default_factory=dict)
    sender: str = ""
    recipients: Sequence[str] = ()

"""The parts of an item that rules scan, bounded: title, text (head and tail of huge texts),
banner-position metadata and participants.

Huge texts are scanned in their first and last `HEAD_CHARS`/`TAIL_CHARS` characters only (2 MB
each): markings sit at the top and bottom, and bounded work keeps a 1 GB log dump from stalling
classification. Findings keep offsets into the whole field.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from trovetriage.classify.sensitivity.folding import FoldedText
from trovetriage.classify.sensitivity.schema import BannerSettings
from trovetriage.classify.sensitivity.subject import ClassifySubject

HEAD_CHARS = 2_000_000
TAIL_CHARS = 2_000_000
LINE_SNAP = 10_000  # cut huge texts at a line break found this close to the limit
MAX_TITLE_CHARS = 10_000
MAX_METADATA_VALUES = 50
MAX_METADATA_CHARS = 4_000
MAX_PARTICIPANTS = 500


@dataclass
class Field:
    """One scanned piece: `where` as findings report it, `name` as rules select it (`title`,
    `text`, `participants`, `metadata`), `base` its offset in the whole field."""

    where: str
    name: str
    folded: FoldedText
    base: int = 0
    head: bool = True
    tail: bool = True
    whole_banner: bool = False  # every line is in banner position (title, header/footer metadata)

    @property
    def text(self) -> str:
        return self.folded.original


def _text_of(value: Any) -> str:
    return value if isinstance(value, str) else ""


def text_fields(text: str) -> list[Field]:
    """The text as one field, or its head and tail when it is huge."""
    if len(text) <= HEAD_CHARS + TAIL_CHARS:
        return [Field("text", "text", FoldedText(text))]
    head_end = text.rfind("\n", HEAD_CHARS - LINE_SNAP, HEAD_CHARS)
    head_end = head_end + 1 if head_end >= 0 else HEAD_CHARS
    tail_start = text.find("\n", len(text) - TAIL_CHARS, len(text) - TAIL_CHARS + LINE_SNAP)
    tail_start = tail_start + 1 if tail_start >= 0 else len(text) - TAIL_CHARS
    return [Field("text", "text", FoldedText(text[:head_end]), 0, head=True, tail=False),
            Field("text", "text", FoldedText(text[tail_start:]), tail_start, head=False, tail=True)]


def _metadata_values(metadata: Mapping[str, Any], settings: BannerSettings) -> Iterator[tuple[str, str]]:
    """(where, value) of metadata that stands in banner position: document header/footer and
    classification-like properties."""
    count = 0
    for key in settings.metadata_keys:
        value = metadata.get(key)
        values = value if isinstance(value, list | tuple) else [value]
        for item in values[:MAX_METADATA_VALUES]:
            if isinstance(item, str) and item.strip() and count < MAX_METADATA_VALUES:
                count += 1
                yield f"metadata.{key}", item[:MAX_METADATA_CHARS]
    properties = metadata.get("custom_properties")
    if isinstance(properties, Mapping):
        for name, value in list(properties.items())[:500]:
            lowered = str(name).lower()
            if isinstance(value, str) and value.strip() and any(hint in lowered for hint in settings.property_hints):
                count += 1
                yield f"metadata.custom_properties.{str(name)[:100]}", value[:MAX_METADATA_CHARS]
                if count >= MAX_METADATA_VALUES:
                    return


def subject_fields(subject: ClassifySubject, settings: BannerSettings) -> list[Field]:
    """Every field of an item that rules scan, in the order findings are reported."""
    fields: list[Field] = []
    title = _text_of(subject.title)[:MAX_TITLE_CHARS]
    if title.strip():
        fields.append(Field("title", "title", FoldedText(title), whole_banner=True))
    metadata = subject.metadata if isinstance(subject.metadata, Mapping) else {}
    for where, value in _metadata_values(metadata, settings):
        fields.append(Field(where, "metadata", FoldedText(value), whole_banner=True))
    text = _text_of(subject.text)
    if text:
        fields.extend(text_fields(text))
    recipients = subject.recipients if isinstance(subject.recipients, list | tuple) else ()
    people = [_text_of(subject.sender)] + [_text_of(r)[:400] for r in recipients[:MAX_PARTICIPANTS]]
    joined = "\n".join(person for person in people if person)
    if joined:
        fields.append(Field("participants", "participants", FoldedText(joined)))
    return fields

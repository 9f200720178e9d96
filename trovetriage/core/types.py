"""Domain vocabulary shared by every layer: item statuses, kinds and extraction results."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    """Closed list of item statuses (DESIGN §2). A failed item is still an item."""

    OK = "ok"
    EMPTY = "empty"
    UNSUPPORTED = "unsupported"
    ENCRYPTED = "encrypted"
    CORRUPT = "corrupt"
    TRUNCATED = "truncated"
    TIMEOUT = "timeout"
    TOO_LARGE = "too_large"
    SKIPPED_DEPTH = "skipped_depth"
    SKIPPED_BOMB = "skipped_bomb"


class Kind(StrEnum):
    """What an item is, for humans and facets (DESIGN §7)."""

    EMAIL = "email"
    DOCUMENT = "document"
    SPREADSHEET = "spreadsheet"
    PRESENTATION = "presentation"
    PDF = "pdf"
    TEXT = "text"
    CREDENTIALS = "credentials"
    ARCHIVE = "archive"
    MAILBOX = "mailbox"
    IMAGE = "image"
    OTHER = "other"


@dataclass(frozen=True)
class Sniffed:
    """What type detection found out about some bytes, before any extractor ran."""

    mime: str
    description: str
    extension: str
    name: str
    size: int


@dataclass
class MemberRecord:
    """One child of a container as the extractor saw it.

    `sha256` is None when the member could not be read at all (its bytes never reached the
    blob store); the member still becomes an item with `status` and `detail`.
    """

    name: str
    sha256: str | None
    size: int
    status: Status | None = None
    detail: str = ""
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Extraction:
    """Everything an extractor learnt about one piece of content."""

    kind: Kind = Kind.OTHER
    status: Status = Status.OK
    detail: str = ""
    text: str = ""
    title: str = ""
    date: datetime | None = None
    sender: str = ""
    recipients: list[str] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    members: list[MemberRecord] = field(default_factory=list)

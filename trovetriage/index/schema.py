"""The Whoosh schema and the contract of the doc dicts that ingest sends to the index.

Whoosh holds what search needs and nothing more (DESIGN §8): bodies are indexed with positions
(for phrases and for locating snippets) but not stored (they live in the store); classification (victim, level,
categories) lives in SQLite and is applied as an ``allowed_keys`` filter, so a classification
change never needs re-indexing.

Doc dict keys (all optional except ``item_key`` and ``item_id``)::

    item_key: int            unique store row id (stored, sortable; update key)
    item_id: str             stored
    path: str                stored; path analyzer
    name: str                file/member name; path analyzer
    title: str               stored; text analyzer
    body: str                NOT stored; positions (phrases, snippet windows)
    sender: str              e-mail address or display string
    recipients: list[str]
    date: datetime | None    aware (converted to UTC) or naive UTC; stored as naive UTC
    kind, status, mime: str  keyword values
    size: int
    sender_domain: str
    meta: str                free text of metadata values (message ids, hosts, headers)
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from whoosh import columns
from whoosh.fields import COLUMN, DATETIME, ID, NUMERIC, TEXT, Schema

from trovetriage.index.analysis import fold, keyword_analyzer, path_analyzer, text_analyzer

__all__ = [
    "DEFAULT_FIELD_BOOSTS",
    "FACET_FIELDS",
    "FIELD_ALIASES",
    "SCHEMA_VERSION",
    "SORT_COLUMNS",
    "DocError",
    "build_schema",
    "read_schema_version",
    "to_index_fields",
    "write_schema_version",
]

#: Bump when the schema or the analysis changes in a way that needs re-indexing.
SCHEMA_VERSION = 1
VERSION_FILE = "trovetriage-index.json"

#: Unfielded query words search these fields; the body weighs most, then the title.
DEFAULT_FIELD_BOOSTS: dict[str, float] = {
    "body": 1.5,
    "title": 1.2,
    "name": 0.8,
    "path": 0.5,
    "meta": 0.5,
}
#: Field names users may type that are not schema names.
FIELD_ALIASES: dict[str, list[str]] = {
    "title": ["subject"],
    "sender": ["from"],
    "recipients": ["to"],
    "sender_domain": ["domain"],
}
#: Facets computed from sortable columns.
FACET_FIELDS = ("kind", "status", "year", "sender_domain")
#: ``sort=`` names and the column each uses.
SORT_COLUMNS = {"date": "date", "size": "size", "title": "title_sort", "path": "path_sort"}

_SORT_KEY_CHARS = 120


class DocError(ValueError):
    """A doc dict breaks the contract (missing key, wrong type)."""


def build_schema() -> Schema:
    """The schema of schema version :data:`SCHEMA_VERSION`."""

    def text(stored: bool = False, path: bool = False) -> TEXT:
        # Several tokens from one query word (Hangul bigrams, a.b.c, e-mail) form a phrase.
        return TEXT(
            analyzer=path_analyzer() if path else text_analyzer(),
            phrase=True,
            stored=stored,
            multitoken_query="phrase",
        )

    def keyword(stored: bool = False, sortable: bool = False) -> ID:
        return ID(stored=stored, sortable=sortable, analyzer=keyword_analyzer())

    return Schema(
        item_key=NUMERIC(int, bits=64, stored=True, unique=True, sortable=True, shift_step=0),
        item_id=ID(stored=True),
        path=text(stored=True, path=True),
        name=text(path=True),
        title=text(stored=True),
        # Positions only: character offsets made phrase and common-term queries 2x slower
        # (bigger posting blocks to inflate and unpickle) and the index 16 % bigger; snippets
        # find their window from the positions instead (analysis.position_offsets).
        body=text(),
        sender=text(),
        recipients=text(),
        meta=text(),
        date=DATETIME(stored=True, sortable=True),
        year=NUMERIC(int, bits=32, sortable=True),
        size=NUMERIC(int, bits=64, sortable=True),
        kind=keyword(stored=True, sortable=True),
        status=keyword(stored=True, sortable=True),
        mime=keyword(),
        sender_domain=keyword(sortable=True),
        title_sort=COLUMN(columns.VarBytesColumn()),
        path_sort=COLUMN(columns.VarBytesColumn()),
    )


def _utc_naive(value: Any) -> _dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(_dt.UTC).replace(tzinfo=None)
        return value
    if isinstance(value, _dt.date):
        return _dt.datetime(value.year, value.month, value.day)
    raise DocError(f"date must be a datetime, not {type(value).__name__}")


def _str(doc: Mapping[str, Any], key: str) -> str:
    value = doc.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise DocError(f"{key} must be a str, not {type(value).__name__}")
    return value


def _keyword(doc: Mapping[str, Any], key: str) -> str:
    """Keyword values are trimmed and lower-cased, so facets and filters do not split on case."""
    return _str(doc, key).strip().lower()


def _sort_key(text: str) -> bytes:
    return " ".join(fold(w) for w in text.split())[:_SORT_KEY_CHARS].encode("utf-8", "surrogatepass")


def _clean(text: str) -> str:
    # Lone surrogates from broken decoders would make Whoosh's utf-8 encoding fail.
    if text.isascii():
        return text
    return text.encode("utf-8", "replace").decode("utf-8")


def to_index_fields(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Turns a doc dict of the contract into Whoosh field values (raises :class:`DocError`)."""
    key = doc.get("item_key")
    if not isinstance(key, int) or isinstance(key, bool):
        raise DocError(f"item_key must be an int, not {key!r}")
    item_id = doc.get("item_id")
    if not isinstance(item_id, str) or not item_id:
        raise DocError(f"item {key}: item_id must be a non-empty str")
    date = _utc_naive(doc.get("date"))
    size = doc.get("size") or 0
    if not isinstance(size, int) or isinstance(size, bool):
        raise DocError(f"item {key}: size must be an int")
    recipients = doc.get("recipients") or []
    if isinstance(recipients, str):
        recipients = [recipients]
    title = _clean(_str(doc, "title"))
    path = _clean(_str(doc, "path"))
    fields: dict[str, Any] = {
        "item_key": key,
        "item_id": item_id,
        "path": path,
        "title": title,
        "year": date.year if date else 0,
        "size": max(0, size),
        "kind": _keyword(doc, "kind"),
        "status": _keyword(doc, "status"),
        "sender_domain": _keyword(doc, "sender_domain"),
        "title_sort": _sort_key(title),
        "path_sort": _sort_key(path),
    }
    if date is not None:
        fields["date"] = date
    for name in ("name", "body", "sender", "meta"):
        value = _str(doc, name)
        if value:
            fields[name] = _clean(value)
    mime = _keyword(doc, "mime")
    if mime:
        fields["mime"] = mime
    if recipients:
        fields["recipients"] = _clean("\n".join(str(r) for r in recipients if r))
    return fields


def write_schema_version(index_dir: Path) -> None:
    """Records the schema version next to the Whoosh files so old indexes can be detected."""
    path = Path(index_dir) / VERSION_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"schema_version": SCHEMA_VERSION}), encoding="utf-8")
    tmp.replace(path)


def read_schema_version(index_dir: Path) -> int | None:
    """The schema version an index was written with (None if unknown)."""
    try:
        data = json.loads((Path(index_dir) / VERSION_FILE).read_text(encoding="utf-8"))
        version = data.get("schema_version")
    except (OSError, ValueError, AttributeError):
        return None
    return version if isinstance(version, int) else None

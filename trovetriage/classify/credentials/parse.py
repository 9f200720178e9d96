"""Streaming parse of a whole dump: one line in, records out, nothing else kept.

Memory is bounded by the detection sample (`SAMPLE_LINES` lines of at most `MAX_LINE` characters)
and, for stealer logs, one block; a 2 GB combo list streams in constant memory as long as the
caller's iterator yields lines one at a time (`bounded_lines` does that for a text stream even
when a "line" is a gigabyte without a newline).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain
from typing import TextIO

from trovetriage.core.classification import CredentialRecord

from .combo import ComboParser
from .csvdump import parse_csv
from .detect import detect_format
from .formats import HASH_LAYOUTS, DumpFormat, Layout
from .hashdump import parse_hash_line
from .lines import MAX_LINE, clean_line, is_comment
from .records import RecordFactory
from .stealer import StealerParser

#: Lines read ahead for detection when no format is given.
SAMPLE_LINES = 1000
_COMMENT_START = frozenset("#/[<=-*_~+.")


def parse_dump(lines: Iterable[str], key: bytes, fmt: DumpFormat | None = None) -> Iterator[CredentialRecord]:
    """Records of a credential dump, streamed in line order; nothing when it is not a dump.

    `lines` may keep or drop their line endings. Without `fmt` the layout is detected on the first
    `SAMPLE_LINES` lines. `key` keys the fingerprints (see `RecordFactory`).
    """
    factory = RecordFactory(key)
    iterator = iter(lines)
    if fmt is None:
        sample = _take_sample(iterator)
        fmt = detect_format(sample)
        if fmt is None:
            return iter(())
        iterator = chain(sample, iterator)
    return _records(iterator, fmt, factory)


def bounded_lines(stream: TextIO, max_line: int = MAX_LINE) -> Iterator[str]:
    """Lines of a text stream, never holding more than `max_line` characters: an overlong line is
    read through in chunks and yielded as '' so that later line numbers stay right."""
    while True:
        chunk = stream.readline(max_line + 1)
        if not chunk:
            return
        if len(chunk) <= max_line or chunk.endswith("\n"):
            yield chunk
            continue
        while chunk and not chunk.endswith("\n"):
            chunk = stream.readline(max_line + 1)
        yield ""


def _take_sample(iterator: Iterator[str]) -> list[str]:
    """The first lines, with overlong ones replaced by '' (they are never credential lines)."""
    sample = []
    for line in iterator:
        sample.append(line if len(line) <= MAX_LINE else "")
        if len(sample) >= SAMPLE_LINES:
            break
    return sample


def _records(lines: Iterator[str], fmt: DumpFormat, factory: RecordFactory) -> Iterator[CredentialRecord]:
    if fmt.layout is Layout.CSV:
        for parsed, number in parse_csv(lines, fmt.csv_delimiter):
            record = factory.build(parsed, number)
            if record is not None:
                yield record
    elif fmt.layout is Layout.STEALER:
        yield from _stealer(lines, factory)
    elif fmt.layout in HASH_LAYOUTS:
        yield from _hashes(lines, factory)
    else:
        yield from _combo(lines, fmt, factory)


def _combo(lines: Iterator[str], fmt: DumpFormat, factory: RecordFactory) -> Iterator[CredentialRecord]:
    parser = ComboParser(fmt.separator or ":", fmt.layout is Layout.ULP)
    parse, build = parser.parse, factory.build
    for number, raw in enumerate(lines, 1):
        if len(raw) > MAX_LINE:
            continue
        line = raw.rstrip("\r\n")
        if "\x00" in line or line.startswith("\ufeff"):
            line = clean_line(line)
        if not line or (line[0] in _COMMENT_START and is_comment(line)):
            continue
        parsed = parse(line)
        if parsed is not None:
            record = build(parsed, number)
            if record is not None:
                yield record


def _hashes(lines: Iterator[str], factory: RecordFactory) -> Iterator[CredentialRecord]:
    for number, raw in enumerate(lines, 1):
        line = clean_line(raw)
        if not line.strip() or is_comment(line):
            continue
        result = parse_hash_line(line)
        if result is None:
            continue
        for parsed in result[1]:
            record = factory.build(parsed, number)
            if record is not None:
                yield record


def _stealer(lines: Iterator[str], factory: RecordFactory) -> Iterator[CredentialRecord]:
    parser = StealerParser()
    for number, raw in enumerate(lines, 1):
        done = parser.feed(clean_line(raw), number)
        if done is not None:
            record = factory.build(*done)
            if record is not None:
                yield record
    done = parser.finish()
    if done is not None:
        record = factory.build(*done)
        if record is not None:
            yield record

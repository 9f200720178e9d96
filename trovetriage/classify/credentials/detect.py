"""Is this text a credential dump, and which layout? Decided on a sample, by clear majority.

Only non-empty, non-comment lines count. A layout is chosen when at least `MAJORITY` of them parse
in it, so prose, logs and ordinary CSV tables are not dumps; the inline finder handles prose.
Layouts are tried from the most to the least specific: a CSV with a credential header, hash lines,
stealer blocks, then combo/ULP lines (which almost any `a:b` line would satisfy).
"""

from __future__ import annotations

from collections import Counter

from .combo import choose_separator
from .csvdump import count_rows, sniff_header
from .formats import DumpFormat, Layout
from .hashdump import parse_hash_line
from .lines import content_lines
from .stealer import stealer_key

#: Fraction of content lines that must parse for a layout to be chosen.
MAJORITY = 0.6
#: Lines and characters of a sample that are looked at; more is ignored.
MAX_SAMPLE_LINES = 2000
#: A combo/ULP verdict needs this many parsed lines unless one of them is unmistakable
#: (an e-mail or DOMAIN\user login, a URL with a scheme).
MIN_WEAK_LINES = 3


def detect_format(sample_lines: list[str]) -> DumpFormat | None:
    """The layout of a credential dump from the first lines of a text, or None when it is not one."""
    lines = content_lines(list(sample_lines[:MAX_SAMPLE_LINES]))
    if not lines:
        return None
    total = len(lines)
    return (
        _csv(lines)
        or _hashes(lines, total)
        or _stealer(lines, total)
        or _combo(lines, total)
    )


def _csv(lines: list[str]) -> DumpFormat | None:
    header = sniff_header(lines[0])
    if header is None:
        return None
    delimiter, _roles, width = header
    rows = lines[1:]
    good = count_rows(rows, delimiter, width)
    # A credential header is strong evidence; multi-line quoted notes lower the per-line count.
    if rows and good * 3 < len(rows):
        return None
    return DumpFormat(Layout.CSV, csv_delimiter=delimiter, score=good / len(rows) if rows else 1.0)


def _hashes(lines: list[str], total: int) -> DumpFormat | None:
    layouts: Counter[Layout] = Counter()
    exposing = 0
    for line in lines:
        result = parse_hash_line(line)
        if result is not None:
            layouts[result[0]] += 1
            exposing += bool(result[1])
    parsed = sum(layouts.values())
    if not exposing or parsed < MAJORITY * total:
        return None
    return DumpFormat(layouts.most_common(1)[0][0], score=parsed / total)


def _stealer(lines: list[str], total: int) -> DumpFormat | None:
    roles: Counter[str] = Counter()
    for line in lines:
        key = stealer_key(line)
        if key is not None:
            roles[key[0]] += 1
    parsed = sum(roles.values())
    if parsed < MAJORITY * total or not roles["password"] or not (roles["user"] or roles["url"]):
        return None
    return DumpFormat(Layout.STEALER, score=parsed / total)


def _combo(lines: list[str], total: int) -> DumpFormat | None:
    choice = choose_separator(lines)
    if choice is None or choice.parsed < MAJORITY * total:
        return None
    if choice.strong == 0 and choice.parsed < MIN_WEAK_LINES:
        return None
    layout = Layout.ULP if choice.ulp else Layout.COMBO
    return DumpFormat(layout, separator=choice.separator, score=choice.parsed / total)

"""Banner position and banner shape: when classification words are a document's marking.

A marking is what a document says about itself: the first and last lines, the lines around page
breaks, `Subject:` lines, lines repeated as running headers, the title and header/footer
metadata. And it has the shape of a marking: the line is mostly the marking (`SECRET`,
`Classification: secret`, `// SECRET //`, `SECRET - for official use`), or it is written in
capitals at the edge of the line. "The secret of success" in an opening sentence is neither, and
neither is a letterhead such as "SECRET SERVICE" or "ÖZEL KALEM MÜDÜRLÜĞÜ".
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from trovetriage.classify.sensitivity.fields import Field
from trovetriage.classify.sensitivity.ruleset import RuleSet
from trovetriage.classify.sensitivity.schema import Shape

LINE_BREAKS = "\n\r\f\v\x85\u2028\u2029"
_LINE = re.compile(f"[^{LINE_BREAKS}]+")
_WORD = re.compile(r"[^\W\d_]+")
_EDGE_SCAN_CHARS = 50_000
MAX_PAGE_BREAKS = 5_000
MAX_SUBJECT_LINES = 500
_OPENERS, _CLOSERS = "[(/{<*|", "])/}>*|"


def line_bounds(text: str, pos: int, limit: int = 5_000) -> tuple[int, int]:
    """The line around `pos` (at most `limit` characters each way)."""
    low = max(0, pos - limit)
    start = max(text.rfind(char, low, pos) for char in "\n\r\f") + 1
    start = max(start, low)
    high = min(len(text), pos + limit)
    ends = [i for i in (text.find(char, pos, high) for char in "\n\r\f") if i >= 0]
    return start, min(ends) if ends else high


def _content_lines(text: str, start: int, stop: int) -> Iterator[tuple[int, int]]:
    """Non-blank lines between start and stop."""
    for match in _LINE.finditer(text, start, stop):
        if not match.group().isspace():
            yield match.start(), match.end()


class BannerRanges:
    """Folded spans of one text field that are in banner position."""

    def __init__(self, field: Field, rules: RuleSet) -> None:
        settings, folded = rules.banner, field.folded.folded
        spans: list[tuple[int, int]] = []
        if field.head:
            lines = _content_lines(folded, 0, min(len(folded), _EDGE_SCAN_CHARS))
            in_header = True
            taken = 0
            for start, end in lines:
                if in_header and rules.header_lines is not None and rules.header_lines.match(folded, start, end):
                    continue  # the From:/To:/Date: summary above an e-mail body is not its banner
                in_header = False
                if taken >= settings.lines:
                    break
                spans.append((start, end))
                taken += 1
        if field.tail and settings.lines:
            low = max(0, len(folded) - _EDGE_SCAN_CHARS)
            spans.extend(list(_content_lines(folded, low, len(folded)))[-settings.lines:])
        if settings.page_lines:
            breaks = [m.start() for _, m in zip(range(MAX_PAGE_BREAKS), re.finditer("\f", folded), strict=False)]
            for pos in breaks:
                before = list(_content_lines(folded, max(0, pos - 2_000), pos))[-settings.page_lines:]
                after = list(_content_lines(folded, pos, min(len(folded), pos + 2_000)))[:settings.page_lines]
                spans.extend(before + after)
        if rules.subject_lines is not None:
            for _, match in zip(range(MAX_SUBJECT_LINES), rules.subject_lines.finditer(folded), strict=False):
                spans.append(line_bounds(folded, match.start()))
        merged: list[tuple[int, int]] = []
        longest = settings.max_line_chars * 4  # longer lines cannot have banner shape: not worth a look
        for start, end in sorted(span for span in spans if span[1] - span[0] <= longest):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        self._spans = merged
        self._starts = [start for start, _ in merged]

    def contains(self, start: int, end: int) -> bool:
        index = bisect_right(self._starts, start) - 1
        return index >= 0 and end <= self._spans[index][1]


def _upper(text: str) -> bool:
    """Written in capitals: has cased letters and no lower-case ones."""
    return any(char.isupper() for char in text) and not any(char.islower() for char in text)


def _caseless(text: str) -> bool:
    """A script without case (Arabic, Korean): capitals cannot mark it."""
    return not any(char.isupper() or char.islower() for char in text)


def shaped(field: Field, line: tuple[int, int], span: tuple[int, int], others: list[tuple[int, int]],
           shape: Shape, rules: RuleSet, title: bool = False) -> bool:
    """Whether a marking at folded `span` has banner shape on its folded `line`; `others` are the
    folded spans of all markings on the line (removed before counting what else is there)."""
    settings, folded, original = rules.banner, field.folded.folded, field.folded.original
    line_start, line_end = line
    line_text = folded[line_start:line_end]
    if len(line_text.strip()) > settings.max_line_chars:
        return False
    chars = list(line_text)
    for low, high in others:
        for i in range(max(low, line_start), min(high, line_end)):
            chars[i - line_start] = " "
    rest = "".join(chars)
    if rules.affixes is not None:
        for hit in list(rules.affixes.scan(rest, 200)):
            rest = rest[:hit.start] + " " * (hit.end - hit.start) + rest[hit.end:]
    extra = len(_WORD.findall(rest))
    if extra == 0:
        return True
    marking = original[slice(*field.folded.span(*span))]
    caseless = _caseless(marking)
    before, after = rest[: span[0] - line_start].rstrip(), rest[span[1] - line_start:].lstrip()
    if before[-1:] and before[-1] in _OPENERS and after[:1] and after[0] in _CLOSERS:
        return True  # [SECRET], (Confidential), //SECRET//
    delimiters = settings.delimiters
    at_start = not _WORD.search(before) and bool(after[:1]) and after[0] in delimiters
    at_end = not _WORD.search(after) and bool(before[-1:]) and before[-1] in delimiters
    if (at_start or at_end) and (caseless or _upper(marking)):
        return True  # SECRET: visit of the minister / Minutes - CONFIDENTIAL
    if not title and not _WORD.search(after) and extra <= settings.caps_max_words \
            and _upper(original[slice(*field.folded.span(line_start, line_end))]):
        return True  # a short line in capitals that ends with the marking: COMPANY CONFIDENTIAL
    # a distinctive marking may share its line with a few words (TOP SECRET UMBRA), but in capitals
    return shape is Shape.LOOSE and extra <= settings.loose_max_words and (caseless or _upper(marking))

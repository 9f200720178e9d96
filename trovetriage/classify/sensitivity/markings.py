"""Classification markings in text, title and header/footer metadata: a marking in banner
position and shape, a mention anywhere else.

One finding per rule: the first banner marking (title before metadata before text), or else the
first mention, reported as rule `<id>.mention` with low confidence and a level of at most 1.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from trovetriage.classify.sensitivity.banner import BannerRanges, line_bounds, shaped
from trovetriage.classify.sensitivity.excerpts import clean
from trovetriage.classify.sensitivity.ruleset import RuleSet
from trovetriage.classify.sensitivity.scan import Scanned
from trovetriage.classify.sensitivity.schema import Kind, Position, Rule
from trovetriage.core.classification import Confidence, Finding, Level

MAX_SHAPE_CHECKS = 2_000  # marking hits per field checked for banner shape; the rest are mentions
MAX_REPEAT_CHECKS = 20
MIN_REPEATED_CHARS = 4


def _repeated(folded: str, line: tuple[int, int], minimum: int) -> bool:
    """A short line that recurs (a running header or footer flattened into the text)."""
    text = folded[line[0]:line[1]].strip()
    return MIN_REPEATED_CHARS <= len(text) <= 200 and folded.count(text) >= minimum


def _finding(rule: Rule, scanned: Scanned, start: int, end: int, mention: bool) -> Finding:
    low, high = scanned.field.folded.span(start, end)
    words = clean(scanned.field.text[low:high], 80)
    low, high = low + scanned.field.base, high + scanned.field.base
    if mention:
        return Finding(f"{rule.id}.mention", rule.category, Level(min(rule.level, rule.mention_level)),
                       Confidence.LOW, scanned.field.where, f"mention: {words}", low, high)
    return Finding(rule.id, rule.category, rule.level, rule.confidence, scanned.field.where, words, low, high)


def detect_markings(scanned_fields: list[Scanned], rules: RuleSet, kind: str) -> list[Finding]:
    markings: dict[str, Finding] = {}
    mentions: dict[str, Finding] = {}
    for scanned in scanned_fields:
        field = scanned.field
        if field.name not in ("title", "text", "metadata"):
            continue
        owners = rules.term_rules(Kind.MARKING, kind, field.name)
        hits = [(hit, rule) for hit in scanned.hits if (rule := owners.get(hit.key)) is not None]
        if not hits:
            continue
        folded = field.folded.folded
        ranges = None if field.whole_banner else BannerRanges(field, rules)
        starts = [hit.start for hit, _ in hits]
        repeat_checks = 0
        for index, (hit, rule) in enumerate(hits):
            if rule.id in markings:
                continue
            anywhere = rule.position is Position.ANYWHERE
            in_banner = field.whole_banner or anywhere or (ranges is not None and ranges.contains(hit.start, hit.end))
            if not in_banner and (index >= MAX_SHAPE_CHECKS or repeat_checks >= MAX_REPEAT_CHECKS):
                if rule.id not in mentions:
                    mentions[rule.id] = _finding(rule, scanned, hit.start, hit.end, True)
                continue
            line = line_bounds(folded, hit.start)
            if line[1] - line[0] > rules.banner.max_line_chars * 4:  # too long to be a banner line
                in_banner = False
            elif not in_banner:
                repeat_checks += 1
                in_banner = _repeated(folded, line, rules.banner.repeated_min)
            if in_banner:
                same_line = hits[bisect_left(starts, line[0]):bisect_right(starts, line[1])]
                others = [(other.start, other.end) for other, _ in same_line]
                if anywhere or shaped(field, line, (hit.start, hit.end), others, rule.shape, rules,
                                      title=field.name == "title"):
                    markings[rule.id] = _finding(rule, scanned, hit.start, hit.end, False)
                    continue
            if rule.id not in mentions:
                mentions[rule.id] = _finding(rule, scanned, hit.start, hit.end, True)
    return list(markings.values()) + [f for rule_id, f in mentions.items() if rule_id not in markings]

"""Validated records (PII, private addresses): candidates by pattern, kept only when a validator
accepts them and, where a rule asks, when context words stand near them or in the item.

Each distinct record is one finding (the first `MAX_RECORD_FINDINGS` per rule); `bulk` rules fire
on many distinct records of their category. A span taken by one rule (an IBAN) is not re-read by
a later one (a phone number inside it), so rule order in the files matters.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from trovetriage.classify.sensitivity import validators
from trovetriage.classify.sensitivity.fields import Field
from trovetriage.classify.sensitivity.folding import FoldedText
from trovetriage.classify.sensitivity.matching import first, matches
from trovetriage.classify.sensitivity.ruleset import RuleSet
from trovetriage.classify.sensitivity.scan import Scanned
from trovetriage.classify.sensitivity.schema import Kind, Rule, Scope, step_down
from trovetriage.core.classification import Confidence, Finding

MAX_RECORD_FINDINGS = 20
MAX_RECORDS = 100_000


@dataclass(frozen=True)
class Record:
    rule: Rule
    key: str
    confidence: Confidence
    finding: Finding


class _Claims:
    """Spans already taken by a record, per field."""

    def __init__(self) -> None:
        self._spans: dict[int, list[tuple[int, int]]] = {}

    def free(self, field: int, start: int, end: int) -> bool:
        spans = self._spans.get(field, [])
        index = bisect_left(spans, (start, start))
        neighbours = spans[max(0, index - 1): index + 1]
        return all(high <= start or end <= low for low, high in neighbours)

    def take(self, field: int, start: int, end: int) -> None:
        insort(self._spans.setdefault(field, []), (start, end))


class _ItemContext:
    """Whether a validator rule's context occurs anywhere in the item: context words from the term
    scan at once, context patterns only when first asked (most items never need them)."""

    def __init__(self, scanned_fields: list[Scanned], rules: RuleSet) -> None:
        self._rules, self._fields = rules, [scanned.field for scanned in scanned_fields]
        self._words = {rule.id for scanned in scanned_fields for hit in scanned.hits
                       for rule in rules.owners.context.get(hit.key, ())}
        self._patterns: dict[str, bool] = {}

    def possible(self, rule: Rule) -> bool:
        """False only when the rule can be skipped: no context word and no context pattern."""
        return rule.id in self._words or bool(self._rules.context_patterns[rule.id])

    def __call__(self, rule: Rule) -> bool:
        if rule.id in self._words:
            return True
        if rule.id not in self._patterns:
            self._patterns[rule.id] = any(first(pattern, field.text) is not None
                                          for pattern in self._rules.context_patterns[rule.id]
                                          for field in self._fields)
        return self._patterns[rule.id]


def _near(rule: Rule, rules: RuleSet, field: Field, start: int, end: int) -> bool:
    window = field.text[max(0, start - rule.context_window): end + rule.context_window]
    matcher = rules.context_matchers.get(rule.id)
    if matcher is not None and next(iter(matcher.scan(FoldedText(window).folded, 1)), None) is not None:
        return True
    return any(first(pattern, window) is not None for pattern in rules.context_patterns[rule.id])


def _confidence(rule: Rule, rules: RuleSet, field: Field, span: tuple[int, int],
                in_item: _ItemContext) -> Confidence | None:
    """The record's confidence from its context, or None when the rule requires context it lacks."""
    if not (rule.context or rule.context_patterns) or _near(rule, rules, field, *span):
        return rule.confidence
    if rule.context_required and not (rule.context_scope is Scope.ITEM and in_item(rule)):
        return None
    return step_down(rule.confidence)


def _rule_records(rule: Rule, rules: RuleSet, fields: list[Field], claims: _Claims, in_item: _ItemContext,
                  regions: Sequence[str]) -> dict[str, Record]:
    records: dict[str, Record] = {}
    candidates = 0
    for number, field in enumerate(fields):
        if field.name not in rule.fields:
            continue
        for pattern in rules.patterns[rule.id]:
            for match in matches(pattern, field.text, rule.max_candidates):
                candidates += 1
                if candidates > rule.max_candidates or len(records) >= MAX_RECORDS:
                    return records
                start, end = match.span("value") if "value" in match.re.groupindex and match.start("value") >= 0 \
                    else match.span()
                if not claims.free(number, start, end):
                    continue
                valid = validators.run(rule.validator, field.text[start:end], regions)
                if valid is None:
                    continue
                end = start + valid.length if valid.length is not None else end
                confidence = _confidence(rule, rules, field, (start, end), in_item)
                if confidence is None:
                    continue
                claims.take(number, start, end)
                if valid.key not in records:
                    finding = Finding(rule.id, rule.category, rule.level, confidence, field.where, valid.excerpt,
                                      field.base + start, field.base + end)
                    records[valid.key] = Record(rule, valid.key, confidence, finding)
    return records


def _bulk(rule: Rule, records: list[Record]) -> Finding | None:
    counted = {r.key: r for r in records
               if r.rule.bulk and r.rule.category == rule.category and r.confidence is not Confidence.LOW}
    if len(counted) < rule.min_count:
        return None
    kinds = Counter(key.split(":", 1)[0] for key in counted)
    detail = ", ".join(f"{name} {count}" for name, count in kinds.most_common())
    more = "+" if len(counted) >= MAX_RECORDS else ""
    return Finding(rule.id, rule.category, rule.level, rule.confidence, "text",
                   f"{len(counted)}{more} distinct records: {detail}")


def detect_validated(scanned_fields: list[Scanned], rules: RuleSet, kind: str,
                     regions: Sequence[str]) -> list[Finding]:
    fields = [scanned.field for scanned in scanned_fields]
    in_item = _ItemContext(scanned_fields, rules)
    claims = _Claims()
    findings: list[Finding] = []
    everything: list[Record] = []
    for rule in rules.of_kind(Kind.VALIDATOR, kind):
        if rule.context_required and not in_item.possible(rule):
            continue  # no context word anywhere: no candidate could be kept
        records = _rule_records(rule, rules, fields, claims, in_item, regions)
        if len(records) < rule.min_count:
            continue
        findings.extend(record.finding for record in list(records.values())[:MAX_RECORD_FINDINGS])
        everything.extend(records.values())
    for rule in rules.of_kind(Kind.BULK, kind):
        bulk = _bulk(rule, everything)
        if bulk is not None:
            findings.append(bulk)
    return findings

"""Regex rules on the original text (private keys, device configurations, directory names).

One finding per rule, for its first match, once `min_count` distinct matches are found; groups
named `secret*` are masked in the excerpt, so a key body or a pre-shared key never shows.
"""

from __future__ import annotations

from trovetriage.classify.sensitivity.excerpts import masked_match
from trovetriage.classify.sensitivity.fields import Field
from trovetriage.classify.sensitivity.matching import matches, secret_spans
from trovetriage.classify.sensitivity.ruleset import RuleSet
from trovetriage.classify.sensitivity.schema import Kind, Rule
from trovetriage.core.classification import Finding

MAX_DISTINCT = 10_000


def _first_distinct(rule: Rule, fields: list[Field], rules: RuleSet) -> Finding | None:
    """The finding for the rule's first match, once `min_count` distinct matches are seen."""
    distinct: set[str] = set()
    found: Finding | None = None
    for field in fields:
        if field.name not in rule.fields:
            continue
        for pattern in rules.patterns[rule.id]:
            for match in matches(pattern, field.text, MAX_DISTINCT):
                distinct.add(match.group()[:500])
                if found is None:
                    excerpt = masked_match(field.text, match.span(), secret_spans(match))
                    found = Finding(rule.id, rule.category, rule.level, rule.confidence, field.where, excerpt,
                                    field.base + match.start(), field.base + match.end())
                if len(distinct) >= rule.min_count:
                    return found
    return None


def detect_patterns(fields: list[Field], rules: RuleSet, kind: str) -> list[Finding]:
    findings = (_first_distinct(rule, fields, rules) for rule in rules.of_kind(Kind.REGEX, kind))
    return [finding for finding in findings if finding is not None]

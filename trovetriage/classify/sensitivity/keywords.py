"""Content cues: a rule fires when several distinct cue words (or cue patterns) occur.

One word ("embassy", "tender") says little; several distinct ones (a note verbale to an
embassy about a memorandum of understanding) say what the item is. `min_count` distinct cues make
the finding, `strong_count` raise its confidence one step.
"""

from __future__ import annotations

from trovetriage.classify.sensitivity.excerpts import clean
from trovetriage.classify.sensitivity.matching import first
from trovetriage.classify.sensitivity.ruleset import RuleSet
from trovetriage.classify.sensitivity.scan import Scanned
from trovetriage.classify.sensitivity.schema import Kind, Rule, step_up
from trovetriage.core.classification import Finding

SHOWN_CUES = 6

Cue = tuple[str, str, int, int]  # where, text as written, start, end


def _finding(rule: Rule, cues: dict[str, Cue]) -> Finding:
    confidence = rule.confidence
    if rule.strong_count and len(cues) >= rule.strong_count:
        confidence = step_up(confidence)
    shown = [clean(text, 40) for _, text, _, _ in list(cues.values())[:SHOWN_CUES]]
    more = f" (+{len(cues) - SHOWN_CUES} more)" if len(cues) > SHOWN_CUES else ""
    where, _, start, end = next(iter(cues.values()))
    return Finding(rule.id, rule.category, rule.level, confidence, where, f"cues: {', '.join(shown)}{more}",
                   start, end)


def detect_keywords(scanned_fields: list[Scanned], rules: RuleSet, kind: str) -> list[Finding]:
    cues: dict[str, dict[str, Cue]] = {}
    active = {rule.id: rule for rule in rules.of_kind(Kind.KEYWORDS, kind)}
    for scanned in scanned_fields:
        field = scanned.field
        if field.name == "metadata":
            continue
        owners = rules.term_rules(Kind.KEYWORDS, kind, field.name)
        for hit in scanned.hits:
            rule = owners.get(hit.key)
            if rule is None:
                continue
            found = cues.setdefault(rule.id, {})
            if hit.key not in found:
                low, high = field.folded.span(hit.start, hit.end)
                found[hit.key] = (field.where, field.text[low:high], field.base + low, field.base + high)
        for rule in active.values():
            if field.name not in rule.fields:
                continue
            for number, pattern in enumerate(rules.patterns[rule.id]):
                key = f"\x00pattern{number}"
                if key in cues.get(rule.id, {}):
                    continue
                match = first(pattern, field.text)
                if match is not None:
                    cues.setdefault(rule.id, {})[key] = (field.where, match.group(), field.base + match.start(),
                                                         field.base + match.end())
    return [_finding(active[rule_id], found) for rule_id, found in cues.items()
            if len(found) >= active[rule_id].min_count]
